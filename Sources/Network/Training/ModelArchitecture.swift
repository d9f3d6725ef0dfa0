import DataFiles
import Foundation
import Numerics

/// The two networks Crossbar bundles, defined layer by layer with freshly initialized weights.
///
/// - `mlp`: 784-256-128-10 with ReLU (a Flatten first, so it reads 1×28×28 images).
/// - `lenet5`: LeCun et al., "Gradient-based learning applied to document recognition", Proc.
///   IEEE 86(11), 1998, in its common modern form: conv 6@5×5 (padding 2), ReLU, 2×2 max pool,
///   conv 16@5×5, ReLU, 2×2 max pool, FC 120, ReLU, FC 84, ReLU, FC 10.
///
/// Weights are drawn from N(0, 2/fan_in) (He et al., ICCV 2015) through the stream
/// (seed, `init/<node name>`); biases start at 0 (``NetworkBuilder``). Outputs are logits (no
/// softmax).
public enum ModelArchitecture: String, Sendable, CaseIterable {
    /// A multilayer perceptron 784-256-128-10.
    case mlp
    /// LeNet-5.
    case lenet5

    /// The bundled trained model, `Experiments/models/<name>.onnx`.
    public func bundledModel() throws -> URL {
        try ProjectDirectory.experiments().appendingPathComponent("models/\(rawValue).onnx")
    }

    /// The ONNX file a `--network` argument names: a bundled model by name (`mlp`, `lenet5`),
    /// else a path.
    public static func modelFile(_ nameOrPath: String) throws -> URL {
        if let architecture = ModelArchitecture(rawValue: nameOrPath) { return try architecture.bundledModel() }
        return URL(fileURLWithPath: nameOrPath)
    }

    /// Shape of one input image.
    public static let imageShape = [1, 28, 28]

    /// The training settings that reach the bundled models' accuracy.
    public func trainingConfiguration(seed: UInt64) -> TrainingConfiguration {
        switch self {
        case .mlp: TrainingConfiguration(epochs: 20, batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: seed)
        case .lenet5: TrainingConfiguration(epochs: 15, batchSize: 64, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: seed)
        }
    }

    /// The network with initial weights drawn from `seed`.
    public func makeNetwork(seed: UInt64) -> Network {
        var builder = NetworkBuilder(seed: seed, inputShape: Self.imageShape)
        switch self {
        case .mlp:
            builder.add("flatten", .flatten)
            builder.dense("fc1", 256, reluName: "relu1")
            builder.dense("fc2", 128, reluName: "relu2")
        case .lenet5:
            builder.conv("conv1", 6, kernel: 5, padding: 2, reluName: "relu1")
            builder.maxPool("pool1", kernel: 2, stride: 2)
            builder.conv("conv2", 16, kernel: 5, reluName: "relu2")
            builder.maxPool("pool2", kernel: 2, stride: 2)
            builder.add("flatten", .flatten)
            builder.dense("fc1", 120, reluName: "relu3")
            builder.dense("fc2", 84, reluName: "relu4")
        }
        builder.dense("fc3", 10, relu: false)
        return builder.network()
    }
}
