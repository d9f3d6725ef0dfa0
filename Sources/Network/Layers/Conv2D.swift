import Numerics

/// A 2-D convolution (cross-correlation, any dilation, ``groups`` groups) on NCHW inputs,
/// computed as im2col followed by one matrix product per group: `Y_g = im2col(X)_g·W_g + b_g`.
///
/// With G groups, input channels and output channels are split into G equal consecutive
/// blocks; output block g sees only input block g (G = inChannels: depthwise). The weight is
/// stored `(inChannels/G·kernelHeight·kernelWidth) × outChannels` (K_g × N), row
/// `c·kH·kW + i·kW + j` of column n holding tap (c, i, j) of input channel
/// g·inChannels/G + c, g = n / (outChannels/G) — ONNX's `[outChannels, inChannels/G, kH, kW]`
/// transposed. Group g's product uses the im2col columns `g·K_g ..< (g+1)·K_g` (im2col orders
/// columns channel-major) and the weight columns of block g. For one group this is the matrix
/// a crossbar holds; ``QuantizedMatrixLayer`` places the groups' blocks on the diagonal of a
/// `(inChannels·kH·kW) × outChannels` matrix.
public struct Conv2D: Sendable {
    /// Input channels.
    public let inChannels: Int
    /// Kernel size, strides, dilations and padding.
    public let window: WindowGeometry
    /// Groups G (1: an ordinary convolution; inChannels: depthwise).
    public let groups: Int
    /// Weights, `(inChannels/G·kH·kW) × outChannels`.
    public var weight: Matrix<Float>
    /// Biases, one per output channel.
    public var bias: [Float]

    /// A convolution with the given weights and biases.
    public init(inChannels: Int, window: WindowGeometry, groups: Int = 1, weight: Matrix<Float>, bias: [Float]) {
        self.inChannels = inChannels
        self.window = window
        self.groups = groups
        self.weight = weight
        self.bias = bias
    }

    /// Output channels (N).
    public var outChannels: Int { weight.columns }

    /// K_g, the weight rows of one group: inChannels/G·kH·kW.
    public var groupInputSize: Int { weight.rows }

    /// Checks shapes, the window and that every parameter is finite.
    func validate(node: String) throws {
        try window.validate(node: node)
        guard groups >= 1, inChannels % groups == 0, outChannels % groups == 0 else {
            throw NetworkError.invalidParameter(
                node: node, field: "groups", value: "\(groups)", allowed: "a divisor of both \(inChannels) input and \(outChannels) output channels")
        }
        guard weight.rows == inChannels / groups * window.kernelHeight * window.kernelWidth else {
            throw NetworkError.shapeMismatch(
                node: node,
                reason: "\(weight.rows) weight rows for \(inChannels / groups) channels per group of \(window.kernelHeight)×\(window.kernelWidth) kernels")
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
        forward(input) { columns in
            var product = Matrix<Float>(rows: columns.rows, columns: outChannels)
            if groups == 1 {
                GEMM.multiply(columns.view, weight.view, into: &product, threads: threads)
            } else {
                let (k, n) = (groupInputSize, outChannels / groups)
                columns.withUnsafeBufferPointer { a in
                    weight.withUnsafeBufferPointer { b in
                        product.withUnsafeMutableBufferPointer { c in
                            for g in 0..<groups {
                                GEMM.sgemm(
                                    transposeA: false, transposeB: false, m: columns.rows, n: n, k: k, alpha: 1,
                                    a: a.baseAddress! + g * k, lda: columns.columns, b: b.baseAddress! + g * n, ldb: outChannels, beta: 0,
                                    c: c.baseAddress! + g * n, ldc: outChannels, threads: threads)
                            }
                        }
                    }
                }
            }
            return product
        }
    }

    /// The convolution of a batch `[B, inChannels, H, W]` with the product of its im2col matrix
    /// and the weight (without the bias) computed by `product`; the bias is added here.
    func forward(_ input: Tensor<Float>, product: (Matrix<Float>) throws -> Matrix<Float>) rethrows -> Tensor<Float> {
        var result = try product(window.im2col(input))
        MatrixBias.add(bias, to: &result)
        let size = window.outputSize(height: input.shape[2], width: input.shape[3])!
        return WindowGeometry.rowsToChannels(result, batch: input.batchSize, height: size.height, width: size.width)
    }

    /// Gradients with respect to the weight, the bias and (when `needsInput`) the input, for
    /// one group (training supports ungrouped convolutions only).
    func backward(
        input: Tensor<Float>, outputGradient: Tensor<Float>, needsInput: Bool, threads: Int?
    ) -> (input: Tensor<Float>?, weight: Matrix<Float>, bias: [Float]) {
        precondition(groups == 1, "training supports ungrouped convolutions only")
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
