import Foundation
import Numerics
import Testing

@testable import Network

@Suite("Network graph")
struct NetworkGraphTests {
    private let dense = Layer.dense(Dense(weight: Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]), bias: [0.5, -0.5]))

    @Test("nodes given out of order are sorted topologically and compute the same")
    func topologicalOrder() throws {
        let nodes = [
            Node(name: "sum", layer: .add, inputs: ["a", "b"], output: "c"),
            Node(name: "relu", layer: .relu, inputs: ["a"], output: "b"),
            Node(name: "fc", layer: dense, inputs: ["x"], output: "a"),
        ]
        let network = try Network(inputName: "x", inputShape: [2], nodes: nodes, outputName: "c")
        #expect(network.nodes.map(\.name) == ["fc", "relu", "sum"])
        // x = [1, −1]: a = [1·1 + (−1)·3 + 0.5, 1·2 + (−1)·4 − 0.5] = [−1.5, −2.5]; c = a + relu(a) = a.
        #expect(try network.forward(Tensor(shape: [1, 2], elements: [1, -1])).elements == [-1.5, -2.5])
        // x = [2, 1]: a = [2 + 3 + 0.5, 4 + 4 − 0.5] = [5.5, 7.5]; c = 2a.
        #expect(try network.forward(Tensor(shape: [1, 2], elements: [2, 1])).elements == [11, 15])
    }

    @Test("a cycle, an undefined value, a duplicate value and a wrong input count are errors")
    func invalidGraphs() {
        #expect(throws: NetworkError.cycle(nodes: ["a", "b"])) {
            try Network(inputName: "x", inputShape: [2], nodes: [
                Node(name: "a", layer: .add, inputs: ["x", "vb"], output: "va"),
                Node(name: "b", layer: .relu, inputs: ["va"], output: "vb"),
            ], outputName: "vb")
        }
        #expect(throws: NetworkError.undefinedValue(node: "a", value: "nowhere")) {
            try Network(inputName: "x", inputShape: [2], nodes: [Node(name: "a", layer: .relu, inputs: ["nowhere"], output: "y")], outputName: "y")
        }
        #expect(throws: NetworkError.duplicateValue("y")) {
            try Network(inputName: "x", inputShape: [2], nodes: [
                Node(name: "a", layer: .relu, inputs: ["x"], output: "y"), Node(name: "b", layer: .relu, inputs: ["x"], output: "y"),
            ], outputName: "y")
        }
        #expect(throws: NetworkError.wrongInputCount(node: "a", expected: 2, actual: 1)) {
            try Network(inputName: "x", inputShape: [2], nodes: [Node(name: "a", layer: .add, inputs: ["x"], output: "y")], outputName: "y")
        }
    }

    @Test("shape mismatches between layers name the node")
    func shapeMismatches() {
        #expect(throws: NetworkError.self) { try Support.chain(inputShape: [3], [self.dense]) }
        let conv = Conv2D(inChannels: 2, window: WindowGeometry(kernel: 3), weight: Matrix(rows: 18, columns: 1), bias: [0])
        let error = #expect(throws: NetworkError.self) { try Support.chain(inputShape: [1, 5, 5], [.conv2D(conv)]) }
        #expect(error?.description.contains("'n0'") == true)
        #expect(throws: NetworkError.self) { try Support.chain(inputShape: [2, 2, 2], [.conv2D(conv)]) }
        #expect(throws: NetworkError.self) { try Support.chain(inputShape: [5], [.reshape([2, -1])]) }
    }

    @Test("NaN weights and invalid windows are rejected")
    func invalidParameters() {
        let nan = Layer.dense(Dense(weight: Matrix(rows: 2, columns: 2, elements: [1, .nan, 3, 4]), bias: [0, 0]))
        #expect(throws: NetworkError.nonFiniteParameter(node: "n0", parameter: "weight")) { try Support.chain(inputShape: [2], [nan]) }
        let pool = Pool2D(kind: .max, window: WindowGeometry(kernel: 2, stride: 0))
        #expect(throws: NetworkError.self) { try Support.chain(inputShape: [1, 4, 4], [.pool(pool)]) }
    }

    @Test("a convolution equals the direct cross-correlation sum")
    func convolutionDefinition() throws {
        let window = WindowGeometry(kernelHeight: 2, kernelWidth: 3, strideHeight: 2, strideWidth: 1, padTop: 1, padLeft: 1, padBottom: 0, padRight: 1)
        let weight = Support.matrix(2 * 2 * 3, 3, key: "w")
        let conv = Conv2D(inChannels: 2, window: window, weight: weight, bias: [0.5, -1, 0.25])
        let network = try Support.chain(inputShape: [2, 4, 5], [.conv2D(conv)])
        let x = Support.uniform([1, 2, 4, 5], key: "x")
        let y = try network.forward(x)
        let shape = network.outputShape
        for n in 0..<3 {
            for r in 0..<shape[1] {
                for s in 0..<shape[2] {
                    var sum = Double(conv.bias[n])
                    for c in 0..<2 {
                        for i in 0..<2 {
                            for j in 0..<3 {
                                let (h, w) = (r * 2 - 1 + i, s - 1 + j)
                                guard h >= 0 && h < 4 && w >= 0 && w < 5 else { continue }
                                sum += Double(x.elements[(c * 4 + h) * 5 + w]) * Double(weight[(c * 2 + i) * 3 + j, n])
                            }
                        }
                    }
                    #expect(abs(Double(y.elements[(n * shape[1] + r) * shape[2] + s]) - sum) <= 1e-5)
                }
            }
        }
    }
}
