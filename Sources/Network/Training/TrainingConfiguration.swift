/// Settings of stochastic gradient descent with momentum.
///
/// Each step: g ← ∇L + λ·w (weights only, not biases), v ← μ·v + g, w ← w − η_t·v, with the
/// learning rate η_t following a cosine from ``learningRate`` down to 0 over all steps
/// (Loshchilov & Hutter, "SGDR", ICLR 2017, without restarts). With ``weightClipSigma`` > 0
/// every Dense and Conv2D weight matrix is then clipped to ±``weightClipSigma``·σ, σ the sample
/// standard deviation of its elements: aihwkit 1.1's `WeightClipType.LAYER_GAUSSIAN`
/// (`weight_clipper.cpp`, applied after every optimizer step), here per layer where aihwkit
/// clips per tile.
public struct TrainingConfiguration: Sendable, Equatable {
    /// Passes over the training set.
    public var epochs: Int
    /// Images per step.
    public var batchSize: Int
    /// Initial learning rate η₀.
    public var learningRate: Float
    /// Momentum μ.
    public var momentum: Float
    /// L2 weight decay λ.
    public var weightDecay: Float
    /// Seed of the initial weights and of the shuffling.
    public var seed: UInt64
    /// Weight clipping after each step at this many standard deviations of each layer's
    /// weights (0: none; aihwkit's hardware-aware examples use 2.5).
    public var weightClipSigma: Float

    /// A configuration.
    public init(
        epochs: Int, batchSize: Int = 64, learningRate: Float = 0.05, momentum: Float = 0.9, weightDecay: Float = 5e-4, seed: UInt64 = 1,
        weightClipSigma: Float = 0
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.seed = seed
        self.weightClipSigma = weightClipSigma
    }
}
