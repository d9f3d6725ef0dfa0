import Network

/// A network rescaled so that every Dense and Conv2D layer's weights span ±``range``, computing
/// the same classification: each matrix layer l is multiplied by cₗ = range/bₗ, bₗ its weights'
/// bound (max|w|, or ``TrainingConfiguration/weightClipSigma``·σ when clipping makes that
/// smaller), and every value downstream carries the product of the factors before it — biases
/// are multiplied by their layer's output scale, a BatchNorm's running mean, variance and ε by its
/// input scale and its square (so it computes exactly what it did, and its output is back at
/// scale 1). ReLU, pooling, Flatten and Reshape are positively homogeneous and pass the scale on;
/// the logits come out multiplied by ``logitScale`` (the arg max, the classification, is unchanged).
///
/// Why: an aihwkit analog tile (executionModel `analogTile`) does not rescale its weights
/// (aihwkit 1.1's default `weight_scaling_omega` = 0), so its output noise and output bound
/// (``TilePeriphery/outputNoise``, ``TilePeriphery/outputBound``) are in the network's own
/// weight units: a layer whose weights span ±0.05 sees the output noise 20 times larger, relative
/// to its signal, than the same layer scaled to ±1, and drift compensation multiplies it again by
/// the drift gain. Range 1 is aihwkit's own convention for a tile that maps its weights
/// (`weight_scaling_omega` = 1 in its hardware-aware presets: the largest weight on G_max).
public struct WeightRangeScaling: Sendable {
    /// The network with its matrix layers scaled.
    public let network: Network
    /// The range ±R the weights were scaled to.
    public let range: Double
    /// The factor cₗ of every matrix layer, in node order.
    public let layerScales: [Double]
    /// The factor the network's output (the logits) carries.
    public let logitScale: Double
    /// The factor every parameter array carries, `[node][array]` in ``Layer/parameters`` order:
    /// a matrix layer's weight cₗ and its bias the layer's output scale; 1 for every other array
    /// (a BatchNorm's γ and β act on values back at scale 1). ``Trainer`` takes it to train the
    /// scaled network as the unscaled one would be trained.
    public let parameterScales: [[Float]]

    /// The scaling of `network` to weights in ±`range` (> 0), the bound of each layer taken after
    /// clipping at `clipSigma` standard deviations (0: no clipping). Throws
    /// ``WeightRangeScalingError`` where the graph would compute something else rescaled: a
    /// layer that is not positively homogeneous (Softmax, a pointwise function, arithmetic) on a
    /// scaled value, or an Add or Concat of values at different scales.
    public init(_ network: Network, range: Double, clipSigma: Float) throws {
        precondition(range > 0 && range.isFinite, "weight range \(range)")
        var scaleOf = [network.inputName: 1.0]
        var layers = network.nodes.map(\.layer)
        var layerScales: [Double] = []
        var parameterScales = network.nodes.map { $0.layer.parameters.map { _ in Float(1) } }
        for (index, node) in network.nodes.enumerated() {
            let inputs = node.inputs.map { scaleOf[$0]! }
            let input = inputs[0]
            var output = input
            switch node.layer {
            case .dense, .conv2D:
                // parameters: the weight (row-major) and the bias.
                let parameters = node.layer.parameters
                let factor = range / Self.bound(parameters[0], clipSigma: clipSigma)
                output = input * factor
                layers[index] = node.layer.replacingParameters([parameters[0].map { $0 * Float(factor) }, parameters[1].map { $0 * Float(output) }])
                layerScales.append(factor)
                parameterScales[index] = [Float(factor), Float(output)]
            case .batchNorm(var normalization):
                let (linear, square) = (Float(input), Float(input * input))
                normalization.mean = normalization.mean.map { $0 * linear }
                normalization.variance = normalization.variance.map { $0 * square }
                normalization.epsilon *= square
                layers[index] = .batchNorm(normalization)
                output = 1
            case .relu, .pool, .globalAveragePool, .flatten, .reshape, .slice, .transpose:
                break
            case .pad(_, _, let value) where value == 0:
                break
            case .add, .concat:
                if let other = inputs.first(where: { !Self.same($0, input) }) {
                    throw WeightRangeScalingError.mixedScales(node: node.name, scales: (input, other))
                }
            case .softmax, .pointwise, .arithmetic, .pad:
                if !Self.same(input, 1) { throw WeightRangeScalingError.notHomogeneous(node: node.name, kind: node.layer.kindName) }
            }
            scaleOf[node.output] = output
        }
        self.network = network.replacingLayers(layers)
        self.range = range
        self.layerScales = layerScales
        self.parameterScales = parameterScales
        self.logitScale = scaleOf[network.outputName]!
    }

    /// The bound the mapping will put at the edge of the range: max|w| of the weights `weight`, or
    /// `clipSigma`·σ of them (``Trainer``'s layer-Gaussian clipping) when that is smaller.
    static func bound(_ weight: [Float], clipSigma: Float) -> Double {
        var clipped = weight
        if clipSigma > 0 { Trainer.clip(&clipped, sigmas: clipSigma) }
        return max(Double(clipped.reduce(Float(0)) { max($0, abs($1)) }), 1e-30)
    }

    /// Whether two scales are equal to float precision.
    private static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(abs(a), abs(b)) }
}
