import Foundation
import Numerics
import Testing

@testable import Network

@Suite("Training")
struct TrainingTests {
    /// The first `count` bundled test images (the smaller file to decompress; any data will do).
    private func subset(_ count: Int) throws -> LabelledImages {
        try LabelledImages(folder: Support.root.appendingPathComponent("Experiments/datasets/mnist"), split: .test).prefix(count)
    }

    @Test("layer-Gaussian clipping bounds the weights at k sample standard deviations (aihwkit's LAYER_GAUSSIAN)")
    func layerGaussianClipping() {
        // Mean 1, squared deviations 16 + 4 + 0 + 4 + 16 = 40 over n − 1 = 4: σ = √10 ≈ 3.16, k = 1;
        // the clip is symmetric about 0 (not the mean), so only 5 clips.
        var weights: [Float] = [-3, -1, 1, 3, 5]
        Trainer.clip(&weights, sigmas: 1)
        let bound = Float(10.0.squareRoot())
        #expect(weights == [-3, -1, 1, 3, bound])
    }

    @Test("training is deterministic by seed, whatever the thread count")
    func determinism() throws {
        let data = try subset(128)
        let configuration = TrainingConfiguration(epochs: 1, batchSize: 32, seed: 9)
        let trainer = Trainer(configuration: configuration)
        let network = ModelArchitecture.lenet5.makeNetwork(seed: 9)
        let one = try trainer.train(network, on: data, threads: 1)
        let two = try trainer.train(network, on: data, threads: 2)
        #expect(one.nodes.map(\.layer.parameters) == two.nodes.map(\.layer.parameters))
        let other = try Trainer(configuration: TrainingConfiguration(epochs: 1, batchSize: 32, seed: 10)).train(network, on: data, threads: 1)
        #expect(one.nodes.map(\.layer.parameters) != other.nodes.map(\.layer.parameters))
    }

    @Test("a few epochs on 512 images reduce the loss and fit them")
    func learns() throws {
        let data = try subset(512)
        var losses = [Double]()
        let trained = try Trainer(configuration: TrainingConfiguration(epochs: 4, batchSize: 32, learningRate: 0.05, seed: 2))
            .train(ModelArchitecture.mlp.makeNetwork(seed: 2), on: data, afterEpoch: { report, _ in losses.append(report.meanLoss) })
        #expect(losses.count == 4)
        #expect(losses.last! < losses.first! / 2)
        let accuracy = Classification.accuracy(Classification.predictions(try trained.outputs(for: data.images)), labels: data.labels)
        #expect(accuracy > 0.9)
    }

    @Test("initial weights follow N(0, 2/fan_in) within 5σ of the estimator")
    func initialization() throws {
        let network = ModelArchitecture.mlp.makeNetwork(seed: 3)
        guard case .dense(let fc1) = network.nodes[1].layer else {
            Issue.record("fc1 is not dense")
            return
        }
        let values = fc1.weight.elements.map(Double.init)
        let n = Double(values.count)
        let variance = values.reduce(0) { $0 + $1 * $1 } / n
        let expected = 2.0 / 784
        // Var of the sample second moment of a normal: 2σ⁴/n.
        #expect(abs(variance - expected) <= 5 * (2 * expected * expected / n).squareRoot())
        #expect(abs(values.reduce(0, +) / n) <= 5 * (expected / n).squareRoot())
    }
}
