import Foundation
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// Rescaling a network to an analog tile's weight range: the same classifier (logits times the
/// product of the factors), each layer at the range, and training of the rescaled network the
/// scaled image of training the original.
@Suite("Weight range scaling")
struct WeightRangeScalingTests {
    /// input [12] → Dense 12→8 → BatchNorm → ReLU → Dense 8→6 → ReLU → Dense 6→4, random weights
    /// of different magnitudes in each layer.
    private func network() throws -> Network {
        func dense(_ name: String, _ rows: Int, _ columns: Int, _ magnitude: Float) -> Layer {
            let w = TestMatrices.uniform(rows: rows, columns: columns, in: -magnitude...magnitude, key: "range/\(name)/w")
            let b = TestMatrices.uniform(rows: 1, columns: columns, in: -0.1...0.1, key: "range/\(name)/b").elements
            return .dense(Dense(weight: w, bias: b))
        }
        let norm = BatchNorm(
            scale: (0..<8).map { 0.5 + Float($0) / 8 }, offset: (0..<8).map { Float($0) / 20 - 0.2 },
            mean: (0..<8).map { Float($0) / 40 }, variance: (0..<8).map { 0.01 + Float($0) / 100 })
        return try Network(
            inputName: "input", inputShape: [12],
            nodes: [
                Node(name: "fc1", layer: dense("fc1", 12, 8, 0.05), inputs: ["input"], output: "fc1"),
                Node(name: "bn", layer: .batchNorm(norm), inputs: ["fc1"], output: "bn"),
                Node(name: "relu1", layer: .relu, inputs: ["bn"], output: "relu1"),
                Node(name: "fc2", layer: dense("fc2", 8, 6, 0.3), inputs: ["relu1"], output: "fc2"),
                Node(name: "relu2", layer: .relu, inputs: ["fc2"], output: "relu2"),
                Node(name: "fc3", layer: dense("fc3", 6, 4, 2), inputs: ["relu2"], output: "fc3"),
            ],
            outputName: "fc3")
    }

    /// The weight matrices of the network's Dense layers, in order.
    private func weights(_ network: Network) -> [Matrix<Float>] {
        network.nodes.compactMap { node in
            if case .dense(let dense) = node.layer { return dense.weight }
            return nil
        }
    }

    @Test("the rescaled network's logits are logitScale times the original's, its layers span ±range, a BatchNorm resets the scale")
    func sameClassifier() throws {
        let original = try network()
        let scaling = try WeightRangeScaling(original, range: 1, clipSigma: 0)
        let before = weights(original), after = weights(scaling.network)
        for (l, (w, scaled)) in zip(before, after).enumerated() {
            let largest = scaled.elements.map { abs($0) }.max()!
            #expect(abs(largest - 1) <= 1e-6, "layer \(l): max |w| = \(largest)")
            #expect(abs(scaling.layerScales[l] - 1 / Double(w.elements.map { abs($0) }.max()!)) <= 1e-9 * scaling.layerScales[l])
        }
        // The BatchNorm computes what it did: fc1's factor stops there, so the logits carry c₂·c₃.
        #expect(abs(scaling.logitScale - scaling.layerScales[1] * scaling.layerScales[2]) <= 1e-9 * scaling.logitScale)
        let inputs = TestMatrices.uniform(rows: 16, columns: 12, in: 0...1, key: "range/inputs")
        let batch = Tensor(shape: [16, 12], elements: inputs.elements)
        let plain = try original.outputs(for: batch), rescaled = try scaling.network.outputs(for: batch)
        for (a, b) in zip(plain.elements, rescaled.elements) {
            #expect(abs(Double(b) - scaling.logitScale * Double(a)) <= 1e-4 * scaling.logitScale * max(1, abs(Double(a))))
        }
    }

    @Test("with clipping, each layer's clip bound (k sample standard deviations) is put at the range")
    func clipBoundAtRange() throws {
        let scaling = try WeightRangeScaling(try network(), range: 2, clipSigma: 1)
        for (w, factor) in zip(weights(try network()), scaling.layerScales) {
            var clipped = w.elements
            Trainer.clip(&clipped, sigmas: 1)
            #expect(abs(factor * Double(clipped.map { abs($0) }.max()!) - 2) <= 1e-6)
        }
    }

    @Test("a softmax after a rescaled layer, or an Add of values at different scales, is refused with the node named")
    func refusesWhatWouldChange() throws {
        let w = TestMatrices.uniform(rows: 4, columns: 4, in: -0.5...0.5, key: "range/refuse")
        let small = Dense(weight: Matrix(rows: 4, columns: 4, elements: w.elements.map { $0 / 10 }), bias: [0, 0, 0, 0])
        let softmax = try Network(
            inputName: "input", inputShape: [4],
            nodes: [
                Node(name: "fc", layer: .dense(Dense(weight: w, bias: [0, 0, 0, 0])), inputs: ["input"], output: "fc"),
                Node(name: "probabilities", layer: .softmax, inputs: ["fc"], output: "probabilities"),
            ],
            outputName: "probabilities")
        #expect(throws: WeightRangeScalingError.notHomogeneous(node: "probabilities", kind: Layer.softmax.kindName)) {
            try WeightRangeScaling(softmax, range: 1, clipSigma: 0)
        }
        let residual = try Network(
            inputName: "input", inputShape: [4],
            nodes: [
                Node(name: "a", layer: .dense(Dense(weight: w, bias: [0, 0, 0, 0])), inputs: ["input"], output: "a"),
                Node(name: "b", layer: .dense(small), inputs: ["input"], output: "b"),
                Node(name: "sum", layer: .add, inputs: ["a", "b"], output: "sum"),
            ],
            outputName: "sum")
        do {
            _ = try WeightRangeScaling(residual, range: 1, clipSigma: 0)
            Issue.record("an Add of values at different scales was rescaled")
        } catch {
            #expect("\(error)".contains("node sum joins values at scales"))
        }
    }

    @Test("training the rescaled network (loss on logits/S, learning rates ×k², decay ÷k²) gives the original's training, scaled")
    func trainingIsScaleInvariant() throws {
        let original = try network()
        let scaling = try WeightRangeScaling(original, range: 1, clipSigma: 0)
        let images = TestMatrices.uniform(rows: 64, columns: 12, in: 0...1, key: "range/train/images")
        let data = LabelledImages(images: Tensor(shape: [64, 1, 1, 12], elements: images.elements), labels: (0..<64).map { $0 % 4 })
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 2, batchSize: 16, learningRate: 0.1, weightDecay: 0.01, seed: 4))
        let plain = try trainer.train(original, on: data, threads: 1)
        let rescaled = try trainer.train(
            scaling.network, on: data, threads: 1, outputScale: Float(scaling.logitScale), parameterScales: scaling.parameterScales)
        for (index, node) in plain.nodes.enumerated() {
            for (p, values) in node.layer.parameters.enumerated() {
                let k = scaling.parameterScales[index][p]
                let start = original.nodes[index].layer.parameters[p]
                let trained = rescaled.nodes[index].layer.parameters[p]
                let moved = zip(values, start).map { abs($0 - $1) }.max()!
                #expect(moved > 1e-4, "\(node.name) parameter \(p) must have moved for the comparison to mean something")
                for (a, b) in zip(values, trained) {
                    #expect(abs(b / k - a) <= 1e-4 * max(1, abs(a)), "\(node.name) parameter \(p)")
                }
            }
        }
    }
}
