import Foundation
import Numerics
import Testing

@testable import Network

/// Tiny networks with the structures of the torchvision classifiers, exported by PyTorch at
/// opsets 11, 13, 17 and 18 with constant folding on and off (see
/// `Fixtures/make_block_fixtures.py`), against onnxruntime's logits. Criterion: ‖ours −
/// onnxruntime‖∞ / ‖onnxruntime‖∞ ≤ 1e-4.
@Suite("torchvision-structure fixtures against onnxruntime")
struct BlockFixtureTests {
    static let blocks = ["depthwise", "inception", "squeeze_excite", "ceil_pools", "residual", "shuffle", "normalised", "activations"]
    static let variants = [11, 13, 17, 18].flatMap { ["_op\($0)", "_op\($0)_nofold"] }

    /// The network, input batch and onnxruntime logits of one exported variant.
    static func load(_ block: String, _ variant: String) throws -> (network: Network, input: Tensor<Float>, logits: Tensor<Float>) {
        let folder = Support.fixtures.appendingPathComponent("blocks")
        let network = try ONNXFile.read(contentsOf: folder.appendingPathComponent(block + variant + ".onnx"))
        let input = try NPYFile(contentsOf: folder.appendingPathComponent(block + ".input.npy"))
        let logits = try NPYFile(contentsOf: folder.appendingPathComponent(block + variant + ".logits.npy"))
        return (network, Tensor(shape: input.shape, elements: input.floats), Tensor(shape: logits.shape, elements: logits.floats))
    }

    @Test("float import reproduces onnxruntime within 1e-4 of the logit scale", arguments: blocks)
    func float(block: String) throws {
        for variant in Self.variants {
            let (network, input, logits) = try Self.load(block, variant)
            let output = try network.forward(input)
            #expect(output.shape == logits.shape, "\(block)\(variant)")
            #expect(Support.relativeError(output.elements, logits.elements) <= 1e-4, "\(block)\(variant)")
        }
    }

    @Test("the integer baseline is deterministic: the same integers for any batching and thread count", arguments: blocks)
    func integerDeterminism(block: String) throws {
        let (network, input, _) = try Self.load(block, "_op17")
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: input, settings: QuantizationSettings())
        let whole = try quantized.outputs(for: input, multiplier: DigitalMatrixMultiplier(), batchSize: 3, threads: 1)
        let split = try quantized.outputs(for: input, multiplier: DigitalMatrixMultiplier(threads: 2), batchSize: 1, threads: 2)
        #expect(whole.elements == split.elements)
        #expect(whole.elements.allSatisfy { $0.isFinite })
    }

    @Test("grouped convolutions import with their groups, and their digital product equals the full block-diagonal product")
    func groupedProducts() throws {
        let (network, input, _) = try Self.load("depthwise", "_op13")
        let groups = network.nodes.compactMap { node -> Int? in
            if case .conv2D(let conv) = node.layer { return conv.groups }
            return nil
        }
        #expect(groups.contains(24) && groups.contains(4))
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: input, settings: QuantizationSettings())
        let grouped = try #require(quantized.matrixLayers.first { $0.groups == 24 })
        let recorded = try quantized.forward(input, multiplier: DigitalMatrixMultiplier(), recording: true)
        let request = MatrixProductRequest(
            layer: grouped, layerIndex: 0, inputs: grouped.inputMatrix(recorded.activations[grouped.inputValue]!), images: 0..<3)
        let blockwise = try DigitalMatrixMultiplier().multiply(request).products
        let full = IntegerGEMM.multiply(request.inputs.view, grouped.weights.view)
        #expect(blockwise.elements == full.elements)
        // Off-diagonal blocks are zero: block (0, 1) of the 24 groups.
        let offDiagonal = MatrixView(grouped.weights, rows: grouped.groupBlock(0).rows, columns: grouped.groupBlock(1).columns).copy()
        #expect(offDiagonal.elements.allSatisfy { $0 == 0 })
    }
}
