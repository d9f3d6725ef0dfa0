import Foundation
import Numerics
import Testing

@testable import Network

/// Bad ONNX input: every failure is a typed ``ONNXError`` naming the file, never a crash.
@Suite("ONNX bad input")
struct ONNXErrorTests {
    /// The fixture's decoded protobuf, to modify.
    private func model(_ name: String) throws -> ONNXProto.Model {
        try ONNXProto.Model(ProtobufReader(Support.bytes(name + ".onnx")[...], file: name))
    }

    private func encode(_ model: ONNXProto.Model) -> [UInt8] {
        var writer = ProtobufWriter()
        model.encode(into: &writer)
        return writer.bytes
    }

    @Test("every truncation of a model throws an error naming the file")
    func truncation() throws {
        let bytes = try Support.bytes("typed_fields.onnx")
        for length in stride(from: 0, to: bytes.count, by: 7) {
            let error = #expect(throws: ONNXError.self) { try ONNXFile.decode(Array(bytes[0..<length]), file: "cut.onnx") }
            #expect(error?.description.hasPrefix("cut.onnx") == true)
        }
    }

    @Test("corrupted bytes give an ONNXError or a valid network, never a crash")
    func corruption() throws {
        let original = try Support.bytes("lenet5.onnx")
        var stream = RandomStream(seed: 3, key: "corruption")
        var failures = 0
        for _ in 0..<200 {
            var bytes = original
            // Corrupt within the graph structure, which sits after the weights at the end.
            for _ in 0..<4 {
                let index = original.count - 1 - Int(stream.next() % UInt64(min(original.count, 4000)))
                bytes[index] = UInt8(truncatingIfNeeded: stream.next())
            }
            do {
                let network = try ONNXFile.decode(bytes, file: "corrupt.onnx")
                #expect(!network.nodes.isEmpty)
            } catch let error as ONNXError {
                #expect(error.description.hasPrefix("corrupt.onnx"))
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    @Test("an unknown operator is named with its node")
    func unknownOperator() throws {
        var model = try model("typed_fields")
        model.graph.nodes[6].opType = "Selu"
        #expect(throws: ONNXError.unsupportedOperator(file: "selu.onnx", node: "relu", op: "Selu")) {
            try ONNXFile.decode(self.encode(model), file: "selu.onnx")
        }
        model.graph.nodes[6].opType = "Relu"
        model.graph.nodes[6].domain = "com.microsoft"
        #expect(throws: ONNXError.unsupportedOperator(file: "ms.onnx", node: "relu", op: "com.microsoft.Relu")) {
            try ONNXFile.decode(self.encode(model), file: "ms.onnx")
        }
    }

    @Test("NaN and infinite weights are rejected, naming the tensor")
    func nonFiniteWeights() throws {
        for value in [Float.nan, .infinity] {
            var model = try model("mlp")
            let index = try #require(model.graph.initializers.firstIndex { $0.dims.count == 2 })
            var floats = try model.graph.initializers[index].floats(file: "")
            floats[17] = value
            let tensor = model.graph.initializers[index]
            model.graph.initializers[index] = ONNXProto.Tensor(name: tensor.name, dims: tensor.dims, floats: floats)
            #expect(throws: ONNXError.badTensor(file: "nan.onnx", tensor: tensor.name, reason: "holds NaN or infinite values")) {
                try ONNXFile.decode(self.encode(model), file: "nan.onnx")
            }
        }
    }

    @Test("a weight whose shape does not fit its input is a shape mismatch naming the node")
    func shapeMismatch() throws {
        var model = try model("lenet5")
        let index = try #require(model.graph.initializers.firstIndex { $0.dims == [120, 400] })
        let floats = try model.graph.initializers[index].floats(file: "")
        model.graph.initializers[index] = ONNXProto.Tensor(name: model.graph.initializers[index].name, dims: [120, 399], floats: Array(floats[0..<(120 * 399)]))
        let error = #expect(throws: ONNXError.self) { try ONNXFile.decode(self.encode(model), file: "shape.onnx") }
        guard case .invalidNetwork(let file, .shapeMismatch(let node, _)) = error else {
            Issue.record("expected a shape mismatch, got \(String(describing: error))")
            return
        }
        #expect(file == "shape.onnx")
        #expect(node.contains("Gemm"))
    }

    @Test("tensor data that do not match their dimensions are rejected")
    func tensorSize() throws {
        var model = try model("typed_fields")
        model.graph.initializers[0].dims = [6, 6]
        #expect(throws: ONNXError.badTensor(file: "size.onnx", tensor: "W", reason: "30 values for dimensions [6, 6]")) {
            try ONNXFile.decode(self.encode(model), file: "size.onnx")
        }
    }

    @Test("an opset older than 9 is rejected")
    func oldOpset() throws {
        var model = try model("typed_fields")
        model.opsets = [("", 8)]
        #expect(throws: ONNXError.unsupportedOpset(file: "old.onnx", version: 8)) { try ONNXFile.decode(self.encode(model), file: "old.onnx") }
    }

    @Test("unsupported attributes name the node, the attribute and what is allowed")
    func unsupportedAttribute() throws {
        var model = try model("lenet5")
        let index = try #require(model.graph.nodes.firstIndex { $0.opType == "MaxPool" })
        model.graph.nodes[index].attributes.removeAll { $0.name == "storage_order" }
        model.graph.nodes[index].attributes.append(ONNXProto.Attribute(name: "storage_order", int: 1))
        let error = #expect(throws: ONNXError.self) { try ONNXFile.decode(self.encode(model), file: "order.onnx") }
        #expect(error?.description.contains("storage_order is 1, supported 0") == true)
    }

    @Test("a group count that does not divide the channels is a shape error naming the node")
    func badGroups() throws {
        var model = try model("lenet5")
        let index = try #require(model.graph.nodes.firstIndex { $0.opType == "Conv" })
        model.graph.nodes[index].attributes.removeAll { $0.name == "group" }
        model.graph.nodes[index].attributes.append(ONNXProto.Attribute(name: "group", int: 2))
        let error = #expect(throws: ONNXError.self) { try ONNXFile.decode(self.encode(model), file: "group.onnx") }
        guard case .invalidNetwork(_, .shapeMismatch(let node, _)) = error else {
            Issue.record("expected a shape mismatch, got \(String(describing: error))")
            return
        }
        #expect(node == model.graph.nodes[index].name)
    }

    @Test("a file that is not protobuf is rejected, naming the file")
    func notProtobuf() {
        let error = #expect(throws: ONNXError.self) { try ONNXFile.decode(Array("hello, world".utf8), file: "text.onnx") }
        #expect(error?.description.hasPrefix("text.onnx") == true)
        #expect(throws: ONNXError.self) { try ONNXFile.read(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx")) }
    }

    @Test("a varint of more than 10 bytes is malformed")
    func longVarint() {
        var reader = ProtobufReader([UInt8](repeating: 0xFF, count: 11)[...], file: "v.onnx")
        #expect(throws: ONNXError.malformed(file: "v.onnx", offset: 0, reason: "v: varint longer than 10 bytes")) { try reader.varint(field: "v") }
    }

    @Test("hand-encoded typed tensor fields decode: float_data, double_data, int64_data, packed and not")
    func typedFields() throws {
        // TensorProto { dims: 2 (field 1), data_type: DOUBLE (2: 11), double_data packed (10): 1.5, -2.25 }
        let doubles: [UInt8] = [0x08, 0x02, 0x10, 0x0B, 0x52, 0x10] + [0, 0, 0, 0, 0, 0, 0xF8, 0x3F] + [0, 0, 0, 0, 0, 0, 0x02, 0xC0]
        let d = try ONNXProto.Tensor(ProtobufReader(doubles[...], file: "d"))
        #expect(try d.floats(file: "d") == [1.5, -2.25])
        // TensorProto { dims: 3, data_type: INT64 (7), int64_data unpacked (7): 0, -1, 300 }
        let ints: [UInt8] = [0x08, 0x03, 0x10, 0x07, 0x38, 0x00, 0x38] + [UInt8](repeating: 0xFF, count: 9) + [0x01, 0x38, 0xAC, 0x02]
        let i = try ONNXProto.Tensor(ProtobufReader(ints[...], file: "i"))
        #expect(try i.integers(file: "i") == [0, -1, 300])
        // TensorProto { dims: 1, data_type: FLOAT, float_data unpacked (4, fixed32): 0.5 }
        let floats: [UInt8] = [0x08, 0x01, 0x10, 0x01, 0x25, 0x00, 0x00, 0x00, 0x3F]
        #expect(try ONNXProto.Tensor(ProtobufReader(floats[...], file: "f")).floats(file: "f") == [0.5])
    }
}
