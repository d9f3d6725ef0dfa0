import Foundation
import Numerics

/// Trains a ``Network`` for classification with mini-batch SGD with momentum on the softmax
/// cross-entropy of its output (see ``TrainingConfiguration``).
///
/// Deterministic: the order of the images in epoch e is a Fisher–Yates shuffle drawn from the
/// stream (seed, `train/shuffle/epoch<e>`), and every sum runs in a fixed order, so the result
/// depends on the seed only, not on the thread count.
public struct Trainer: Sendable {
    /// What one epoch achieved.
    public struct EpochReport: Sendable {
        /// Epoch number, from 1.
        public let epoch: Int
        /// Mean training loss over the epoch's steps.
        public let meanLoss: Double
        /// Learning rate at the end of the epoch.
        public let learningRate: Float
    }

    /// The optimizer settings.
    public let configuration: TrainingConfiguration

    /// A trainer.
    public init(configuration: TrainingConfiguration) {
        self.configuration = configuration
    }

    /// The network after training on `dataset`; `afterEpoch` is called with each epoch's
    /// report and the network as it is then, `afterStep` with (steps done, steps) after every step.
    ///
    /// `forwardPass` gives the network each step's forward and backward pass runs on, from the
    /// network being trained and the step's index from 0, and optionally the multiplier its
    /// forward pass computes the Dense/Conv2D products with (by default the network itself and
    /// its own products). Hardware-aware training returns it with the weights the chip would
    /// hold (and, on analog tiles, the tiles' readout); the gradients found on it update the
    /// trained network's own parameters (straight-through: ∂L/∂w is taken as ∂L/∂w_eff and the
    /// multiplier's products as that network's), which must keep the same graph and parameter shapes.
    /// `outputScale` (> 0) is the factor the network's output carries over the logits the loss
    /// is taken on (a network rescaled to an analog tile's weight range, ``WeightRangeScaling``,
    /// keeps its classification but multiplies its logits): the loss is that of output/outputScale.
    /// `parameterScales[node][array]`, when given, is the factor k each parameter array of that
    /// rescaled network carries over the network the optimizer settings are meant for: the array's
    /// learning rate is multiplied by k² and its weight decay divided by k², so that every step is
    /// the step the unscaled network would take, multiplied by k (SGD is not invariant to a
    /// rescaling of its parameters; this makes it so, up to what the forward pass sees).
    public func train(
        _ network: Network, on dataset: LabelledImages, threads: Int? = nil, outputScale: Float = 1, parameterScales: [[Float]]? = nil,
        forwardPass: (Network, Int) throws -> (network: Network, multiplier: (any FloatMatrixMultiplier)?) = { network, _ in (network, nil) },
        afterStep: (Int, Int) -> Void = { _, _ in },
        afterEpoch: (EpochReport, Network) throws -> Void = { _, _ in }
    ) throws -> Network {
        precondition(configuration.epochs >= 0 && configuration.batchSize >= 1 && outputScale > 0, "invalid training configuration")
        let scales = parameterScales ?? network.nodes.map { $0.layer.parameters.map { _ in 1 } }
        precondition(zip(scales, network.nodes).allSatisfy { $0.count == $1.layer.parameters.count && $0.allSatisfy { $0 > 0 } }, "parameter scales")
        var network = network
        _ = try dataset.images(shapedAs: network.inputShape)
        if let node = network.nodes.first(where: { !$0.layer.isTrainable }) {
            throw NetworkError.invalidParameter(
                node: node.name, field: "layer", value: node.layer.kindName,
                allowed: "a layer training supports (Dense, ungrouped Conv2D, pooling, ReLU, Flatten, Reshape, Add, BatchNorm, Softmax)")
        }
        let count = dataset.count
        let batchSize = configuration.batchSize
        let stepsPerEpoch = count / batchSize
        let totalSteps = max(1, stepsPerEpoch * configuration.epochs)
        var velocity = network.nodes.map { $0.layer.parameters.map { [Float](repeating: 0, count: $0.count) } }
        let sampleSize = network.inputShape.reduce(1, *)
        var step = 0
        for epoch in 1..<(configuration.epochs + 1) {
            var stream = RandomStream(seed: configuration.seed, key: "train/shuffle/epoch\(epoch)")
            var order = Array(0..<count)
            order.shuffle(using: &stream)
            var lossSum = 0.0
            var rate = configuration.learningRate
            for batchIndex in 0..<stepsPerEpoch {
                let members = order[batchIndex * batchSize ..< (batchIndex + 1) * batchSize]
                var pixels = [Float]()
                pixels.reserveCapacity(batchSize * sampleSize)
                dataset.images.withUnsafeBufferPointer { images in
                    for member in members {
                        pixels.append(contentsOf: images[member * sampleSize ..< (member + 1) * sampleSize])
                    }
                }
                let batch = Tensor(shape: [batchSize] + network.inputShape, elements: pixels)
                let (seen, multiplier) = try forwardPass(network, step)
                let values = try multiplier.map { try seen.evaluate(batch, keepingAll: true, threads: threads, multiplier: $0, images: 0..<batchSize) }
                    ?? seen.evaluate(batch, keepingAll: true, threads: threads)
                let output = values[seen.outputName]!
                let logits = Tensor(shape: [batchSize, output.count / batchSize], elements: output.elements.map { $0 / outputScale })
                let (loss, logitGradient) = SoftmaxCrossEntropy.evaluate(logits: logits, labels: members.map { dataset.labels[$0] })
                lossSum += loss
                let outputGradient = Tensor(shape: output.shape, elements: logitGradient.elements.map { $0 / outputScale })
                let gradients = seen.gradients(values: values, outputGradient: outputGradient, threads: threads).parameters
                rate = configuration.learningRate * Float(0.5 * (1 + cos(Double.pi * Double(step) / Double(totalSteps))))
                let layers = network.nodes.indices.map { index in
                    let layer = network.nodes[index].layer
                    var parameters = layer.parameters
                    for p in parameters.indices {
                        // The first array of a Dense or Conv2D layer is its weight: decayed.
                        let decay = p == 0 && layer.isMatrixLayer ? configuration.weightDecay : 0
                        let k = scales[index][p]
                        update(&parameters[p], gradient: gradients[index][p], velocity: &velocity[index][p], rate: rate * k * k, decay: decay / (k * k))
                    }
                    if layer.isMatrixLayer && configuration.weightClipSigma > 0 { Self.clip(&parameters[0], sigmas: configuration.weightClipSigma) }
                    return parameters.isEmpty ? layer : layer.replacingParameters(parameters)
                }
                network = network.replacingLayers(layers)
                step += 1
                afterStep(step, totalSteps)
            }
            guard network.nodes.allSatisfy({ $0.layer.parameters.allSatisfy { $0.allSatisfy(\.isFinite) } }) else {
                throw NetworkError.nonFiniteParameter(node: "training epoch \(epoch)", parameter: "weights (training diverged; lower the learning rate)")
            }
            try afterEpoch(EpochReport(epoch: epoch, meanLoss: lossSum / Double(max(stepsPerEpoch, 1)), learningRate: rate), network)
        }
        return network
    }

    /// Clips `weights` to ±`sigmas`·σ, σ their sample standard deviation (aihwkit's
    /// LAYER_GAUSSIAN: mean and σ in that order, the sum of squares divided by n − 1).
    public static func clip(_ weights: inout [Float], sigmas: Float) {
        guard weights.count > 1 else { return }
        let n = Double(weights.count)
        let mean = weights.reduce(0.0) { $0 + Double($1) } / n
        let variance = weights.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)
        let bound = Float(variance.squareRoot()) * sigmas
        for i in weights.indices { weights[i] = min(bound, max(-bound, weights[i])) }
    }

    /// One momentum step on a parameter array.
    private func update(_ weights: inout [Float], gradient: [Float], velocity: inout [Float], rate: Float, decay: Float) {
        let momentum = configuration.momentum
        weights.withUnsafeMutableBufferPointer { w in
            velocity.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<w.count {
                        v[i] = momentum * v[i] + g[i] + decay * w[i]
                        w[i] -= rate * v[i]
                    }
                }
            }
        }
    }
}
