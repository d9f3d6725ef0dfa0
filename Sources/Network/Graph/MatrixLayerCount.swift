/// The size of one matrix layer (Conv2D or Dense) of a ``Network``, per inference: its weights
/// and its multiply-accumulates, by the usual convention (Sze et al., "Efficient processing of
/// deep neural networks: a tutorial and survey", Proc. IEEE 105(12), 2017, Table II):
/// - weights: the elements of the weight tensor, biases excluded — C_out·C_in/G·k_h·k_w for a
///   convolution of G groups, inputs·outputs for a fully connected layer;
/// - MACs: C_in/G·k_h·k_w per convolution output element (C_out·OH·OW of them), the input size
///   per fully connected output.
public struct MatrixLayerCount: Sendable, Equatable {
    /// Node name.
    public let name: String
    /// Whether the layer is a convolution.
    public let isConvolution: Bool
    /// Weight elements.
    public let weights: Int
    /// Multiply-accumulates per inference.
    public let multiplyAccumulates: Int
}

extension Network {
    /// Weights and MACs of every matrix layer, in node order.
    public var matrixLayerCounts: [MatrixLayerCount] {
        nodes.compactMap { node in
            switch node.layer {
            case .dense(let dense):
                return MatrixLayerCount(
                    name: node.name, isConvolution: false, weights: dense.weight.elements.count, multiplyAccumulates: dense.weight.elements.count)
            case .conv2D(let conv):
                let output = shapes[node.output]!
                return MatrixLayerCount(
                    name: node.name, isConvolution: true, weights: conv.weight.elements.count,
                    multiplyAccumulates: conv.weight.elements.count * output[1] * output[2])
            default:
                return nil
            }
        }
    }

    /// Total weights of the matrix layers.
    public var weightCount: Int { matrixLayerCounts.reduce(0) { $0 + $1.weights } }

    /// Total multiply-accumulates per inference of the matrix layers.
    public var multiplyAccumulateCount: Int { matrixLayerCounts.reduce(0) { $0 + $1.multiplyAccumulates } }
}
