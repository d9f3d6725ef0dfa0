import Foundation
import Numerics

/// Builds a ``Network`` from a decoded ONNX model.
///
/// Supported (default domain, opset ≥ 9): Gemm, MatMul (constant right operand), Add (two
/// computed tensors, or a constant bias right after Gemm/MatMul/Conv), Conv, Relu, MaxPool,
/// AveragePool, GlobalAveragePool, Flatten (axis 1), Reshape (constant shape),
/// BatchNormalization (inference), Softmax (last axis of a 2-D tensor), Identity, Dropout
/// (inference: the identity) and Constant. The graph has one non-constant input, whose first
/// dimension is the batch, and one output.
struct ONNXImporter {
    /// The operators the importer understands.
    static let supportedOperators = [
        "Add", "AveragePool", "BatchNormalization", "Constant", "Conv", "Dropout", "Flatten", "Gemm", "GlobalAveragePool",
        "Identity", "MatMul", "MaxPool", "Relu", "Reshape", "Softmax",
    ]

    let file: String
    let model: ONNXProto.Model
    private var constants: [String: ONNXProto.Tensor] = [:]
    private var aliases: [String: String] = [:]
    private var nodes: [Node] = []
    private var opset = 0
    private var batchDimension: Int?

    init(model: ONNXProto.Model, file: String) {
        self.model = model
        self.file = file
    }

    /// The network the model describes.
    mutating func makeNetwork() throws -> Network {
        let defaultOpsets = model.opsets.filter { $0.domain == "" || $0.domain == "ai.onnx" }
        guard let version = defaultOpsets.map(\.version).max(), version >= 9 else {
            throw ONNXError.unsupportedOpset(file: file, version: defaultOpsets.map(\.version).max())
        }
        opset = version
        let graph = model.graph
        for tensor in graph.initializers { constants[tensor.name] = tensor }
        for node in graph.nodes where node.opType == "Constant" {
            constants[node.outputs.first ?? ""] = try constantValue(node)
        }
        let inputs = graph.inputs.filter { constants[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw ONNXError.unsupportedGraph(
                file: file, reason: "the graph has \(inputs.count) non-constant inputs (\(inputs.map(\.name))); Crossbar needs exactly one")
        }
        guard graph.outputs.count == 1, let output = graph.outputs.first else {
            throw ONNXError.unsupportedGraph(file: file, reason: "the graph has \(graph.outputs.count) outputs; Crossbar needs exactly one")
        }
        guard input.elementType == ONNXProto.DataType.float.rawValue else {
            throw ONNXError.unsupportedGraph(file: file, reason: "input '\(input.name)' has element type \(input.elementType); Crossbar needs float (1)")
        }
        guard input.hasShape, input.dims.count >= 2, input.dims.dropFirst().allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ONNXError.unsupportedGraph(
                file: file,
                reason: "input '\(input.name)' must declare a shape [batch, d₁, …] with known positive d₁, …; it declares \(input.dims.map { $0.map(String.init) ?? "?" })")
        }
        batchDimension = input.dims[0]
        for (index, node) in graph.nodes.enumerated() where node.opType != "Constant" {
            try importNode(node, index: index)
        }
        let resolvedNodes = nodes.map { node in
            var node = node
            node.inputs = node.inputs.map(resolve)
            return node
        }
        do {
            return try Network(inputName: input.name, inputShape: input.dims.dropFirst().map { $0! }, nodes: resolvedNodes, outputName: resolve(output.name))
        } catch let error as NetworkError {
            throw ONNXError.invalidNetwork(file: file, error: error)
        }
    }

    /// The value `name` stands for once Identity and Dropout nodes are removed.
    private func resolve(_ name: String) -> String {
        var name = name
        while let target = aliases[name] { name = target }
        return name
    }

    private mutating func importNode(_ node: ONNXProto.Node, index: Int) throws {
        let name = node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
        guard node.domain == "" || node.domain == "ai.onnx" else {
            throw ONNXError.unsupportedOperator(file: file, node: name, op: "\(node.domain).\(node.opType)")
        }
        guard let output = node.outputs.first, !output.isEmpty else {
            throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' has no output")
        }
        let attributes = Attributes(node: node, name: name, file: file)
        func append(_ layer: Layer, inputs: [String]) {
            nodes.append(Node(name: name, layer: layer, inputs: inputs, output: output))
        }
        switch node.opType {
        case "Identity", "Dropout":
            aliases[output] = try input(node, 0, name)
        case "Relu":
            append(.relu, inputs: [try input(node, 0, name)])
        case "GlobalAveragePool":
            append(.globalAveragePool, inputs: [try input(node, 0, name)])
        case "Softmax":
            let axis = try attributes.int("axis", default: opset >= 13 ? -1 : 1)
            guard axis == 1 || axis == -1 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axis", value: "\(axis)", allowed: "1 or -1 on [batch, classes]")
            }
            append(.softmax, inputs: [try input(node, 0, name)])
        case "Flatten":
            let axis = try attributes.int("axis", default: 1)
            guard axis == 1 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axis", value: "\(axis)", allowed: "1")
            }
            append(.flatten, inputs: [try input(node, 0, name)])
        case "Reshape":
            let shape = try constant(node, 1, name).integers(file: file)
            append(.reshape(try perSampleShape(shape, node: name)), inputs: [try input(node, 0, name)])
        case "Add":
            try importAdd(node, name: name, output: output)
        case "Gemm":
            try importGemm(node, name: name, attributes: attributes, append: append)
        case "MatMul":
            let b = try constant(node, 1, name)
            guard b.dims.count == 2 else {
                throw ONNXError.badTensor(file: file, tensor: b.name, reason: "MatMul weight has dimensions \(b.dims); expected [K, N]")
            }
            let weight = Matrix(rows: b.dims[0], columns: b.dims[1], elements: try b.floats(file: file))
            append(.dense(Dense(weight: weight, bias: [Float](repeating: 0, count: b.dims[1]))), inputs: [try input(node, 0, name)])
        case "Conv":
            try importConv(node, name: name, attributes: attributes, append: append)
        case "MaxPool", "AveragePool":
            try attributes.require("ceil_mode", equals: 0)
            try attributes.require("storage_order", equals: 0)
            guard try attributes.ints("dilations", default: [1, 1]).allSatisfy({ $0 == 1 }) else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "dilations", value: "\(try attributes.ints("dilations", default: []))", allowed: "[1, 1]")
            }
            guard let kernel = node.attribute("kernel_shape")?.ints, kernel.count == 2 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "kernel_shape", value: "missing or not 2-D", allowed: "[kH, kW]")
            }
            let window = try attributes.window(kernel: kernel)
            let kind: Pool2D.Kind = node.opType == "MaxPool" ? .max : .average(countsPadding: try attributes.int("count_include_pad", default: 0) != 0)
            append(.pool(Pool2D(kind: kind, window: window)), inputs: [try input(node, 0, name)])
        case "BatchNormalization":
            try attributes.require("training_mode", equals: 0)
            let values = try (1...4).map { try constant(node, $0, name).floats(file: file) }
            let norm = BatchNorm(scale: values[0], offset: values[1], mean: values[2], variance: values[3], epsilon: try attributes.float("epsilon", default: 1e-5))
            append(.batchNorm(norm), inputs: [try input(node, 0, name)])
        default:
            throw ONNXError.unsupportedOperator(file: file, node: name, op: node.opType)
        }
    }

    /// Gemm: Y = α·A·op(B) + β·C with constant B and C, A not transposed.
    private func importGemm(_ node: ONNXProto.Node, name: String, attributes: Attributes, append: (Layer, [String]) -> Void) throws {
        try attributes.require("transA", equals: 0)
        let alpha = try attributes.float("alpha", default: 1)
        let beta = try attributes.float("beta", default: 1)
        let transposeB = try attributes.int("transB", default: 0) != 0
        let b = try constant(node, 1, name)
        guard b.dims.count == 2 else {
            throw ONNXError.badTensor(file: file, tensor: b.name, reason: "Gemm weight has dimensions \(b.dims); expected 2")
        }
        var weight = Matrix(rows: b.dims[0], columns: b.dims[1], elements: try b.floats(file: file).map { alpha * $0 })
        if transposeB { weight = weight.transposed }
        var bias = [Float](repeating: 0, count: weight.columns)
        if node.inputs.count > 2, !node.inputs[2].isEmpty {
            bias = try biasValues(try constant(node, 2, name), channels: weight.columns, spatialRank: 0).map { beta * $0 }
        }
        append(.dense(Dense(weight: weight, bias: bias)), [try input(node, 0, name)])
    }

    /// Conv with a constant weight `[C_out, C_in, kH, kW]` and optional bias.
    private func importConv(_ node: ONNXProto.Node, name: String, attributes: Attributes, append: (Layer, [String]) -> Void) throws {
        try attributes.require("group", equals: 1)
        guard try attributes.ints("dilations", default: [1, 1]).allSatisfy({ $0 == 1 }) else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "dilations", value: "\(try attributes.ints("dilations", default: []))", allowed: "[1, 1]")
        }
        let w = try constant(node, 1, name)
        guard w.dims.count == 4 else {
            throw ONNXError.badTensor(file: file, tensor: w.name, reason: "Conv weight has dimensions \(w.dims); expected [C_out, C_in, kH, kW] (2-D convolution)")
        }
        let (outChannels, inChannels, kh, kw) = (w.dims[0], w.dims[1], w.dims[2], w.dims[3])
        if let kernel = node.attribute("kernel_shape")?.ints, kernel != [kh, kw] {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "kernel_shape", value: "\(kernel)", allowed: "[\(kh), \(kw)] as the weight")
        }
        let onnxWeight = try w.floats(file: file)
        // ONNX [C_out, C_in·kH·kW] → Crossbar (C_in·kH·kW) × C_out.
        let weight = Matrix(rows: outChannels, columns: inChannels * kh * kw, elements: onnxWeight).transposed
        var bias = [Float](repeating: 0, count: outChannels)
        if node.inputs.count > 2, !node.inputs[2].isEmpty {
            bias = try biasValues(try constant(node, 2, name), channels: outChannels, spatialRank: 0)
        }
        let conv = Conv2D(inChannels: inChannels, window: try attributes.window(kernel: [kh, kw]), weight: weight, bias: bias)
        append(.conv2D(conv), [try input(node, 0, name)])
    }

    /// Add of two computed tensors, or of a constant bias folded into the matrix layer that
    /// produces the other operand.
    private mutating func importAdd(_ node: ONNXProto.Node, name: String, output: String) throws {
        guard node.inputs.count == 2 else { throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (Add) has \(node.inputs.count) inputs, expected 2") }
        let constantIndex = node.inputs.firstIndex { constants[$0] != nil }
        guard let constantIndex else {
            nodes.append(Node(name: name, layer: .add, inputs: node.inputs, output: output))
            return
        }
        let operand = resolve(node.inputs[1 - constantIndex])
        guard let producer = nodes.lastIndex(where: { $0.output == operand }), nodes[producer].layer.isMatrixLayer else {
            throw ONNXError.unsupportedGraph(
                file: file, reason: "node '\(name)' adds a constant to '\(operand)'; Crossbar supports constant addition only as the bias of a Gemm, MatMul or Conv")
        }
        let tensor = constants[node.inputs[constantIndex]]!
        switch nodes[producer].layer {
        case .dense(var dense):
            let extra = try biasValues(tensor, channels: dense.outFeatures, spatialRank: 0)
            dense.bias = zip(dense.bias, extra).map(+)
            nodes[producer].layer = .dense(dense)
        case .conv2D(var conv):
            let extra = try biasValues(tensor, channels: conv.outChannels, spatialRank: 2)
            conv.bias = zip(conv.bias, extra).map(+)
            nodes[producer].layer = .conv2D(conv)
        default:
            preconditionFailure("isMatrixLayer covers Dense and Conv2D only")
        }
        nodes[producer].output = output
    }

    /// A per-channel bias from a tensor broadcastable along axis 1: `[C]`, `[1, C]`, or for a
    /// convolution (`spatialRank` 2) also `[C, 1, 1]` and `[1, C, 1, 1]`.
    private func biasValues(_ tensor: ONNXProto.Tensor, channels: Int, spatialRank: Int) throws -> [Float] {
        var dims = tensor.dims
        if dims.count == spatialRank + 2, dims.first == 1 { dims.removeFirst() }
        let allowed = dims == [channels] || (spatialRank > 0 && dims == [channels] + Array(repeating: 1, count: spatialRank))
        guard allowed else {
            throw ONNXError.badTensor(file: file, tensor: tensor.name, reason: "bias of dimensions \(tensor.dims) does not broadcast over \(channels) channels")
        }
        return try tensor.floats(file: file)
    }

    /// ONNX Reshape's target shape (batch first) as a per-sample shape for ``Layer/reshape(_:)``.
    private func perSampleShape(_ shape: [Int], node: String) throws -> [Int] {
        guard let first = shape.first, shape.count >= 2 else {
            throw ONNXError.unsupportedAttribute(file: file, node: node, attribute: "shape", value: "\(shape)", allowed: "[batch, d₁, …]")
        }
        let rest = Array(shape.dropFirst())
        let batchKept = first == 0 || (first == -1 && !rest.contains(-1)) || (batchDimension != nil && first == batchDimension)
        guard batchKept else {
            throw ONNXError.unsupportedAttribute(
                file: file, node: node, attribute: "shape", value: "\(shape)", allowed: "a first dimension of 0, −1 or the batch size, leaving the batch unchanged")
        }
        return rest
    }

    /// Input `position` of a node, which must be present.
    private func input(_ node: ONNXProto.Node, _ position: Int, _ name: String) throws -> String {
        guard position < node.inputs.count, !node.inputs[position].isEmpty else {
            throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (\(node.opType)) lacks input \(position)")
        }
        return node.inputs[position]
    }

    /// Input `position` of a node, which must be an initializer or a Constant's output.
    private func constant(_ node: ONNXProto.Node, _ position: Int, _ name: String) throws -> ONNXProto.Tensor {
        let value = try input(node, position, name)
        guard let tensor = constants[value] else {
            throw ONNXError.unsupportedGraph(
                file: file, reason: "node '\(name)' (\(node.opType)) input \(position) '\(value)' must be a constant (initializer or Constant)")
        }
        return tensor
    }

    /// The tensor a Constant node holds.
    private func constantValue(_ node: ONNXProto.Node) throws -> ONNXProto.Tensor {
        let name = node.name.isEmpty ? (node.outputs.first ?? "Constant") : node.name
        guard let attribute = node.attributes.first else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "value", value: "missing", allowed: "value, value_float(s) or value_int(s)")
        }
        let output = node.outputs.first ?? ""
        switch attribute.name {
        case "value":
            guard var tensor = attribute.tensor else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "value", value: "not a tensor", allowed: "a tensor")
            }
            tensor.name = output
            return tensor
        case "value_float": return ONNXProto.Tensor(name: output, dims: [], floats: [attribute.float])
        case "value_floats": return ONNXProto.Tensor(name: output, dims: [attribute.floats.count], floats: attribute.floats)
        case "value_int": return ONNXProto.Tensor(name: output, dims: [], int64s: [Int64(attribute.int)])
        case "value_ints": return ONNXProto.Tensor(name: output, dims: [attribute.ints.count], int64s: attribute.ints.map { Int64($0) })
        default:
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: attribute.name, value: "present", allowed: "value, value_float(s) or value_int(s)")
        }
    }
}

/// Typed access to a node's attributes, with errors naming the file, node and attribute.
private struct Attributes {
    let node: ONNXProto.Node
    let name: String
    let file: String

    func int(_ key: String, default value: Int) throws -> Int {
        guard let attribute = node.attribute(key) else { return value }
        guard attribute.type == ONNXProto.Attribute.Kind.int.rawValue || attribute.type == 0 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: key, value: "of type \(attribute.type)", allowed: "an integer")
        }
        return attribute.int
    }

    func float(_ key: String, default value: Float) throws -> Float {
        guard let attribute = node.attribute(key) else { return value }
        guard attribute.type == ONNXProto.Attribute.Kind.float.rawValue || attribute.type == 0, attribute.float.isFinite else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: key, value: "\(attribute.float) of type \(attribute.type)", allowed: "a finite float")
        }
        return attribute.float
    }

    func ints(_ key: String, default value: [Int]) throws -> [Int] {
        guard let attribute = node.attribute(key) else { return value }
        guard attribute.type == ONNXProto.Attribute.Kind.ints.rawValue || attribute.type == 0 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: key, value: "of type \(attribute.type)", allowed: "a list of integers")
        }
        return attribute.ints
    }

    func require(_ key: String, equals expected: Int) throws {
        let value = try int(key, default: expected)
        guard value == expected else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: key, value: "\(value)", allowed: "\(expected)")
        }
    }

    /// Strides and padding (`pads` = [top, left, bottom, right], or `auto_pad` VALID) of a 2-D window.
    func window(kernel: [Int]) throws -> WindowGeometry {
        let autoPad = node.attribute("auto_pad")?.string ?? "NOTSET"
        guard autoPad == "NOTSET" || autoPad == "VALID" || autoPad.isEmpty else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "auto_pad", value: autoPad, allowed: "NOTSET or VALID (explicit pads)")
        }
        let strides = try ints("strides", default: [1, 1])
        let pads = try ints("pads", default: [0, 0, 0, 0])
        guard strides.count == 2 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "strides", value: "\(strides)", allowed: "[sH, sW]")
        }
        guard pads.count == 4 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "pads", value: "\(pads)", allowed: "[top, left, bottom, right]")
        }
        let window = WindowGeometry(
            kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: strides[0], strideWidth: strides[1],
            padTop: pads[0], padLeft: pads[1], padBottom: pads[2], padRight: pads[3])
        do {
            try window.validate(node: name)
        } catch let error as NetworkError {
            throw ONNXError.invalidNetwork(file: file, error: error)
        }
        return window
    }
}
