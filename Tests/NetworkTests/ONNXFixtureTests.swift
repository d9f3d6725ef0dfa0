import Foundation
import Numerics
import Testing

@testable import Network

/// Our ONNX import against onnxruntime's outputs on the committed fixtures (made by PyTorch and
/// onnx.helper; see `Fixtures/make_fixtures.py`). Criterion: ‖ours − onnxruntime‖∞ / ‖onnxruntime‖∞
/// ≤ 1e-4, float32 sums of a few hundred terms differing only in order.
@Suite("ONNX fixtures against onnxruntime")
struct ONNXFixtureTests {
    @Test("imported models reproduce onnxruntime's outputs", arguments: ["mlp", "lenet5", "residual_cnn", "typed_fields"])
    func reproducesOnnxruntime(name: String) throws {
        let (network, reference) = try Support.fixture(name)
        let output = try network.forward(reference.inputTensor)
        #expect(output.shape == reference.outputShape)
        #expect(Support.relativeError(output.elements, reference.output) <= 1e-4)
    }

    @Test("the residual fixture imports as a DAG with BatchNorm, stride-2 conv, Add and GlobalAveragePool")
    func residualStructure() throws {
        let (network, reference) = try Support.fixture("residual_cnn")
        let kinds = Set(network.nodes.map(\.layer.kindName))
        #expect(kinds.isSuperset(of: ["BatchNorm", "Add", "GlobalAveragePool", "Conv2D", "AvgPool2D", "Dense"]))
        #expect(reference.operators.contains("BatchNormalization"))
        let strides = network.nodes.compactMap { node -> Int? in
            if case .conv2D(let conv) = node.layer { return conv.window.strideHeight }
            return nil
        }
        #expect(strides.contains(2))
        let add = try #require(network.nodes.first { $0.layer.kindName == "Add" })
        #expect(network.consumers(of: add.inputs[1]).count == 2)
    }

    @Test("the MLP fixture keeps its declared [N, 784] input layout")
    func declaredLayout() throws {
        let (network, _) = try Support.fixture("mlp")
        #expect(network.inputShape == [784])
        let (lenet, _) = try Support.fixture("lenet5")
        #expect(lenet.inputShape == [1, 28, 28])
    }

    @Test("exporting then importing gives a network with identical outputs", arguments: ["mlp", "lenet5", "residual_cnn", "typed_fields"])
    func exportRoundTrip(name: String) throws {
        let (network, reference) = try Support.fixture(name)
        let reread = try ONNXFile.decode(ONNXFile.encode(network), file: "\(name) (re-exported)")
        #expect(reread.nodes.map(\.layer.kindName) == network.nodes.map(\.layer.kindName))
        #expect(try reread.forward(reference.inputTensor) == network.forward(reference.inputTensor))
    }

    @Test("batch norm folding keeps the residual network's outputs")
    func folding() throws {
        let (network, reference) = try Support.fixture("residual_cnn")
        let folded = try network.foldingBatchNorm()
        #expect(!folded.nodes.contains { $0.layer.kindName == "BatchNorm" })
        #expect(Support.relativeError(try folded.forward(reference.inputTensor).elements, reference.output) <= 1e-4)
    }

    @Test("outputs do not depend on batch size or thread count")
    func batchingIndependence() throws {
        let (network, _) = try Support.fixture("residual_cnn")
        let inputs = Support.uniform([9, 1, 28, 28], low: 0, high: 1, key: "images")
        let a = try network.outputs(for: inputs, batchSize: 2, threads: 1)
        let b = try network.outputs(for: inputs, batchSize: 4, threads: 3)
        #expect(a == b)
        #expect(try network.forward(inputs.slice(3..<4)).elements == Array(a.elements[30..<40]))
    }
}
