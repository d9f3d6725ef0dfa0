import Numerics

/// Element-wise `Add`, `Sub`, `Mul` or `Div` with NumPy broadcasting, of two computed tensors or
/// of one and a constant: residual sums of unequal shapes, squeeze-and-excitation scaling
/// (`[C, H, W]` × `[C, 1, 1]`), input normalisation (`(x − mean) / std` with `[C, 1, 1]`
/// constants), and the arithmetic of decomposed activations.
///
/// Shapes are per sample (the batch is never broadcast); a constant's shape is its ONNX shape
/// without a leading batch axis of 1 when it has one axis more than the other operand.
public struct ElementwiseArithmetic: Sendable {
    /// The operation.
    public enum Operator: String, Sendable, Equatable {
        case add = "Add", subtract = "Sub", multiply = "Mul", divide = "Div"

        @inline(__always)
        func callAsFunction(_ a: Float, _ b: Float) -> Float {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            }
        }
    }

    /// Add, subtract, multiply or divide.
    public let operation: Operator
    /// The constant operand, or `nil` when both operands are computed (the node's two inputs).
    public let constant: Tensor<Float>?
    /// Whether the constant is the left operand (`constant − x`), else the right (`x − constant`).
    public let constantIsLeft: Bool

    /// An operation; `constant` is `nil` for two computed operands.
    public init(operation: Operator, constant: Tensor<Float>? = nil, constantIsLeft: Bool = false) {
        self.operation = operation
        self.constant = constant
        self.constantIsLeft = constantIsLeft
    }

    /// Computed inputs: 2 without a constant, else 1.
    var inputCount: Int { constant == nil ? 2 : 1 }

    /// The per-sample shapes of the left and right operands for the computed inputs' shapes.
    private func operandShapes(_ inputs: [[Int]]) -> (left: [Int], right: [Int]) {
        guard let constant else { return (inputs[0], inputs[1]) }
        return constantIsLeft ? (constant.shape, inputs[0]) : (inputs[0], constant.shape)
    }

    /// The broadcast per-sample output shape.
    func outputShape(_ inputs: [[Int]], node: String) throws -> [Int] {
        let (left, right) = operandShapes(inputs)
        guard let shape = Broadcasting.shape(left, right) else {
            throw NetworkError.shapeMismatch(node: node, reason: "\(operation.rawValue) of shapes \(left) and \(right), which do not broadcast")
        }
        return shape
    }

    /// The operation on a batch; `outputShape` is the per-sample output shape.
    func forward(_ inputs: [Tensor<Float>], outputShape: [Int]) -> Tensor<Float> {
        let batch = inputs[0].batchSize
        let (leftShape, rightShape) = operandShapes(inputs.map { Array($0.shape.dropFirst()) })
        let leftIndices = Broadcasting.sourceIndices(of: leftShape, in: outputShape)
        let rightIndices = Broadcasting.sourceIndices(of: rightShape, in: outputShape)
        let (leftSize, rightSize) = (leftShape.reduce(1, *), rightShape.reduce(1, *))
        let perSample = outputShape.reduce(1, *)
        // Batch stride of each operand: 0 for the constant, which every sample shares.
        let left: Tensor<Float>, right: Tensor<Float>, leftStride: Int, rightStride: Int
        if let constant {
            (left, right) = constantIsLeft ? (constant, inputs[0]) : (inputs[0], constant)
            (leftStride, rightStride) = constantIsLeft ? (0, rightSize) : (leftSize, 0)
        } else {
            (left, right, leftStride, rightStride) = (inputs[0], inputs[1], leftSize, rightSize)
        }
        var output = [Float](repeating: 0, count: batch * perSample)
        left.withUnsafeBufferPointer { a in
            right.withUnsafeBufferPointer { b in
                for sample in 0..<batch {
                    let (aBase, bBase, outBase) = (sample * leftStride, sample * rightStride, sample * perSample)
                    for i in 0..<perSample { output[outBase + i] = operation(a[aBase + leftIndices[i]], b[bBase + rightIndices[i]]) }
                }
            }
        }
        return Tensor(shape: [batch] + outputShape, elements: output)
    }
}
