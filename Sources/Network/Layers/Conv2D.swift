import Numerics

/// A 2-D convolution (cross-correlation, dilation 1, one group) on NCHW inputs, computed as
/// im2col followed by a matrix product: `Y = im2col(X)·W + b`.
///
/// The weight is stored `(inChannels·kernelHeight·kernelWidth) × outChannels` (K × N), row
/// `c·kH·kW + i·kW + j` holding kernel tap (c, i, j) — ONNX's `[outChannels, inChannels, kH, kW]`
/// transposed. This is the matrix a crossbar holds; inputs are the im2col rows.
public struct Conv2D: Sendable {
    /// Input channels.
    public let inChannels: Int
    /// Kernel size, strides and padding.
    public let window: WindowGeometry
    /// Weights, `(inChannels·kH·kW) × outChannels`.
    public var weight: Matrix<Float>
    /// Biases, one per output channel.
    public var bias: [Float]

    /// A convolution with the given weights and biases.
    public init(inChannels: Int, window: WindowGeometry, weight: Matrix<Float>, bias: [Float]) {
        self.inChannels = inChannels
        self.window = window
        self.weight = weight
        self.bias = bias
    }

    /// Output channels (N).
    public var outChannels: Int { weight.columns }

    /// Checks shapes, the window and that every parameter is finite.
    func validate(node: String) throws {
        try window.validate(node: node)
        guard weight.rows == inChannels * window.kernelHeight * window.kernelWidth else {
            throw NetworkError.shapeMismatch(
                node: node,
                reason: "\(weight.rows) weight rows for \(inChannels) channels of \(window.kernelHeight)×\(window.kernelWidth) kernels")
        }
        guard bias.count == outChannels else {
            throw NetworkError.shapeMismatch(node: node, reason: "\(bias.count) biases for \(outChannels) output channels")
        }
        guard weight.elements.allSatisfy(\.isFinite) else { throw NetworkError.nonFiniteParameter(node: node, parameter: "weight") }
        guard bias.allSatisfy(\.isFinite) else { throw NetworkError.nonFiniteParameter(node: node, parameter: "bias") }
    }

    /// The per-sample output shape `[outChannels, OH, OW]` for an input `[inChannels, H, W]`.
    func outputShape(_ input: [Int], node: String) throws -> [Int] {
        guard input.count == 3 && input[0] == inChannels else {
            throw NetworkError.shapeMismatch(node: node, reason: "a convolution of \(inChannels) input channels gets samples of shape \(input)")
        }
        guard let size = window.outputSize(height: input[1], width: input[2]) else {
            throw NetworkError.shapeMismatch(node: node, reason: "the kernel does not fit an input of \(input[1])×\(input[2])")
        }
        return [outChannels, size.height, size.width]
    }

    /// The convolution of a batch `[B, inChannels, H, W]`.
    func forward(_ input: Tensor<Float>, threads: Int?) -> Tensor<Float> {
        let columns = window.im2col(input)
        var product = Matrix<Float>(rows: columns.rows, columns: outChannels)
        GEMM.multiply(columns.view, weight.view, into: &product, threads: threads)
        MatrixBias.add(bias, to: &product)
        let size = window.outputSize(height: input.shape[2], width: input.shape[3])!
        return WindowGeometry.rowsToChannels(product, batch: input.batchSize, height: size.height, width: size.width)
    }

    /// Gradients with respect to the weight, the bias and (when `needsInput`) the input.
    func backward(
        input: Tensor<Float>, outputGradient: Tensor<Float>, needsInput: Bool, threads: Int?
    ) -> (input: Tensor<Float>?, weight: Matrix<Float>, bias: [Float]) {
        let columns = window.im2col(input)
        let dy = WindowGeometry.channelsToRows(outputGradient)
        var dw = Matrix<Float>(rows: weight.rows, columns: outChannels)
        GEMM.multiply(columns.view, transposeA: true, dy.view, into: &dw, threads: threads)
        guard needsInput else { return (nil, dw, MatrixBias.columnSums(dy)) }
        var dColumns = Matrix<Float>(rows: columns.rows, columns: weight.rows)
        GEMM.multiply(dy.view, weight.transposed.view, into: &dColumns, threads: threads)
        return (window.col2im(dColumns, inputShape: input.shape), dw, MatrixBias.columnSums(dy))
    }
}
