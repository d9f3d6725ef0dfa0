import DataFiles
import Foundation
import Numerics

/// Reads and writes networks as ONNX model files (Open Neural Network Exchange,
/// https://onnx.ai), decoding and encoding the protobuf wire format by hand.
///
/// Reading supports the operators of ``ONNXImporter`` (see ``supportedOperators``); writing
/// emits opset 14 (IR version 8) with inputs `[N] + inputShape` where N is symbolic, Dense as
/// `Gemm` (B stored K × N, `transB = 0`), Conv2D as `Conv` (weight `[C_out, C_in/group, kH, kW]`),
/// the other layers as their ONNX operators with constant operands as initializers, and float32
/// weights in `raw_data`, so onnxruntime, Netron or PyTorch can load the file.
public enum ONNXFile {
    /// The operators ``read(contentsOf:)`` accepts.
    public static var supportedOperators: [String] { ONNXImporter.supportedOperators }

    /// The opset written by ``encode(_:)``.
    public static let writtenOpset = 14

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
        model.metadata = network.metadata
        let float = ONNXProto.DataType.float.rawValue
        model.graph.inputs = [ONNXProto.ValueInfo(name: network.inputName, elementType: float, dims: [nil] + network.inputShape)]
        model.graph.outputs = [ONNXProto.ValueInfo(name: network.outputName, elementType: float, dims: [nil] + network.outputShape)]
        for node in network.nodes {
            let (onnxNode, initializers) = exportNode(node)
            model.graph.nodes.append(onnxNode)
            model.graph.initializers += initializers
        }
        var writer = ProtobufWriter()
        model.encode(into: &writer)
        return writer.bytes
    }

    /// One node as an ONNX node and the initializers it reads.
    private static func exportNode(_ node: Node) -> (ONNXProto.Node, [ONNXProto.Tensor]) {
        typealias Attribute = ONNXProto.Attribute
        func make(_ op: String, _ attributes: [Attribute] = [], initializers: [ONNXProto.Tensor] = []) -> (ONNXProto.Node, [ONNXProto.Tensor]) {
            (ONNXProto.Node(name: node.name, opType: op, inputs: node.inputs + initializers.map(\.name), outputs: [node.output], attributes: attributes), initializers)
        }
        func windowAttributes(_ window: WindowGeometry) -> [Attribute] {
            [
                Attribute(name: "kernel_shape", ints: [window.kernelHeight, window.kernelWidth]),
                Attribute(name: "strides", ints: [window.strideHeight, window.strideWidth]),
                Attribute(name: "pads", ints: [window.padTop, window.padLeft, window.padBottom, window.padRight]),
                Attribute(name: "dilations", ints: [window.dilationHeight, window.dilationWidth]),
            ]
        }
        func integers(_ suffix: String, _ values: [Int]) -> ONNXProto.Tensor {
            ONNXProto.Tensor(name: node.name + suffix, dims: [values.count], int64s: values.map { Int64($0) })
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
                "Conv", windowAttributes(window) + [Attribute(name: "group", int: conv.groups)],
                initializers: [
                    ONNXProto.Tensor(
                        name: node.name + ".weight", dims: [conv.outChannels, conv.inChannels / conv.groups, window.kernelHeight, window.kernelWidth],
                        floats: conv.weight.transposed.elements),
                    ONNXProto.Tensor(name: node.name + ".bias", dims: [conv.outChannels], floats: conv.bias),
                ])
        case .pool(let pool):
            let attributes = windowAttributes(pool.window) + [Attribute(name: "ceil_mode", int: pool.window.ceilMode ? 1 : 0)]
            switch pool.kind {
            case .max: return make("MaxPool", attributes)
            case .average(let countsPadding):
                // AveragePool has dilations only from opset 19.
                return make("AveragePool", attributes.filter { $0.name != "dilations" } + [Attribute(name: "count_include_pad", int: countsPadding ? 1 : 0)])
            }
        case .globalAveragePool: return make("GlobalAveragePool")
        case .relu: return make("Relu")
        case .flatten: return make("Flatten", [Attribute(name: "axis", int: 1)])
        case .reshape(let shape):
            return make("Reshape", initializers: [ONNXProto.Tensor(name: node.name + ".shape", dims: [shape.count + 1], int64s: ([0] + shape).map { Int64($0) })])
        case .add: return make("Add")
        case .softmax: return make("Softmax", [Attribute(name: "axis", int: 1)])
        case .pointwise(let function):
            switch function {
            case .clip(let minimum, let maximum):
                return make("Clip", initializers: [
                    ONNXProto.Tensor(name: node.name + ".min", dims: [], floats: [minimum]),
                    ONNXProto.Tensor(name: node.name + ".max", dims: [], floats: [maximum]),
                ])
            case .hardSigmoid(let alpha, let beta):
                return make("HardSigmoid", [Attribute(name: "alpha", float: alpha), Attribute(name: "beta", float: beta)])
            case .leakyReLU(let alpha): return make("LeakyRelu", [Attribute(name: "alpha", float: alpha)])
            case .sigmoid, .hardSwish, .tanh: return make(function.operatorName)
            }
        case .arithmetic(let arithmetic):
            guard let constant = arithmetic.constant else { return make(arithmetic.operation.rawValue) }
            let tensor = ONNXProto.Tensor(name: node.name + ".constant", dims: constant.shape, floats: constant.elements)
            let inputs = arithmetic.constantIsLeft ? [tensor.name] + node.inputs : node.inputs + [tensor.name]
            return (ONNXProto.Node(name: node.name, opType: arithmetic.operation.rawValue, inputs: inputs, outputs: [node.output]), [tensor])
        case .concat(let axis, _): return make("Concat", [Attribute(name: "axis", int: axis + 1)])
        case .slice(let axis, let range):
            return make("Slice", initializers: [integers(".starts", [range.lowerBound]), integers(".ends", [range.upperBound]), integers(".axes", [axis + 1])])
        case .transpose(let permutation): return make("Transpose", [Attribute(name: "perm", ints: [0] + permutation.map { $0 + 1 })])
        case .pad(let before, let after, let value):
            return make("Pad", initializers: [
                integers(".pads", [0] + before + [0] + after), ONNXProto.Tensor(name: node.name + ".value", dims: [], floats: [value]),
            ])
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
