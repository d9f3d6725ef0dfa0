import Foundation
import Numerics
import Testing

@testable import Network

/// ONNX `metadata_props`: what a saved model records about itself survives the round trip.
@Suite("ONNX metadata")
struct ONNXMetadataTests {
    @Test("save → import keeps every weight and the metadata_props")
    func roundTrip() throws {
        var network = ModelArchitecture.lenet5.makeNetwork(seed: 4)
        network.metadata = ["crossbar.hardwareAware.device": "reram", "crossbar.hardwareAware.effects": "programming,drift", "note": "µS ≠ S"]
        let read = try ONNXFile.decode(ONNXFile.encode(network), file: "memory")
        #expect(read.metadata == network.metadata)
        #expect(read.nodes.map(\.layer.parameters) == network.nodes.map(\.layer.parameters))
        #expect(try ONNXFile.decode(ONNXFile.encode(ModelArchitecture.mlp.makeNetwork(seed: 4)), file: "memory").metadata.isEmpty)
    }
}
