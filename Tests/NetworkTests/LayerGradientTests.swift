import Foundation
import Numerics
import Testing

@testable import Network

/// Gradient checks: each layer's backward pass against central finite differences of the
/// scalar loss L = Σ r ⊙ output with a fixed random r.
///
/// Tolerance: |g_fd − g| ≤ 2e-3·(1 + |g|). With step h = 1e-2, Float rounding of L (≈ 1e-6
/// relative on sums of order 1–10) gives at most ≈ 1e-3 error in g_fd, and truncation error is
/// O(h²) = 1e-4 for the smooth layers and zero for the piecewise linear ones, whose inputs are
/// kept more than h away from their kinks.
@Suite("Layer gradients")
struct LayerGradientTests {
    private let h: Float = 1e-2

    private func loss(_ network: Network, _ input: Tensor<Float>, _ r: [Float]) -> Double {
        let y = try! network.forward(input)
        return zip(y.elements, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Checks input and parameter gradients of `network` at `input`.
    private func check(_ network: Network, input: Tensor<Float>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let values = network.evaluate(input, keepingAll: true, threads: 1)
        let output = values[network.outputName]!
        let r = Support.uniform(output.shape, key: "projection").elements
        let (parameterGradients, inputGradient) = network.gradients(
            values: values, outputGradient: Tensor(shape: output.shape, elements: r), includingInput: true, threads: 1)
        func expectClose(_ numeric: Double, _ analytic: Float, _ what: String) {
            #expect(abs(numeric - Double(analytic)) <= 2e-3 * (1 + abs(Double(analytic))), "\(what): numeric \(numeric), backprop \(analytic)", sourceLocation: sourceLocation)
        }
        for i in 0..<input.count {
            var plus = input, minus = input
            plus.elements[i] += h
            minus.elements[i] -= h
            expectClose((loss(network, plus, r) - loss(network, minus, r)) / Double(2 * h), inputGradient.elements[i], "input \(i)")
        }
        for (index, node) in network.nodes.enumerated() {
            let parameters = node.layer.parameters
            for p in parameters.indices {
                for i in parameters[p].indices {
                    func perturbed(_ delta: Float) -> Network {
                        var values = parameters
                        values[p][i] += delta
                        return network.replacingLayers(network.nodes.indices.map { $0 == index ? node.layer.replacingParameters(values) : network.nodes[$0].layer })
                    }
                    let numeric = (loss(perturbed(h), input, r) - loss(perturbed(-h), input, r)) / Double(2 * h)
                    expectClose(numeric, parameterGradients[index][p][i], "\(node.name) parameter \(p)[\(i)]")
                }
            }
        }
    }

    /// Values in ±[0.1, 1], distinct and more than 2h apart in magnitude order, so no ReLU or max
    /// pool decision changes within ±h.
    private func awayFromKinks(_ shape: [Int], key: String) -> Tensor<Float> {
        let count = shape.reduce(1, *)
        var stream = RandomStream(seed: 7, key: key)
        let magnitudes = (0..<count).map { 0.1 + 0.9 * Float($0) / Float(max(count - 1, 1)) }.shuffled(using: &stream)
        return Tensor(shape: shape, elements: magnitudes.enumerated().map { $0.offset % 3 == 0 ? -$0.element : $0.element })
    }

    @Test("Dense backward matches finite differences")
    func dense() throws {
        let network = try Support.chain(inputShape: [5], [.dense(Dense(weight: Support.matrix(5, 4, key: "w"), bias: [0.1, -0.2, 0.3, 0.05]))])
        try check(network, input: Support.uniform([3, 5], key: "x"))
    }

    @Test("Conv2D backward (stride 2, asymmetric padding) matches finite differences")
    func conv2D() throws {
        let window = WindowGeometry(kernelHeight: 3, kernelWidth: 2, strideHeight: 2, strideWidth: 1, padTop: 1, padLeft: 0, padBottom: 0, padRight: 1)
        let conv = Conv2D(inChannels: 2, window: window, weight: Support.matrix(2 * 3 * 2, 3, key: "w"), bias: [0.1, 0.2, -0.1])
        try check(try Support.chain(inputShape: [2, 5, 4], [.conv2D(conv)]), input: Support.uniform([2, 2, 5, 4], key: "x"))
    }

    @Test("MaxPool2D backward matches finite differences")
    func maxPool() throws {
        let pool = Pool2D(kind: .max, window: WindowGeometry(kernel: 2, stride: 2, padding: 1))
        try check(try Support.chain(inputShape: [2, 4, 5], [.pool(pool)]), input: awayFromKinks([2, 2, 4, 5], key: "x"))
    }

    @Test("AvgPool2D backward, with and without padding in the divisor, matches finite differences")
    func averagePool() throws {
        for countsPadding in [true, false] {
            let pool = Pool2D(kind: .average(countsPadding: countsPadding), window: WindowGeometry(kernel: 3, stride: 2, padding: 1))
            try check(try Support.chain(inputShape: [2, 5, 5], [.pool(pool)]), input: Support.uniform([2, 2, 5, 5], key: "x"))
        }
    }

    @Test("GlobalAveragePool, Flatten and Reshape backward match finite differences")
    func shapeLayers() throws {
        try check(try Support.chain(inputShape: [3, 2, 4], [.globalAveragePool, .flatten]), input: Support.uniform([2, 3, 2, 4], key: "x"))
        try check(try Support.chain(inputShape: [3, 2, 4], [.reshape([4, -1]), .relu]), input: awayFromKinks([2, 3, 2, 4], key: "y"))
    }

    @Test("ReLU backward matches finite differences away from 0")
    func relu() throws {
        try check(try Support.chain(inputShape: [7], [.relu]), input: awayFromKinks([3, 7], key: "x"))
    }

    @Test("BatchNorm backward (inference statistics) matches finite differences")
    func batchNorm() throws {
        let norm = BatchNorm(scale: [1.5, 0.7], offset: [0.1, -0.3], mean: [0.2, -0.1], variance: [0.5, 2.0], epsilon: 1e-5)
        try check(try Support.chain(inputShape: [2, 3, 3], [.batchNorm(norm)]), input: Support.uniform([2, 2, 3, 3], key: "x"))
    }

    @Test("Softmax backward matches finite differences")
    func softmax() throws {
        try check(try Support.chain(inputShape: [6], [.softmax]), input: Support.uniform([3, 6], low: -2, high: 2, key: "x"))
    }

    @Test("Add backward sums the gradients of a residual graph")
    func residual() throws {
        let dense = Dense(weight: Support.matrix(4, 4, key: "w"), bias: [0, 0.1, 0.2, 0.3])
        let network = try Network(
            inputName: "x", inputShape: [4],
            nodes: [
                Node(name: "fc", layer: .dense(dense), inputs: ["x"], output: "y"),
                Node(name: "sum", layer: .add, inputs: ["y", "x"], output: "z"),
            ], outputName: "z")
        try check(network, input: Support.uniform([2, 4], key: "x"))
    }

    @Test("Softmax cross-entropy gradient matches finite differences of the loss")
    func crossEntropy() {
        let logits = Support.uniform([3, 5], low: -2, high: 2, key: "logits")
        let labels = [1, 4, 0]
        let (_, gradient) = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels)
        for i in 0..<logits.count {
            var plus = logits, minus = logits
            plus.elements[i] += h
            minus.elements[i] -= h
            let numeric = (SoftmaxCrossEntropy.evaluate(logits: plus, labels: labels).loss - SoftmaxCrossEntropy.evaluate(logits: minus, labels: labels).loss) / Double(2 * h)
            #expect(abs(numeric - Double(gradient.elements[i])) <= 2e-3 * (1 + abs(Double(gradient.elements[i]))))
        }
    }
}
