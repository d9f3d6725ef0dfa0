import Numerics

/// The data-movement layers — transpose, slice, concatenation and constant padding — on
/// batches of any element type, so that the float and the integer pass share them. Axes are
/// per-sample axes (0 is the first axis after the batch).
enum TensorRearrangement {
    /// Sizes of the axes before `axis`, the axis, and after it, of a per-sample shape.
    private static func split(_ shape: [Int], at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Σ_axis position[axis]·strides[axis] for every position of `shape`, in row-major order.
    static func offsets(shape: [Int], strides: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        var result = [Int]()
        result.reserveCapacity(count)
        var position = [Int](repeating: 0, count: shape.count)
        var offset = 0
        for _ in 0..<count {
            result.append(offset)
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                offset += strides[axis]
                if position[axis] < shape[axis] { break }
                offset -= strides[axis] * position[axis]
                position[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// Every sample with its axes permuted: output axis i is input axis `permutation[i]`.
    static func transpose<T: Numeric & Sendable>(_ input: Tensor<T>, permutation: [Int]) -> Tensor<T> {
        let inputShape = Array(input.shape.dropFirst())
        let outputShape = permutation.map { inputShape[$0] }
        let inputStrides = strides(inputShape)
        let sources = offsets(shape: outputShape, strides: permutation.map { inputStrides[$0] })
        let perSample = inputShape.reduce(1, *)
        var output = [T]()
        output.reserveCapacity(input.count)
        input.withUnsafeBufferPointer { x in
            for sample in 0..<input.batchSize {
                for s in sources { output.append(x[sample * perSample + s]) }
            }
        }
        return Tensor(shape: [input.batchSize] + outputShape, elements: output)
    }

    /// Elements `range` of `axis` of every sample.
    static func slice<T: Numeric & Sendable>(_ input: Tensor<T>, axis: Int, range: Range<Int>) -> Tensor<T> {
        var shape = Array(input.shape.dropFirst())
        let (outer, extent, inner) = split(shape, at: axis)
        shape[axis] = range.count
        var output = [T]()
        output.reserveCapacity(input.batchSize * outer * range.count * inner)
        input.withUnsafeBufferPointer { x in
            for block in 0..<(input.batchSize * outer) {
                let start = (block * extent + range.lowerBound) * inner
                output.append(contentsOf: x[start ..< start + range.count * inner])
            }
        }
        return Tensor(shape: [input.batchSize] + shape, elements: output)
    }

    /// The inputs joined along `axis` of each sample (equal batch and other axes).
    static func concatenate<T: Numeric & Sendable>(_ inputs: [Tensor<T>], axis: Int) -> Tensor<T> {
        var shape = Array(inputs[0].shape.dropFirst())
        let (outer, _, inner) = split(shape, at: axis)
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis + 1] }
        let batch = inputs[0].batchSize
        var output = [T]()
        output.reserveCapacity(batch * shape.reduce(1, *))
        for block in 0..<(batch * outer) {
            for input in inputs {
                let size = input.shape[axis + 1] * inner
                input.withUnsafeBufferPointer { x in output.append(contentsOf: x[block * size ..< (block + 1) * size]) }
            }
        }
        return Tensor(shape: [batch] + shape, elements: output)
    }

    /// Every sample with `before[i]` elements of `value` added before axis i and `after[i]` after.
    static func pad<T: Numeric & Sendable>(_ input: Tensor<T>, before: [Int], after: [Int], value: T) -> Tensor<T> {
        let inputShape = Array(input.shape.dropFirst())
        let outputShape = inputShape.indices.map { inputShape[$0] + before[$0] + after[$0] }
        let perSample = outputShape.reduce(1, *)
        var output = [T](repeating: value, count: input.batchSize * perSample)
        let outputStrides = strides(outputShape)
        let offset = zip(before, outputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        let inputPerSample = inputShape.reduce(1, *)
        let destinations = offsets(shape: inputShape, strides: outputStrides).map { $0 + offset }
        input.withUnsafeBufferPointer { x in
            for sample in 0..<input.batchSize {
                for (i, d) in destinations.enumerated() { output[sample * perSample + d] = x[sample * inputPerSample + i] }
            }
        }
        return Tensor(shape: [input.batchSize] + outputShape, elements: output)
    }
}
