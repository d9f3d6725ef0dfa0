import Numerics

/// What a node of a ``Network`` computes. Shapes are NCHW; every layer works on a batch.
public enum Layer: Sendable {
    /// A fully connected layer on `[B, F]`.
    case dense(Dense)
    /// A 2-D convolution on `[B, C, H, W]`.
    case conv2D(Conv2D)
    /// Max or average pooling on `[B, C, H, W]`.
    case pool(Pool2D)
    /// The mean of each channel: `[B, C, H, W]` → `[B, C, 1, 1]`.
    case globalAveragePool
    /// max(x, 0).
    case relu
    /// `[B, d₁, d₂, …]` → `[B, d₁·d₂·…]`.
    case flatten
    /// Reinterprets each sample as the given shape (same element count, batch kept). As in
    /// ONNX `Reshape`, an entry 0 copies the sample's dimension at that position and one entry
    /// may be −1, inferred from the element count.
    case reshape([Int])
    /// Element-wise sum of two tensors of the same shape (a residual connection).
    case add
    /// Inference batch normalization over axis 1.
    case batchNorm(BatchNorm)
    /// Softmax over axis 1 of `[B, C]`.
    case softmax
    /// A function of every element (Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, LeakyRelu).
    case pointwise(PointwiseFunction)
    /// Add, Sub, Mul or Div with broadcasting, of two inputs or of one and a constant.
    case arithmetic(ElementwiseArithmetic)
    /// `inputs` tensors joined along per-sample axis `axis` (0: channels).
    case concat(axis: Int, inputs: Int)
    /// Elements `range` of per-sample axis `axis` (Slice with step 1, or one output of Split).
    case slice(axis: Int, range: Range<Int>)
    /// The per-sample axes permuted: output axis i is input axis `permutation[i]` (Transpose).
    case transpose(permutation: [Int])
    /// `before[i]` and `after[i]` elements of `value` added around per-sample axis i (Pad, constant mode).
    case pad(before: [Int], after: [Int], value: Float)

    /// Number of inputs the layer takes.
    public var inputCount: Int {
        switch self {
        case .add: 2
        case .arithmetic(let arithmetic): arithmetic.inputCount
        case .concat(_, let inputs): inputs
        default: 1
        }
    }

    /// Whether the layer is a matrix product (``Dense`` or ``Conv2D``): the layers an analog
    /// accelerator maps onto crossbars.
    public var isMatrixLayer: Bool {
        switch self {
        case .dense, .conv2D: true
        default: false
        }
    }

    /// Whether the layer only moves elements (the integer pass keeps their integers and
    /// scale): Flatten, Reshape, Transpose, Slice, and Pad with the value 0.
    public var movesDataOnly: Bool {
        switch self {
        case .flatten, .reshape, .transpose, .slice: true
        case .pad(_, _, let value): value == 0
        default: false
        }
    }

    /// Whether ``Trainer`` can train through the layer (backpropagation is implemented).
    var isTrainable: Bool {
        switch self {
        case .dense, .pool, .globalAveragePool, .relu, .flatten, .reshape, .add, .batchNorm, .softmax: true
        case .conv2D(let conv): conv.groups == 1
        case .pointwise, .arithmetic, .concat, .slice, .transpose, .pad: false
        }
    }

    /// A short name of the operation, for messages and reports.
    public var kindName: String {
        switch self {
        case .dense: "Dense"
        case .conv2D: "Conv2D"
        case .pool(let pool): pool.kind == .max ? "MaxPool2D" : "AvgPool2D"
        case .globalAveragePool: "GlobalAveragePool"
        case .relu: "ReLU"
        case .flatten: "Flatten"
        case .reshape: "Reshape"
        case .add: "Add"
        case .batchNorm: "BatchNorm"
        case .softmax: "Softmax"
        case .pointwise(let function): function.operatorName
        case .arithmetic(let arithmetic): arithmetic.operation.rawValue
        case .concat: "Concat"
        case .slice: "Slice"
        case .transpose: "Transpose"
        case .pad: "Pad"
        }
    }

    /// Checks parameters that do not depend on the input shape.
    func validate(node: String) throws {
        switch self {
        case .dense(let dense): try dense.validate(node: node)
        case .conv2D(let conv): try conv.validate(node: node)
        case .batchNorm(let norm): try norm.validate(node: node)
        case .pool(let pool): try pool.window.validate(node: node)
        case .reshape(let shape):
            guard !shape.isEmpty && shape.allSatisfy({ $0 >= -1 }) && shape.filter({ $0 == -1 }).count <= 1 else {
                throw NetworkError.invalidParameter(
                    node: node, field: "target shape", value: "\(shape)", allowed: "dimensions ≥ 0, at most one −1")
            }
        case .concat(let axis, let inputs):
            guard axis >= 0 && inputs >= 1 else {
                throw NetworkError.invalidParameter(node: node, field: "concatenation", value: "axis \(axis) of \(inputs) inputs", allowed: "a per-sample axis ≥ 0, at least 1 input")
            }
        case .slice(let axis, let range):
            guard axis >= 0 && range.lowerBound >= 0 && !range.isEmpty else {
                throw NetworkError.invalidParameter(node: node, field: "slice", value: "axis \(axis), elements \(range)", allowed: "a per-sample axis ≥ 0 and a non-empty range from 0")
            }
        case .transpose(let permutation):
            guard permutation.sorted() == Array(permutation.indices) else {
                throw NetworkError.invalidParameter(node: node, field: "permutation", value: "\(permutation)", allowed: "a permutation of the per-sample axes")
            }
        case .pad(let before, let after, let value):
            guard before.count == after.count, (before + after).allSatisfy({ (0...1024).contains($0) }), value.isFinite else {
                throw NetworkError.invalidParameter(node: node, field: "padding", value: "\(before), \(after), value \(value)", allowed: "0…1024 before and after each axis, a finite value")
            }
        case .arithmetic(let arithmetic):
            if let constant = arithmetic.constant, !constant.elements.allSatisfy(\.isFinite) {
                throw NetworkError.nonFiniteParameter(node: node, parameter: "constant operand")
            }
        case .globalAveragePool, .relu, .flatten, .add, .softmax, .pointwise: break
        }
    }

    /// The per-sample output shape for the per-sample input shapes.
    func outputShape(_ inputs: [[Int]], node: String) throws -> [Int] {
        let input = inputs[0]
        switch self {
        case .dense(let dense): return try dense.outputShape(input, node: node)
        case .conv2D(let conv): return try conv.outputShape(input, node: node)
        case .pool(let pool): return try pool.outputShape(input, node: node)
        case .batchNorm(let norm): return try norm.outputShape(input, node: node)
        case .globalAveragePool:
            guard input.count == 3 else {
                throw NetworkError.shapeMismatch(node: node, reason: "global average pooling needs samples of shape [C, H, W], got \(input)")
            }
            return [input[0], 1, 1]
        case .relu, .pointwise: return input
        case .arithmetic(let arithmetic): return try arithmetic.outputShape(inputs, node: node)
        case .concat(let axis, _):
            guard inputs.allSatisfy({ $0.count == input.count && axis < $0.count }),
                inputs.allSatisfy({ shape in shape.indices.allSatisfy { $0 == axis || shape[$0] == input[$0] } })
            else {
                throw NetworkError.shapeMismatch(node: node, reason: "cannot concatenate shapes \(inputs) along axis \(axis) of each sample")
            }
            var shape = input
            shape[axis] = inputs.reduce(0) { $0 + $1[axis] }
            return shape
        case .slice(let axis, let range):
            guard axis < input.count, range.upperBound <= input[axis] else {
                throw NetworkError.shapeMismatch(node: node, reason: "cannot take elements \(range) of axis \(axis) of samples of shape \(input)")
            }
            var shape = input
            shape[axis] = range.count
            return shape
        case .transpose(let permutation):
            guard permutation.count == input.count else {
                throw NetworkError.shapeMismatch(node: node, reason: "permutation \(permutation) of samples of shape \(input)")
            }
            return permutation.map { input[$0] }
        case .pad(let before, let after, _):
            guard before.count == input.count else {
                throw NetworkError.shapeMismatch(node: node, reason: "padding of \(before.count) axes for samples of shape \(input)")
            }
            return input.indices.map { input[$0] + before[$0] + after[$0] }
        case .flatten: return [input.reduce(1, *)]
        case .reshape(let target):
            let failure = NetworkError.shapeMismatch(node: node, reason: "cannot reshape samples of shape \(input) to \(target)")
            var shape = try target.enumerated().map { index, dim in
                guard dim == 0 else { return dim }
                guard index < input.count else { throw failure }
                return input[index]
            }
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            let count = input.reduce(1, *)
            if let inferred = shape.firstIndex(of: -1) {
                guard known > 0 && count % known == 0 else { throw failure }
                shape[inferred] = count / known
            }
            guard shape.reduce(1, *) == count && shape.allSatisfy({ $0 >= 1 }) else { throw failure }
            return shape
        case .add:
            guard inputs[0] == inputs[1] else {
                throw NetworkError.shapeMismatch(node: node, reason: "adds tensors of shapes \(inputs[0]) and \(inputs[1])")
            }
            return input
        case .softmax:
            guard input.count == 1 else {
                throw NetworkError.shapeMismatch(node: node, reason: "softmax needs samples of shape [C], got \(input)")
            }
            return input
        }
    }

    /// The layer applied to a batch; `threads` bounds the threads of its matrix products.
    func forward(_ inputs: [Tensor<Float>], outputShape: [Int], threads: Int?) -> Tensor<Float> {
        let input = inputs[0]
        switch self {
        case .dense(let dense): return dense.forward(input, threads: threads)
        case .conv2D(let conv): return conv.forward(input, threads: threads)
        case .pool(let pool): return pool.forward(input)
        case .batchNorm(let norm): return norm.forward(input)
        case .globalAveragePool: return Activation.globalAveragePool(input)
        case .relu: return Activation.relu(input)
        case .flatten, .reshape: return input.reshaped([input.batchSize] + outputShape)
        case .add:
            var sum = input
            sum.withUnsafeMutableBufferPointer { s in
                inputs[1].withUnsafeBufferPointer { other in
                    for i in 0..<s.count { s[i] += other[i] }
                }
            }
            return sum
        case .softmax: return Activation.softmax(input)
        case .pointwise(let function): return function.forward(input)
        case .arithmetic(let arithmetic): return arithmetic.forward(inputs, outputShape: outputShape)
        case .concat(let axis, _): return TensorRearrangement.concatenate(inputs, axis: axis)
        case .slice(let axis, let range): return TensorRearrangement.slice(input, axis: axis, range: range)
        case .transpose(let permutation): return TensorRearrangement.transpose(input, permutation: permutation)
        case .pad(let before, let after, let value): return TensorRearrangement.pad(input, before: before, after: after, value: value)
        }
    }

    /// Gradients with respect to each of ``parameters`` (same order) and each input, given the
    /// inputs, the output and the gradient of the loss with respect to the output. Dense and
    /// Conv2D skip their input gradient (returning none) unless `needsInputs`. Only for
    /// ``isTrainable`` layers (``Trainer`` checks).
    func backward(
        inputs: [Tensor<Float>], output: Tensor<Float>, outputGradient dy: Tensor<Float>, needsInputs: Bool, threads: Int?
    ) -> (inputs: [Tensor<Float>], parameters: [[Float]]) {
        let input = inputs[0]
        switch self {
        case .dense(let dense):
            let g = dense.backward(input: input, outputGradient: dy, needsInput: needsInputs, threads: threads)
            return (g.input.map { [$0] } ?? [], [g.weight.elements, g.bias])
        case .conv2D(let conv):
            let g = conv.backward(input: input, outputGradient: dy, needsInput: needsInputs, threads: threads)
            return (g.input.map { [$0] } ?? [], [g.weight.elements, g.bias])
        case .batchNorm(let norm):
            let g = norm.backward(input: input, outputGradient: dy)
            return ([g.input], [g.scale, g.offset])
        case .pool(let pool): return ([pool.backward(input: input, outputGradient: dy)], [])
        case .globalAveragePool: return ([Activation.globalAveragePoolBackward(inputShape: input.shape, outputGradient: dy)], [])
        case .relu: return ([Activation.reluBackward(output: output, outputGradient: dy)], [])
        case .flatten, .reshape: return ([dy.reshaped(input.shape)], [])
        case .add: return ([dy, dy], [])
        case .softmax: return ([Activation.softmaxBackward(output: output, outputGradient: dy)], [])
        case .pointwise, .arithmetic, .concat, .slice, .transpose, .pad: preconditionFailure("\(kindName) is not trainable")
        }
    }

    /// The trainable parameters as flat arrays: weight (row-major) and bias for Dense and
    /// Conv2D, scale and offset for BatchNorm, none otherwise.
    public var parameters: [[Float]] {
        switch self {
        case .dense(let dense): [dense.weight.elements, dense.bias]
        case .conv2D(let conv): [conv.weight.elements, conv.bias]
        case .batchNorm(let norm): [norm.scale, norm.offset]
        default: []
        }
    }

    /// The same layer with its trainable parameters replaced (same order and sizes as
    /// ``parameters``).
    public func replacingParameters(_ values: [[Float]]) -> Layer {
        precondition(values.count == parameters.count && zip(values, parameters).allSatisfy { $0.count == $1.count }, "parameter shapes differ")
        switch self {
        case .dense(var dense):
            dense.weight = Matrix(rows: dense.weight.rows, columns: dense.weight.columns, elements: values[0])
            dense.bias = values[1]
            return .dense(dense)
        case .conv2D(var conv):
            conv.weight = Matrix(rows: conv.weight.rows, columns: conv.weight.columns, elements: values[0])
            conv.bias = values[1]
            return .conv2D(conv)
        case .batchNorm(var norm):
            norm.scale = values[0]
            norm.offset = values[1]
            return .batchNorm(norm)
        default:
            return self
        }
    }
}
