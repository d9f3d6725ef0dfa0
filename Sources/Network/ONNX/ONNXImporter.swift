import Foundation
import Numerics

/// Builds a ``Network`` from a decoded ONNX model.
///
/// Supported (default domain, opset ≥ 9; PyTorch 2.x exports of the torchvision classifiers at
/// opsets 11–18, with constant folding on or off):
/// - matrix layers: Conv (any `group`, `dilations`, asymmetric `pads`), Gemm, MatMul (constant
///   right operand); a constant Add right after one becomes its bias;
/// - pooling: MaxPool, AveragePool (`ceil_mode`, padding, `count_include_pad`),
///   GlobalAveragePool, ReduceMean over H and W;
/// - element-wise: Relu, Clip (min/max as attributes or inputs), Sigmoid, HardSigmoid,
///   HardSwish, Tanh, LeakyRelu, Add/Sub/Mul/Div with broadcasting of two computed tensors or of
///   one and a constant, BatchNormalization (inference), Softmax (last axis of a 2-D tensor);
/// - layout: Concat, Split, Slice (step 1 on computed tensors), Transpose, Reshape, Flatten
///   (axis 1), Squeeze, Unsqueeze, Pad (constant mode);
/// - removed: Identity, Dropout (inference), Cast to float of a computed tensor;
/// - folded at import when their inputs are constants or shapes: Constant, Shape, Gather,
///   Unsqueeze, Squeeze, Concat, Slice, Cast, Reshape, Transpose, ConstantOfShape, Identity and
///   Add/Sub/Mul/Div (see ``ONNXConstant``).
///
/// The graph has one non-constant input, whose first dimension is the batch (fixed or
/// symbolic), and one output. The batch axis is never transformed.
struct ONNXImporter {
    /// The operators the importer understands.
    static let supportedOperators = [
        "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "Div", "Dropout",
        "Flatten", "Gather", "Gemm", "GlobalAveragePool", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "MatMul", "MaxPool",
        "Mul", "Pad", "ReduceMean", "Relu", "Reshape", "Shape", "Sigmoid", "Slice", "Softmax", "Split", "Squeeze", "Sub", "Tanh",
        "Transpose", "Unsqueeze",
    ]

    /// The first dimension a folded `Shape` gives a tensor whose batch is symbolic: a Reshape
    /// target starting with it keeps the batch.
    static let symbolicBatch = -(1 << 40)

    let file: String
    let model: ONNXProto.Model
    private var constants: [String: ONNXProto.Tensor] = [:]
    private var aliases: [String: String] = [:]
    private var nodes: [Node] = []
    /// The per-sample shape of every computed value imported so far.
    private var shapes: [String: [Int]] = [:]
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
        let inputShape = input.dims.dropFirst().map { $0! }
        shapes[input.name] = inputShape
        for (index, node) in graph.nodes.enumerated() {
            try importNode(node, index: index)
        }
        do {
            var network = try Network(inputName: input.name, inputShape: inputShape, nodes: nodes, outputName: resolve(output.name))
            network.metadata = model.metadata
            return network
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

    /// Appends a layer reading `inputs` (resolved) and writing `output`, and records its shape.
    private mutating func append(_ layer: Layer, name: String, inputs: [String], output: String) throws {
        let inputs = inputs.map(resolve)
        do {
            try layer.validate(node: name)
            let inputShapes = try inputs.map { value in
                guard let shape = shapes[value] else { throw NetworkError.undefinedValue(node: name, value: value) }
                return shape
            }
            shapes[output] = try layer.outputShape(inputShapes, node: name)
        } catch let error as NetworkError {
            throw ONNXError.invalidNetwork(file: file, error: error)
        }
        nodes.append(Node(name: name, layer: layer, inputs: inputs, output: output))
    }

    /// The per-sample shape of computed input `position`.
    private func shape(_ node: ONNXProto.Node, _ position: Int, _ name: String) throws -> [Int] {
        let value = resolve(try input(node, position, name))
        guard let shape = shapes[value] else {
            throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (\(node.opType)) reads '\(value)', which is not computed before it")
        }
        return shape
    }

    /// A per-sample axis from an ONNX axis of a tensor of per-sample rank `rank` (batch
    /// included in ONNX's numbering); the batch axis is rejected.
    private func sampleAxis(_ axis: Int, rank: Int, node: String, attribute: String = "axis") throws -> Int {
        guard let normalized = ONNXConstant.normalize(axis, rank: rank + 1), normalized >= 1 else {
            throw ONNXError.unsupportedAttribute(
                file: file, node: node, attribute: attribute, value: "\(axis)", allowed: "an axis other than the batch (1…\(rank) or −\(rank)…−1)")
        }
        return normalized - 1
    }

    /// Whether every present input of `node` is a constant.
    private func allConstant(_ node: ONNXProto.Node) -> Bool {
        node.inputs.allSatisfy { $0.isEmpty || constants[$0] != nil }
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
        if node.opType == "Constant" {
            constants[output] = try constantValue(node)
            return
        }
        if let folded = try fold(node, name: name, attributes: attributes) {
            constants[output] = folded.tensor(name: output)
            return
        }
        func unary(_ layer: Layer) throws { try append(layer, name: name, inputs: [try input(node, 0, name)], output: output) }
        switch node.opType {
        case "Identity", "Dropout":
            aliases[output] = try input(node, 0, name)
        case "Cast":
            guard try attributes.int("to", default: 0) == ONNXProto.DataType.float.rawValue else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "to", value: "\(try attributes.int("to", default: 0))", allowed: "1 (float) for a computed tensor")
            }
            aliases[output] = try input(node, 0, name)
        case "Relu": try unary(.relu)
        case "Sigmoid": try unary(.pointwise(.sigmoid))
        case "Tanh": try unary(.pointwise(.tanh))
        case "HardSwish": try unary(.pointwise(.hardSwish))
        case "HardSigmoid":
            try unary(.pointwise(.hardSigmoid(alpha: try attributes.float("alpha", default: 0.2), beta: try attributes.float("beta", default: 0.5))))
        case "LeakyRelu": try unary(.pointwise(.leakyReLU(alpha: try attributes.float("alpha", default: 0.01))))
        case "Clip":
            var bounds = (minimum: -Float.greatestFiniteMagnitude, maximum: Float.greatestFiniteMagnitude)
            if opset < 11 {
                bounds = (try attributes.float("min", default: bounds.minimum), try attributes.float("max", default: bounds.maximum))
            } else {
                if node.inputs.count > 1, !node.inputs[1].isEmpty { bounds.minimum = try scalar(node, 1, name) }
                if node.inputs.count > 2, !node.inputs[2].isEmpty { bounds.maximum = try scalar(node, 2, name) }
            }
            try unary(.pointwise(.clip(minimum: bounds.minimum, maximum: bounds.maximum)))
        case "GlobalAveragePool": try unary(.globalAveragePool)
        case "ReduceMean": try importReduceMean(node, name: name, attributes: attributes, output: output)
        case "Softmax":
            let axis = try attributes.int("axis", default: opset >= 13 ? -1 : 1)
            guard axis == 1 || axis == -1 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axis", value: "\(axis)", allowed: "1 or -1 on [batch, classes]")
            }
            try unary(.softmax)
        case "Flatten":
            let axis = try attributes.int("axis", default: 1)
            guard axis == 1 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axis", value: "\(axis)", allowed: "1")
            }
            try unary(.flatten)
        case "Reshape":
            let target = try constant(node, 1, name).integers(file: file)
            try unary(.reshape(try perSampleShape(target, node: name)))
        case "Squeeze", "Unsqueeze":
            try importSqueeze(node, name: name, attributes: attributes, output: output)
        case "Transpose":
            let rank = try shape(node, 0, name).count
            let permutation = try attributes.ints("perm", default: Array((0...rank).reversed()))
            guard permutation.first == 0 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "perm", value: "\(permutation)", allowed: "a permutation keeping the batch first")
            }
            try unary(.transpose(permutation: permutation.dropFirst().map { $0 - 1 }))
        case "Concat":
            let rank = try shape(node, 0, name).count
            let axis = try sampleAxis(try attributes.int("axis", default: 1), rank: rank, node: name)
            let inputs = try node.inputs.indices.map { try input(node, $0, name) }
            if let constantInput = inputs.first(where: { constants[$0] != nil }) {
                throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (Concat) joins the constant '\(constantInput)' to computed tensors")
            }
            try append(.concat(axis: axis, inputs: inputs.count), name: name, inputs: inputs, output: output)
        case "Split": try importSplit(node, name: name, attributes: attributes)
        case "Slice": try importSlice(node, name: name, attributes: attributes, output: output)
        case "Pad": try importPad(node, name: name, attributes: attributes, output: output)
        case "Add", "Sub", "Mul", "Div":
            try importArithmetic(node, name: name, output: output)
        case "Gemm":
            try importGemm(node, name: name, attributes: attributes, output: output)
        case "MatMul":
            let b = try constant(node, 1, name)
            guard b.dims.count == 2 else {
                throw ONNXError.badTensor(file: file, tensor: b.name, reason: "MatMul weight has dimensions \(b.dims); expected [K, N]")
            }
            let weight = Matrix(rows: b.dims[0], columns: b.dims[1], elements: try b.floats(file: file))
            try unary(.dense(Dense(weight: weight, bias: [Float](repeating: 0, count: b.dims[1]))))
        case "Conv":
            try importConv(node, name: name, attributes: attributes, output: output)
        case "MaxPool", "AveragePool":
            try attributes.require("storage_order", equals: 0)
            guard let kernel = node.attribute("kernel_shape")?.ints, kernel.count == 2 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "kernel_shape", value: "missing or not 2-D", allowed: "[kH, kW]")
            }
            let window = try attributes.window(kernel: kernel, ceilMode: try attributes.int("ceil_mode", default: 0) != 0)
            let kind: Pool2D.Kind = node.opType == "MaxPool" ? .max : .average(countsPadding: try attributes.int("count_include_pad", default: 0) != 0)
            try unary(.pool(Pool2D(kind: kind, window: window)))
        case "BatchNormalization":
            try attributes.require("training_mode", equals: 0)
            let values = try (1...4).map { try constant(node, $0, name).floats(file: file) }
            let norm = BatchNorm(scale: values[0], offset: values[1], mean: values[2], variance: values[3], epsilon: try attributes.float("epsilon", default: 1e-5))
            try unary(.batchNorm(norm))
        default:
            throw ONNXError.unsupportedOperator(file: file, node: name, op: node.opType)
        }
    }

    /// The value of a node whose inputs are constants or (for Shape) whose shape is known, or
    /// `nil` if the node computes on the network's values.
    private func fold(_ node: ONNXProto.Node, name: String, attributes: Attributes) throws -> ONNXConstant? {
        func value(_ position: Int) throws -> ONNXConstant { try ONNXConstant(try constant(node, position, name), file: file) }
        func optional(_ position: Int) throws -> ONNXConstant? {
            position < node.inputs.count && !node.inputs[position].isEmpty ? try value(position) : nil
        }
        func invalid(_ reason: String) -> ONNXError { ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (\(node.opType)): \(reason)") }
        if node.opType == "Shape" {
            let full: [Int]
            if let constant = constants[node.inputs.first ?? ""] {
                full = constant.dims
            } else {
                full = [batchDimension ?? Self.symbolicBatch] + (try shape(node, 0, name))
            }
            return try shapeSlice(full.map(Double.init), attributes: attributes)
        }
        let foldable: Set = [
            "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Reshape", "Transpose", "ConstantOfShape", "Identity",
            "Add", "Sub", "Mul", "Div",
        ]
        guard foldable.contains(node.opType), allConstant(node), !node.inputs.isEmpty else { return nil }
        let x = try value(0)
        switch node.opType {
        case "Identity": return x
        case "Cast":
            let to = try attributes.int("to", default: 1)
            let integerTypes: Set = [2, 3, 4, 5, 6, 7, 12, 13]
            var result = x
            result.isInteger = integerTypes.contains(to)
            if result.isInteger { result.values = result.values.map { $0.rounded(.towardZero) } }
            return result
        case "Gather":
            guard let result = x.gathering(try value(1), axis: try attributes.int("axis", default: 0)) else { throw invalid("index out of range") }
            return result
        case "Unsqueeze", "Squeeze":
            let axes = try optional(1)?.integers ?? attributes.ints("axes", default: [])
            var dims = x.dims
            if node.opType == "Unsqueeze" {
                let rank = dims.count + axes.count
                let normalized = axes.compactMap { ONNXConstant.normalize($0, rank: rank) }.sorted()
                guard normalized.count == axes.count else { throw invalid("axes \(axes) out of range") }
                for axis in normalized { dims.insert(1, at: axis) }
            } else {
                let normalized = Set(axes.compactMap { ONNXConstant.normalize($0, rank: dims.count) })
                dims = dims.enumerated().filter { axes.isEmpty ? $0.element != 1 : !normalized.contains($0.offset) }.map(\.element)
            }
            return ONNXConstant(dims: dims, values: x.values, isInteger: x.isInteger)
        case "Concat":
            let parts = try node.inputs.indices.map(value)
            let rank = max(parts[0].dims.count, 1)
            guard let axis = ONNXConstant.normalize(try attributes.int("axis", default: 0), rank: rank) else { throw invalid("bad axis") }
            let padded = parts.map { $0.dims.isEmpty ? ONNXConstant(dims: [1], values: $0.values, isInteger: $0.isInteger) : $0 }
            let outer = padded[0].dims[..<axis].reduce(1, *)
            var values = [Double]()
            for o in 0..<outer {
                for part in padded {
                    let size = part.dims[axis...].reduce(1, *)
                    values += part.values[(o * size)..<((o + 1) * size)]
                }
            }
            var dims = padded[0].dims
            dims[axis] = padded.reduce(0) { $0 + $1.dims[axis] }
            return ONNXConstant(dims: dims, values: values, isInteger: padded.allSatisfy(\.isInteger))
        case "Slice":
            let starts = try value(1).integers, ends = try value(2).integers
            let axes = try optional(3)?.integers ?? Array(0..<starts.count)
            let steps = try optional(4)?.integers ?? Array(repeating: 1, count: starts.count)
            var result = x
            for i in starts.indices {
                guard let next = result.slicing(axis: axes[i], start: starts[i], end: ends[i], step: steps[i]) else { throw invalid("bad axis or step") }
                result = next
            }
            return result
        case "Reshape":
            var target = try value(1).integers
            for (i, dim) in target.enumerated() where dim == 0 && i < x.dims.count { target[i] = x.dims[i] }
            if let inferred = target.firstIndex(of: -1) {
                let known = target.filter { $0 != -1 }.reduce(1, *)
                guard known > 0 else { throw invalid("bad target shape") }
                target[inferred] = x.values.count / known
            }
            guard target.reduce(1, *) == x.values.count else { throw invalid("target shape \(target) for \(x.values.count) values") }
            return ONNXConstant(dims: target, values: x.values, isInteger: x.isInteger)
        case "Transpose":
            guard let result = x.transposed(try attributes.ints("perm", default: Array(x.dims.indices.reversed()))) else { throw invalid("bad permutation") }
            return result
        case "ConstantOfShape":
            let dims = x.integers
            guard dims.allSatisfy({ (0...(1 << 20)).contains($0) }), dims.reduce(1, *) <= 1 << 20 else { throw invalid("shape \(dims)") }
            let fill = try node.attribute("value")?.tensor.map { try ONNXConstant($0, file: file) } ?? ONNXConstant(dims: [1], values: [0], isInteger: false)
            return ONNXConstant(dims: dims, values: Array(repeating: fill.values.first ?? 0, count: dims.reduce(1, *)), isInteger: fill.isInteger)
        default:
            guard let result = x.combined(with: try value(1), node.opType) else { throw invalid("operands do not broadcast or divide by zero") }
            return result
        }
    }

    /// Elements `start`..<`end` (attributes of opset 15) of a folded Shape.
    private func shapeSlice(_ full: [Double], attributes: Attributes) throws -> ONNXConstant {
        let rank = full.count
        let indices = ONNXConstant.sliceIndices(
            extent: rank, start: try attributes.int("start", default: 0), end: try attributes.int("end", default: rank), step: 1)
        return ONNXConstant(dims: [indices.count], values: indices.map { full[$0] }, isInteger: true)
    }

    /// ReduceMean over H and W of an NCHW tensor: global average pooling, then a reshape to
    /// `[C]` when `keepdims` is 0.
    private mutating func importReduceMean(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
        let rank = try shape(node, 0, name).count
        let axes = try (opset >= 18 && node.inputs.count > 1 && !node.inputs[1].isEmpty
            ? constant(node, 1, name).integers(file: file) : attributes.ints("axes", default: []))
        let normalized = try axes.map { try sampleAxis($0, rank: rank, node: name, attribute: "axes") }.sorted()
        guard rank == 3, normalized == [1, 2] else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axes", value: "\(axes)", allowed: "[2, 3] (H and W of an NCHW tensor)")
        }
        let keep = try attributes.int("keepdims", default: 1) != 0
        let pooled = keep ? output : output + "/pooled"
        try append(.globalAveragePool, name: keep ? name : name + "/pool", inputs: [try input(node, 0, name)], output: pooled)
        if !keep { try append(.reshape([shapes[pooled]![0]]), name: name, inputs: [pooled], output: output) }
    }

    /// Squeeze or Unsqueeze of a computed tensor: a reshape to the resulting per-sample shape.
    private mutating func importSqueeze(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
        let input = try shape(node, 0, name)
        let axes = try (node.inputs.count > 1 && !node.inputs[1].isEmpty ? constant(node, 1, name).integers(file: file) : attributes.ints("axes", default: []))
        var full = [batchDimension ?? Self.symbolicBatch] + input
        if node.opType == "Unsqueeze" {
            let rank = full.count + axes.count
            for axis in try axes.map({ try sampleAxis($0, rank: rank - 1, node: name, attribute: "axes") + 1 }).sorted() { full.insert(1, at: axis) }
        } else {
            let removed = try Set(axes.map { try sampleAxis($0, rank: input.count, node: name, attribute: "axes") + 1 })
            full = full.enumerated().filter { axes.isEmpty ? ($0.offset == 0 || $0.element != 1) : !removed.contains($0.offset) }.map(\.element)
        }
        try append(.reshape(Array(full.dropFirst())), name: name, inputs: [try self.input(node, 0, name)], output: output)
    }

    /// Split along an axis: one slice node per output.
    private mutating func importSplit(_ node: ONNXProto.Node, name: String, attributes: Attributes) throws {
        let input = try shape(node, 0, name)
        let axis = try sampleAxis(try attributes.int("axis", default: 0), rank: input.count, node: name)
        let extent = input[axis]
        var sizes = try node.inputs.count > 1 && !node.inputs[1].isEmpty ? constant(node, 1, name).integers(file: file) : attributes.ints("split", default: [])
        if sizes.isEmpty {
            let parts = node.outputs.count
            let size = (extent + parts - 1) / parts
            sizes = (0..<parts).map { min(size, extent - $0 * size) }
        }
        guard sizes.count == node.outputs.count, sizes.reduce(0, +) == extent, sizes.allSatisfy({ $0 >= 1 }) else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "split", value: "\(sizes)", allowed: "\(node.outputs.count) positive sizes adding up to \(extent)")
        }
        var start = 0
        for (part, output) in zip(sizes, node.outputs) {
            try append(.slice(axis: axis, range: start ..< start + part), name: "\(name)/\(output)", inputs: [try self.input(node, 0, name)], output: output)
            start += part
        }
    }

    /// Slice of a computed tensor (step 1, the batch axis untouched): one slice node per axis.
    private mutating func importSlice(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
        let input = try shape(node, 0, name)
        let starts = try opset >= 10 ? constant(node, 1, name).integers(file: file) : attributes.ints("starts", default: [])
        let ends = try opset >= 10 ? constant(node, 2, name).integers(file: file) : attributes.ints("ends", default: [])
        let axes = try opset >= 10 && node.inputs.count > 3 && !node.inputs[3].isEmpty
            ? constant(node, 3, name).integers(file: file) : attributes.ints("axes", default: Array(0..<starts.count))
        let steps = try node.inputs.count > 4 && !node.inputs[4].isEmpty ? constant(node, 4, name).integers(file: file) : Array(repeating: 1, count: starts.count)
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else {
            throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (Slice) has starts, ends, axes and steps of different lengths")
        }
        var current = try self.input(node, 0, name)
        var pending = [(axis: Int, range: Range<Int>)]()
        for i in starts.indices {
            guard let full = ONNXConstant.normalize(axes[i], rank: input.count + 1), steps[i] == 1 else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axes/steps", value: "\(axes[i]) / \(steps[i])", allowed: "an axis of the tensor, step 1")
            }
            if full == 0 {
                // The batch: only a slice keeping all of it is supported.
                guard starts[i] == 0, ends[i] >= (batchDimension ?? Int.max) else {
                    throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "axes", value: "\(axes[i])", allowed: "axes other than the batch")
                }
                continue
            }
            let indices = ONNXConstant.sliceIndices(extent: input[full - 1], start: starts[i], end: ends[i], step: 1)
            guard let first = indices.first else {
                throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "starts/ends", value: "\(starts[i])…\(ends[i])", allowed: "a non-empty range")
            }
            pending.append((full - 1, first ..< first + indices.count))
        }
        if pending.isEmpty {
            aliases[output] = current
            return
        }
        for (k, slice) in pending.enumerated() {
            let last = k == pending.count - 1
            let target = last ? output : "\(output)/axis\(slice.axis)"
            try append(.slice(axis: slice.axis, range: slice.range), name: last ? name : "\(name)/axis\(slice.axis)", inputs: [current], output: target)
            current = target
        }
    }

    /// Pad in constant mode; pads of the batch axis must be 0.
    private mutating func importPad(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
        let input = try shape(node, 0, name)
        let mode = node.attribute("mode")?.string ?? "constant"
        guard mode == "constant" else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "mode", value: mode, allowed: "constant")
        }
        var pads: [Int]
        var value: Float = 0
        if opset >= 11 {
            pads = try constant(node, 1, name).integers(file: file)
            if node.inputs.count > 2, !node.inputs[2].isEmpty { value = try scalar(node, 2, name) }
            if node.inputs.count > 3, !node.inputs[3].isEmpty {
                // opset 18 `axes`: pads for these axes only.
                let axes = try constant(node, 3, name).integers(file: file)
                let rank = input.count + 1
                var full = [Int](repeating: 0, count: 2 * rank)
                for (i, axis) in axes.enumerated() {
                    guard let a = ONNXConstant.normalize(axis, rank: rank) else { continue }
                    full[a] = pads[i]
                    full[rank + a] = pads[axes.count + i]
                }
                pads = full
            }
        } else {
            pads = try attributes.ints("pads", default: [])
            value = try attributes.float("value", default: 0)
        }
        let rank = input.count + 1
        guard pads.count == 2 * rank, pads[0] == 0, pads[rank] == 0, pads.allSatisfy({ $0 >= 0 }) else {
            throw ONNXError.unsupportedAttribute(
                file: file, node: name, attribute: "pads", value: "\(pads)", allowed: "\(2 * rank) non-negative values, 0 for the batch axis")
        }
        try append(
            .pad(before: Array(pads[1..<rank]), after: Array(pads[(rank + 1)...]), value: value), name: name,
            inputs: [try self.input(node, 0, name)], output: output)
    }

    /// A constant scalar (Clip bounds, Pad value).
    private func scalar(_ node: ONNXProto.Node, _ position: Int, _ name: String) throws -> Float {
        let values = try constant(node, position, name).floats(file: file)
        guard values.count == 1 else {
            throw ONNXError.badTensor(file: file, tensor: node.inputs[position], reason: "\(values.count) values where a scalar is expected")
        }
        return values[0]
    }

    /// Gemm: Y = α·A·op(B) + β·C with constant B and C, A not transposed.
    private mutating func importGemm(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
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
        try append(.dense(Dense(weight: weight, bias: bias)), name: name, inputs: [try input(node, 0, name)], output: output)
    }

    /// Conv with a constant weight `[C_out, C_in/group, kH, kW]` and optional bias.
    private mutating func importConv(_ node: ONNXProto.Node, name: String, attributes: Attributes, output: String) throws {
        let w = try constant(node, 1, name)
        guard w.dims.count == 4 else {
            throw ONNXError.badTensor(file: file, tensor: w.name, reason: "Conv weight has dimensions \(w.dims); expected [C_out, C_in/group, kH, kW] (2-D convolution)")
        }
        let groups = try attributes.int("group", default: 1)
        guard groups >= 1 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "group", value: "\(groups)", allowed: "≥ 1")
        }
        let (outChannels, groupChannels, kh, kw) = (w.dims[0], w.dims[1], w.dims[2], w.dims[3])
        if let kernel = node.attribute("kernel_shape")?.ints, kernel != [kh, kw] {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "kernel_shape", value: "\(kernel)", allowed: "[\(kh), \(kw)] as the weight")
        }
        let onnxWeight = try w.floats(file: file)
        // ONNX [C_out, C_in/G·kH·kW] → Crossbar (C_in/G·kH·kW) × C_out.
        let weight = Matrix(rows: outChannels, columns: groupChannels * kh * kw, elements: onnxWeight).transposed
        var bias = [Float](repeating: 0, count: outChannels)
        if node.inputs.count > 2, !node.inputs[2].isEmpty {
            bias = try biasValues(try constant(node, 2, name), channels: outChannels, spatialRank: 0)
        }
        let conv = Conv2D(
            inChannels: groupChannels * groups, window: try attributes.window(kernel: [kh, kw]), groups: groups, weight: weight, bias: bias)
        try append(.conv2D(conv), name: name, inputs: [try input(node, 0, name)], output: output)
    }

    /// Add, Sub, Mul or Div: of two computed tensors (``Layer/add`` when an Add of equal
    /// shapes, else ``Layer/arithmetic(_:)``), or of a computed tensor and a constant — folded
    /// into the bias of the matrix layer that alone produces the other operand for an Add of a
    /// per-channel bias, else an arithmetic layer with the constant.
    private mutating func importArithmetic(_ node: ONNXProto.Node, name: String, output: String) throws {
        guard node.inputs.count == 2 else {
            throw ONNXError.unsupportedGraph(file: file, reason: "node '\(name)' (\(node.opType)) has \(node.inputs.count) inputs, expected 2")
        }
        let operation = ElementwiseArithmetic.Operator(rawValue: node.opType)!
        guard let constantIndex = node.inputs.firstIndex(where: { constants[$0] != nil }) else {
            let (left, right) = (try shape(node, 0, name), try shape(node, 1, name))
            let layer: Layer = operation == .add && left == right ? .add : .arithmetic(ElementwiseArithmetic(operation: operation))
            try append(layer, name: name, inputs: node.inputs, output: output)
            return
        }
        let operand = resolve(node.inputs[1 - constantIndex])
        let sample = try shape(node, 1 - constantIndex, name)
        let tensor = constants[node.inputs[constantIndex]]!
        if operation == .add, try foldBias(tensor, into: operand, output: output) { return }
        var dims = tensor.dims
        if dims.count == sample.count + 1 {
            guard dims[0] == 1 else {
                throw ONNXError.badTensor(file: file, tensor: tensor.name, reason: "constant of dimensions \(tensor.dims) would broadcast over the batch")
            }
            dims.removeFirst()
        }
        guard dims.count <= sample.count else {
            throw ONNXError.badTensor(file: file, tensor: tensor.name, reason: "constant of dimensions \(tensor.dims) has more axes than the tensor it combines with")
        }
        let constant = Tensor(shape: dims, elements: try tensor.floats(file: file))
        let arithmetic = ElementwiseArithmetic(operation: operation, constant: constant, constantIsLeft: constantIndex == 0)
        try append(.arithmetic(arithmetic), name: name, inputs: [operand], output: output)
    }

    /// Adds a per-channel constant to the bias of the Conv/Gemm/MatMul that produces `operand`
    /// and that nothing else reads, renaming its output; `false` if that does not apply.
    private mutating func foldBias(_ tensor: ONNXProto.Tensor, into operand: String, output: String) throws -> Bool {
        guard let producer = nodes.lastIndex(where: { $0.output == operand }), operand != resolve(model.graph.outputs[0].name),
            !nodes.contains(where: { $0.inputs.contains(operand) }),
            !model.graph.nodes.contains(where: { $0.outputs.first != output && $0.inputs.map(resolve).contains(operand) })
        else { return false }
        switch nodes[producer].layer {
        case .dense(var dense):
            guard let extra = try? biasValues(tensor, channels: dense.outFeatures, spatialRank: 0) else { return false }
            dense.bias = zip(dense.bias, extra).map(+)
            nodes[producer].layer = .dense(dense)
        case .conv2D(var conv):
            guard let extra = try? biasValues(tensor, channels: conv.outChannels, spatialRank: 2) else { return false }
            conv.bias = zip(conv.bias, extra).map(+)
            nodes[producer].layer = .conv2D(conv)
        default:
            return false
        }
        nodes[producer].output = output
        shapes[output] = shapes[operand]
        return true
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
        let batchKept = first == 0 || first == Self.symbolicBatch || (first == -1 && !rest.contains(-1)) || (batchDimension != nil && first == batchDimension)
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

    /// Strides, dilations and padding (`pads` = [top, left, bottom, right], or `auto_pad`
    /// VALID) of a 2-D window.
    func window(kernel: [Int], ceilMode: Bool = false) throws -> WindowGeometry {
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
        let dilations = try ints("dilations", default: [1, 1])
        guard dilations.count == 2 else {
            throw ONNXError.unsupportedAttribute(file: file, node: name, attribute: "dilations", value: "\(dilations)", allowed: "[dH, dW]")
        }
        let window = WindowGeometry(
            kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: strides[0], strideWidth: strides[1],
            padTop: pads[0], padLeft: pads[1], padBottom: pads[2], padRight: pads[3],
            dilationHeight: dilations[0], dilationWidth: dilations[1], ceilMode: ceilMode)
        do {
            try window.validate(node: name)
        } catch let error as NetworkError {
            throw ONNXError.invalidNetwork(file: file, error: error)
        }
        return window
    }
}
