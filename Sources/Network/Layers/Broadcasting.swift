/// NumPy/ONNX multidirectional broadcasting of per-sample shapes: shapes are aligned at their
/// last axis, missing leading axes count as 1, and each axis must be equal or 1 in each operand.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`, or `nil` if they do not broadcast.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let a = Array(repeating: 1, count: rank - a.count) + a
        let b = Array(repeating: 1, count: rank - b.count) + b
        var result = [Int]()
        for (x, y) in zip(a, b) {
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// For every element of a tensor of `output` shape (row-major), the index of the element of
    /// a tensor of `input` shape (which broadcasts to `output`) it reads.
    static func sourceIndices(of input: [Int], in output: [Int]) -> [Int] {
        let input = Array(repeating: 1, count: output.count - input.count) + input
        let strides = zip(input, TensorRearrangement.strides(input)).map { $0 == 1 ? 0 : $1 }
        return TensorRearrangement.offsets(shape: output, strides: strides)
    }
}
