import Numerics

/// A fully connected layer, y = x·W + b, on inputs `[B, inFeatures]`.
///
/// The weight is stored `inFeatures × outFeatures` (K × N), the layout of the integer matrix
/// the accelerator maps onto crossbar columns; ONNX `Gemm` with `transB = 1` (PyTorch's
/// `Linear`) holds its transpose.
public struct Dense: Sendable {
    /// Weights, `inFeatures × outFeatures`.
    public var weight: Matrix<Float>
    /// Biases, one per output feature.
    public var bias: [Float]

    /// A layer with the given weights (`inFeatures × outFeatures`) and biases.
    public init(weight: Matrix<Float>, bias: [Float]) {
        self.weight = weight
        self.bias = bias
    }

    /// Number of input features (K).
    public var inFeatures: Int { weight.rows }
    /// Number of output features (N).
    public var outFeatures: Int { weight.columns }

    /// Checks the bias length and that every parameter is finite.
    func validate(node: String) throws {
        guard bias.count == outFeatures else {
            throw NetworkError.shapeMismatch(node: node, reason: "\(bias.count) biases for \(outFeatures) outputs")
        }
        guard weight.elements.allSatisfy(\.isFinite) else { throw NetworkError.nonFiniteParameter(node: node, parameter: "weight") }
        guard bias.allSatisfy(\.isFinite) else { throw NetworkError.nonFiniteParameter(node: node, parameter: "bias") }
    }

    /// The per-sample output shape for a per-sample input shape.
    func outputShape(_ input: [Int], node: String) throws -> [Int] {
        guard input == [inFeatures] else {
            throw NetworkError.shapeMismatch(node: node, reason: "a dense layer of \(inFeatures) inputs gets samples of shape \(input)")
        }
        return [outFeatures]
    }

    /// y = x·W + b for a batch `[B, inFeatures]`.
    func forward(_ input: Tensor<Float>, threads: Int?) -> Tensor<Float> {
        var output = Matrix<Float>(rows: input.batchSize, columns: outFeatures)
        GEMM.multiply(input.matrix.view, weight.view, into: &output, threads: threads)
        MatrixBias.add(bias, to: &output)
        return Tensor(output)
    }

    /// Gradients with respect to the weight, the bias and (when `needsInput`) the input.
    func backward(
        input: Tensor<Float>, outputGradient: Tensor<Float>, needsInput: Bool, threads: Int?
    ) -> (input: Tensor<Float>?, weight: Matrix<Float>, bias: [Float]) {
        let dy = outputGradient.matrix
        var dw = Matrix<Float>(rows: inFeatures, columns: outFeatures)
        GEMM.multiply(input.matrix.view, transposeA: true, dy.view, into: &dw, threads: threads)
        guard needsInput else { return (nil, dw, MatrixBias.columnSums(dy)) }
        var dx = Matrix<Float>(rows: input.batchSize, columns: inFeatures)
        GEMM.multiply(dy.view, weight.transposed.view, into: &dx, threads: threads)
        return (Tensor(dx).reshaped(input.shape), dw, MatrixBias.columnSums(dy))
    }
}
