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
/// (seed, `init/<node name>`); biases start at 0. Outputs are logits (no softmax).
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
        var nodes = [Node]()
        var previous = "input"
        func add(_ name: String, _ layer: Layer) {
            nodes.append(Node(name: name, layer: layer, inputs: [previous], output: name))
            previous = name
        }
        func dense(_ name: String, _ inputs: Int, _ outputs: Int) {
            add(name, .dense(Dense(weight: Self.heNormal(rows: inputs, columns: outputs, seed: seed, node: name), bias: .init(repeating: 0, count: outputs))))
        }
        func conv(_ name: String, _ inChannels: Int, _ outChannels: Int, kernel: Int, padding: Int) {
            let weight = Self.heNormal(rows: inChannels * kernel * kernel, columns: outChannels, seed: seed, node: name)
            add(name, .conv2D(Conv2D(inChannels: inChannels, window: WindowGeometry(kernel: kernel, padding: padding), weight: weight, bias: .init(repeating: 0, count: outChannels))))
        }
        switch self {
        case .mlp:
            add("flatten", .flatten)
            dense("fc1", 784, 256)
            add("relu1", .relu)
            dense("fc2", 256, 128)
            add("relu2", .relu)
            dense("fc3", 128, 10)
        case .lenet5:
            conv("conv1", 1, 6, kernel: 5, padding: 2)
            add("relu1", .relu)
            add("pool1", .pool(Pool2D(kind: .max, window: WindowGeometry(kernel: 2, stride: 2))))
            conv("conv2", 6, 16, kernel: 5, padding: 0)
            add("relu2", .relu)
            add("pool2", .pool(Pool2D(kind: .max, window: WindowGeometry(kernel: 2, stride: 2))))
            add("flatten", .flatten)
            dense("fc1", 400, 120)
            add("relu3", .relu)
            dense("fc2", 120, 84)
            add("relu4", .relu)
            dense("fc3", 84, 10)
        }
        do {
            return try Network(inputName: "input", inputShape: Self.imageShape, nodes: nodes, outputName: previous)
        } catch {
            preconditionFailure("the built-in \(rawValue) graph is invalid: \(error)")
        }
    }

    /// A `rows × columns` matrix of N(0, 2/rows) samples (rows = fan-in).
    static func heNormal(rows: Int, columns: Int, seed: UInt64, node: String) -> Matrix<Float> {
        var matrix = Matrix<Float>(rows: rows, columns: columns)
        var stream = RandomStream(seed: seed, key: "init/\(node)")
        let deviation = Float((2 / Double(rows)).squareRoot())
        matrix.withUnsafeMutableBufferPointer { stream.fillNormal($0, mean: 0, standardDeviation: deviation, threads: 1) }
        return matrix
    }
}
