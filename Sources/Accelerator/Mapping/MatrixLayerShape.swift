import Network

/// The shape of one Conv2D/Dense layer's matrix product, all the mapper needs: a K × N weight
/// matrix (K = C_in·k_h·k_w for a convolution, unrolled as im2col) applied to
/// ``vectorsPerImage`` input vectors per image (1 for Dense, OH·OW for Conv2D). A grouped
/// convolution of G = ``groups`` groups is one block-diagonal K × N matrix (K = C_in·k_h·k_w),
/// of which only K/G × N elements are weights.
public struct MatrixLayerShape: Sendable, Equatable {
    /// Layer name.
    public let name: String
    /// Whether the layer is a convolution (for reports).
    public let isConvolution: Bool
    /// K, rows of the weight matrix (inputs per vector).
    public let inputSize: Int
    /// N, columns of the weight matrix (outputs per vector).
    public let outputSize: Int
    /// Matrix-vector products per image.
    public let vectorsPerImage: Int
    /// G, the groups of a grouped convolution (1 otherwise); it divides K and N.
    public let groups: Int
    /// Whether the layer is a depthwise convolution: G = C_in > 1 groups of one input channel.
    public let isDepthwise: Bool

    /// A shape; all sizes must be at least 1.
    public init(
        name: String, isConvolution: Bool, inputSize: Int, outputSize: Int, vectorsPerImage: Int, groups: Int = 1, isDepthwise: Bool = false
    ) {
        precondition(inputSize > 0 && outputSize > 0 && vectorsPerImage > 0, "layer \(name) has an empty matrix product")
        precondition(groups >= 1 && inputSize % groups == 0 && outputSize % groups == 0, "layer \(name): \(groups) groups do not divide \(inputSize)×\(outputSize)")
        self.groups = groups
        self.isDepthwise = isDepthwise
        self.name = name
        self.isConvolution = isConvolution
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.vectorsPerImage = vectorsPerImage
    }

    /// The shape of a quantized layer.
    public init(_ layer: QuantizedMatrixLayer) {
        switch layer.kind {
        case .dense:
            self.init(name: layer.name, isConvolution: false, inputSize: layer.inputSize, outputSize: layer.outputSize, vectorsPerImage: 1)
        case .conv2D(let inChannels, _, _, _, let height, let width):
            self.init(
                name: layer.name, isConvolution: true, inputSize: layer.inputSize, outputSize: layer.outputSize,
                vectorsPerImage: height * width, groups: layer.groups, isDepthwise: layer.groups > 1 && layer.groups == inChannels)
        }
    }

    /// Weight elements, K/G·N (biases excluded; Sze et al. 2017, Table II's convention).
    public var weights: Int { inputSize / groups * outputSize }

    /// Multiply-accumulates of the network per image, K/G·N·vectors (C_in/G·k_h·k_w per
    /// convolution output, the input size per dense output; Sze et al. 2017, Table II).
    public var macsPerImage: Int { weights * vectorsPerImage }
}
