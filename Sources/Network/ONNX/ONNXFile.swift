import DataFiles
import Foundation
import Numerics

/// Reads and writes networks as ONNX model files (Open Neural Network Exchange,
/// https://onnx.ai), decoding and encoding the protobuf wire format by hand.
///
/// Reading supports the operators of ``ONNXImporter`` (see ``supportedOperators``); writing
/// emits opset 13 (IR version 8) with inputs `[N] + inputShape` where N is symbolic, Dense as
/// `Gemm` (B stored K × N, `transB = 0`), Conv2D as `Conv` (weight `[C_out, C_in, kH, kW]`),
/// and float32 weights in `raw_data`, so onnxruntime, Netron or PyTorch can load the file.
public enum ONNXFile {
    /// The operators ``read(contentsOf:)`` accepts.
    public static var supportedOperators: [String] { ONNXImporter.supportedOperators }

    /// The opset written by ``encode(_:)``.
    public static let writtenOpset = 13

    /// The network stored in the ONNX file at `url`.
    public static func read(contentsOf url: URL) throws -> Network {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ONNXError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try decode([UInt8](data), file: url.path)
    }

    /// The network encoded in ONNX bytes; `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> Network {
        let model = try ONNXProto.Model(ProtobufReader(bytes[...], file: file))
        var importer = ONNXImporter(model: model, file: file)
        return try importer.makeNetwork()
    }

    /// Writes `network` as an ONNX file at `url`.
    public static func write(_ network: Network, to url: URL) throws {
        do {
            try Data(encode(network)).write(to: url, options: .atomic)
        } catch {
            throw ONNXError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }

    /// The ONNX encoding of `network`.
    public static func encode(_ network: Network) -> [UInt8] {
        var model = ONNXProto.Model()
        model.irVersion = 8
        model.opsets = [("", writtenOpset)]
        model.producerName = "crossbar"
        model.producerVersion = CrossbarVersion.current
        model.graph.name = "crossbar"
        let float = ONNXProto.DataType.float.rawValue
        model.graph.inputs = [ONNXProto.ValueInfo(name: network.inputName, elementType: float, dims: [nil] + network.inputShape)]
        model.graph.outputs = [ONNXProto.ValueInfo(name: network.outputName, elementType: float, dims: [nil] + network.outputShape)]
        for node in network.nodes {
            let (onnxNode, initializers) = exportNode(node, inputShape: network.shapes[node.inputs[0]]!)
            model.graph.nodes.append(onnxNode)
            model.graph.initializers += initializers
        }
        var writer = ProtobufWriter()
        model.encode(into: &writer)
        return writer.bytes
    }

    /// One node as an ONNX node and the initializers it reads.
    private static func exportNode(_ node: Node, inputShape: [Int]) -> (ONNXProto.Node, [ONNXProto.Tensor]) {
        typealias Attribute = ONNXProto.Attribute
        func make(_ op: String, _ attributes: [Attribute] = [], initializers: [ONNXProto.Tensor] = []) -> (ONNXProto.Node, [ONNXProto.Tensor]) {
            (ONNXProto.Node(name: node.name, opType: op, inputs: node.inputs + initializers.map(\.name), outputs: [node.output], attributes: attributes), initializers)
        }
        func windowAttributes(_ window: WindowGeometry) -> [Attribute] {
            [
                Attribute(name: "kernel_shape", ints: [window.kernelHeight, window.kernelWidth]),
                Attribute(name: "strides", ints: [window.strideHeight, window.strideWidth]),
                Attribute(name: "pads", ints: [window.padTop, window.padLeft, window.padBottom, window.padRight]),
            ]
        }
        switch node.layer {
        case .dense(let dense):
            return make(
                "Gemm", [Attribute(name: "transB", int: 0)],
                initializers: [
                    ONNXProto.Tensor(name: node.name + ".weight", dims: [dense.inFeatures, dense.outFeatures], floats: dense.weight.elements),
                    ONNXProto.Tensor(name: node.name + ".bias", dims: [dense.outFeatures], floats: dense.bias),
                ])
        case .conv2D(let conv):
            let window = conv.window
            return make(
                "Conv", windowAttributes(window) + [Attribute(name: "dilations", ints: [1, 1]), Attribute(name: "group", int: 1)],
                initializers: [
                    ONNXProto.Tensor(
                        name: node.name + ".weight", dims: [conv.outChannels, conv.inChannels, window.kernelHeight, window.kernelWidth],
                        floats: conv.weight.transposed.elements),
                    ONNXProto.Tensor(name: node.name + ".bias", dims: [conv.outChannels], floats: conv.bias),
                ])
        case .pool(let pool):
            switch pool.kind {
            case .max: return make("MaxPool", windowAttributes(pool.window))
            case .average(let countsPadding):
                return make("AveragePool", windowAttributes(pool.window) + [Attribute(name: "count_include_pad", int: countsPadding ? 1 : 0)])
            }
        case .globalAveragePool: return make("GlobalAveragePool")
        case .relu: return make("Relu")
        case .flatten: return make("Flatten", [Attribute(name: "axis", int: 1)])
        case .reshape(let shape):
            return make("Reshape", initializers: [ONNXProto.Tensor(name: node.name + ".shape", dims: [shape.count + 1], int64s: ([0] + shape).map { Int64($0) })])
        case .add: return make("Add")
        case .softmax: return make("Softmax", [Attribute(name: "axis", int: 1)])
        case .batchNorm(let norm):
            return make(
                "BatchNormalization", [Attribute(name: "epsilon", float: norm.epsilon)],
                initializers: [
                    ONNXProto.Tensor(name: node.name + ".scale", dims: [norm.channels], floats: norm.scale),
                    ONNXProto.Tensor(name: node.name + ".offset", dims: [norm.channels], floats: norm.offset),
                    ONNXProto.Tensor(name: node.name + ".mean", dims: [norm.channels], floats: norm.mean),
                    ONNXProto.Tensor(name: node.name + ".variance", dims: [norm.channels], floats: norm.variance),
                ])
        }
    }
}
