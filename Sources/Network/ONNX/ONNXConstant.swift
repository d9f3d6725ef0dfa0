/// A constant tensor of the ONNX graph during import — an initializer, a `Constant`, or a value
/// computed from constants and from the shapes of computed tensors (the `Shape` → `Gather` →
/// `Unsqueeze` → `Concat` chains PyTorch emits for `flatten`, `view` and `chunk`, and the pads
/// of `F.pad`). Folding such subgraphs at import leaves only the network's own layers.
///
/// Values are held as `Double` (exact for the integers of shape arithmetic, |v| < 2⁵³), with a
/// flag saying whether the ONNX type is an integer type, which changes `Div` (truncating) and
/// what `Cast` produces.
struct ONNXConstant {
    /// The dimensions (empty for a scalar).
    var dims: [Int]
    /// The elements, row-major.
    var values: [Double]
    /// Whether the ONNX element type is an integer type.
    var isInteger: Bool

    /// The value of a graph tensor.
    init(_ tensor: ONNXProto.Tensor, file: String) throws {
        dims = tensor.dims
        switch ONNXProto.DataType(rawValue: tensor.dataType) {
        case .int64, .int32:
            values = try tensor.integers(file: file).map(Double.init)
            isInteger = true
        default:
            values = try tensor.floats(file: file).map(Double.init)
            isInteger = false
        }
    }

    /// A constant with the given contents.
    init(dims: [Int], values: [Double], isInteger: Bool) {
        precondition(dims.reduce(1, *) == values.count)
        self.dims = dims
        self.values = values
        self.isInteger = isInteger
    }

    /// The elements as integers.
    var integers: [Int] { values.map { Int($0) } }

    /// The elements as `Float`.
    var floats: [Float] { values.map { Float($0) } }

    /// `axis` in 0..<rank from an ONNX axis that may count from the end.
    static func normalize(_ axis: Int, rank: Int) -> Int? {
        let normalized = axis < 0 ? axis + rank : axis
        return (0..<max(rank, 1)).contains(normalized) ? normalized : nil
    }

    /// The elements of `axis` picked by `indices` (ONNX `Gather`; negative indices count from
    /// the end); `nil` if an index is out of range.
    func gathering(_ indices: ONNXConstant, axis: Int) -> ONNXConstant? {
        guard let axis = Self.normalize(axis, rank: dims.count), !dims.isEmpty else { return nil }
        let (outer, extent, inner) = (dims[..<axis].reduce(1, *), dims[axis], dims[(axis + 1)...].reduce(1, *))
        var picked = [Int]()
        for index in indices.integers {
            let i = index < 0 ? index + extent : index
            guard (0..<extent).contains(i) else { return nil }
            picked.append(i)
        }
        var values = [Double]()
        for o in 0..<outer {
            for i in picked { values += self.values[((o * extent + i) * inner)..<((o * extent + i + 1) * inner)] }
        }
        return ONNXConstant(dims: Array(dims[..<axis]) + indices.dims + Array(dims[(axis + 1)...]), values: values, isInteger: isInteger)
    }

    /// ONNX `Slice` of one axis with a step (negative steps walk backwards), indices clamped as
    /// the operator defines.
    func slicing(axis: Int, start: Int, end: Int, step: Int) -> ONNXConstant? {
        guard let axis = Self.normalize(axis, rank: dims.count), step != 0 else { return nil }
        let indices = Self.sliceIndices(extent: dims[axis], start: start, end: end, step: step)
        let (outer, extent, inner) = (dims[..<axis].reduce(1, *), dims[axis], dims[(axis + 1)...].reduce(1, *))
        var values = [Double]()
        for o in 0..<outer {
            for i in indices { values += self.values[((o * extent + i) * inner)..<((o * extent + i + 1) * inner)] }
        }
        var dims = self.dims
        dims[axis] = indices.count
        return ONNXConstant(dims: dims, values: values, isInteger: isInteger)
    }

    /// The indices ONNX `Slice` takes from an axis of `extent` elements.
    static func sliceIndices(extent: Int, start: Int, end: Int, step: Int) -> [Int] {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(value, low), high) }
        var start = start < 0 ? start + extent : start
        var end = end < 0 ? end + extent : end
        if step > 0 {
            start = clamp(start, 0, extent)
            end = clamp(end, 0, extent)
            return Array(stride(from: start, to: end, by: step))
        }
        start = clamp(start, 0, extent - 1)
        end = clamp(end, -1, extent - 1)
        return Array(stride(from: start, to: end, by: step))
    }

    /// The constant with its axes permuted (ONNX `Transpose`).
    func transposed(_ permutation: [Int]) -> ONNXConstant? {
        guard permutation.sorted() == Array(dims.indices) else { return nil }
        let strides = TensorRearrangement.strides(dims)
        let sources = TensorRearrangement.offsets(shape: permutation.map { dims[$0] }, strides: permutation.map { strides[$0] })
        return ONNXConstant(dims: permutation.map { dims[$0] }, values: sources.map { values[$0] }, isInteger: isInteger)
    }

    /// Element-wise arithmetic with broadcasting; integer division truncates.
    func combined(with other: ONNXConstant, _ op: String) -> ONNXConstant? {
        guard let shape = Broadcasting.shape(dims, other.dims) else { return nil }
        let a = Broadcasting.sourceIndices(of: dims, in: shape), b = Broadcasting.sourceIndices(of: other.dims, in: shape)
        let integer = isInteger && other.isInteger
        var result = [Double]()
        for i in a.indices {
            let (x, y) = (values[a[i]], other.values[b[i]])
            switch op {
            case "Add": result.append(x + y)
            case "Sub": result.append(x - y)
            case "Mul": result.append(x * y)
            case "Div":
                guard !(integer && y == 0) else { return nil }
                result.append(integer ? (x / y).rounded(.towardZero) : x / y)
            default: return nil
            }
        }
        return ONNXConstant(dims: shape, values: result, isInteger: integer)
    }

    /// The ONNX tensor holding this constant (int64 or float32).
    func tensor(name: String) -> ONNXProto.Tensor {
        isInteger
            ? ONNXProto.Tensor(name: name, dims: dims, int64s: values.map { Int64($0) })
            : ONNXProto.Tensor(name: name, dims: dims, floats: floats)
    }
}
