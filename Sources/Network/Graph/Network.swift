import Numerics
import Synchronization

/// A neural network: a directed acyclic graph of named ``Node``s from one input value to one
/// output value, so that residual graphs are expressed as they are in ONNX.
///
/// Values are NCHW tensors with the batch first; ``inputShape`` and ``shapes`` give the
/// per-sample shape (without the batch). The initializer checks the graph — every value defined
/// once, no cycle, every layer's parameters valid and its input shapes fitting — and orders the
/// nodes topologically (keeping the given order where the graph allows).
public struct Network: Sendable {
    /// Name of the graph's input value.
    public let inputName: String
    /// Shape of one input sample, e.g. `[1, 28, 28]`.
    public let inputShape: [Int]
    /// The nodes in an order where every node comes after the producers of its inputs.
    public private(set) var nodes: [Node]
    /// Name of the graph's output value.
    public let outputName: String
    /// The per-sample shape of every value.
    public let shapes: [String: [Int]]
    /// Key–value notes about the model, kept through ONNX as its `metadata_props` (e.g. how it
    /// was trained: hardware-aware training records its device, architecture and effects); empty unless set or read.
    public var metadata: [String: String] = [:]

    /// A network over `nodes`; throws ``NetworkError`` if the graph is invalid.
    public init(inputName: String, inputShape: [Int], nodes: [Node], outputName: String) throws {
        guard !inputShape.isEmpty && inputShape.allSatisfy({ $0 >= 1 }) else {
            throw NetworkError.invalidParameter(node: inputName, field: "input shape", value: "\(inputShape)", allowed: "positive dimensions")
        }
        var producers: [String: Int] = [:]
        var names = Set<String>()
        for (index, node) in nodes.enumerated() {
            guard node.output != inputName, producers[node.output] == nil else { throw NetworkError.duplicateValue(node.output) }
            guard names.insert(node.name).inserted else { throw NetworkError.invalidParameter(node: node.name, field: "name", value: "used twice", allowed: "unique names") }
            producers[node.output] = index
            guard node.inputs.count == node.layer.inputCount else {
                throw NetworkError.wrongInputCount(node: node.name, expected: node.layer.inputCount, actual: node.inputs.count)
            }
            try node.layer.validate(node: node.name)
        }
        for node in nodes {
            for value in node.inputs where value != inputName && producers[value] == nil {
                throw NetworkError.undefinedValue(node: node.name, value: value)
            }
        }
        guard outputName == inputName || producers[outputName] != nil else {
            throw NetworkError.undefinedValue(node: "graph output", value: outputName)
        }
        // Kahn's algorithm, taking the earliest ready node each time.
        var waiting = nodes.map { node in Set(node.inputs.filter { $0 != inputName }).count }
        var consumers: [String: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            for value in Set(node.inputs) where value != inputName { consumers[value, default: []].append(index) }
        }
        var ready = Set(waiting.indices.filter { waiting[$0] == 0 })
        var ordered = [Node]()
        while let next = ready.min() {
            ready.remove(next)
            ordered.append(nodes[next])
            for consumer in consumers[nodes[next].output] ?? [] {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 { ready.insert(consumer) }
            }
        }
        guard ordered.count == nodes.count else {
            throw NetworkError.cycle(nodes: nodes.indices.filter { waiting[$0] > 0 }.map { nodes[$0].name })
        }
        var shapes = [inputName: inputShape]
        for node in ordered {
            shapes[node.output] = try node.layer.outputShape(node.inputs.map { shapes[$0]! }, node: node.name)
        }
        self.inputName = inputName
        self.inputShape = inputShape
        self.nodes = ordered
        self.outputName = outputName
        self.shapes = shapes
    }

    /// A network with the same graph and each node's layer replaced by `layers[i]`, which
    /// must have the same kind and parameter shapes (as ``Layer/replacingParameters(_:)`` gives).
    public func replacingLayers(_ layers: [Layer]) -> Network {
        precondition(layers.count == nodes.count)
        var copy = self
        copy.nodes = zip(nodes, layers).map { node, layer in
            var node = node
            node.layer = layer
            return node
        }
        return copy
    }

    /// The per-sample shape of the output.
    public var outputShape: [Int] { shapes[outputName]! }

    /// Indices in ``nodes`` of the nodes that read `value`.
    public func consumers(of value: String) -> [Int] {
        nodes.indices.filter { nodes[$0].inputs.contains(value) }
    }

    /// Checks that `input` is a batch of samples of ``inputShape``.
    func checkInput(_ input: Tensor<Float>) throws {
        guard input.rank == inputShape.count + 1, Array(input.shape.dropFirst()) == inputShape else {
            throw NetworkError.inputShape(expected: inputShape, actual: Array(input.shape.dropFirst()))
        }
    }

    /// The output for a batch `[B] + inputShape`; `threads` bounds the threads of the matrix
    /// products (default: all).
    public func forward(_ input: Tensor<Float>, threads: Int? = nil) throws -> Tensor<Float> {
        try checkInput(input)
        return evaluate(input, keepingAll: false, threads: threads)[outputName]!
    }

    /// Every value of the graph for a batch (`keepingAll`), or only the output, dropping each
    /// value after its last use.
    func evaluate(_ input: Tensor<Float>, keepingAll: Bool, threads: Int?) -> [String: Tensor<Float>] {
        evaluate(input, keepingAll: keepingAll, threads: threads) { _, _, _ in nil }
    }

    /// ``evaluate(_:keepingAll:threads:)`` with each Dense and Conv2D product computed by
    /// `multiplier` for the dataset images `images`; a grouped convolution is refused, naming its node.
    func evaluate(
        _ input: Tensor<Float>, keepingAll: Bool, threads: Int?, multiplier: any FloatMatrixMultiplier, images: Range<Int>
    ) throws -> [String: Tensor<Float>] {
        try evaluate(input, keepingAll: keepingAll, threads: threads) { node, inputs, matrixIndex in
            switch node.layer {
            case .dense(let dense):
                var product = try multiplier.multiply(inputs[0].matrix, layerIndex: matrixIndex, images: images)
                MatrixBias.add(dense.bias, to: &product)
                return Tensor(product)
            case .conv2D(let convolution):
                guard convolution.groups == 1 else {
                    throw NetworkError.invalidParameter(
                        node: node.name, field: "groups", value: "\(convolution.groups)",
                        allowed: "1 in a float pass with a matrix multiplier (analog tiles hold ungrouped convolutions)")
                }
                return try convolution.forward(inputs[0]) { columns in
                    try multiplier.multiply(columns, layerIndex: matrixIndex, images: images)
                }
            default:
                return nil
            }
        }
    }

    /// The graph's values, each node's output given by `matrixProduct(node, its inputs,
    /// matrix-layer index)` where that returns one, else by the layer's own forward pass.
    private func evaluate(
        _ input: Tensor<Float>, keepingAll: Bool, threads: Int?,
        matrixProduct: (Node, [Tensor<Float>], Int) throws -> Tensor<Float>?
    ) rethrows -> [String: Tensor<Float>] {
        var lastUse: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for value in node.inputs { lastUse[value] = index }
        }
        var values = [inputName: input]
        var matrixIndex = 0
        for (index, node) in nodes.enumerated() {
            let inputs = node.inputs.map { values[$0]! }
            let output = try matrixProduct(node, inputs, matrixIndex)
                ?? node.layer.forward(inputs, outputShape: shapes[node.output]!, threads: threads)
            if node.layer.isMatrixLayer { matrixIndex += 1 }
            values[node.output] = output
            if !keepingAll {
                for value in node.inputs where lastUse[value] == index && value != outputName { values[value] = nil }
            }
        }
        return values
    }

    /// The outputs for many samples, computed in batches of `batchSize` spread over `threads`
    /// threads (one batch per thread at a time). The result does not depend on either.
    public func outputs(for inputs: Tensor<Float>, batchSize: Int = 250, threads: Int? = nil) throws -> Tensor<Float> {
        try outputs(for: inputs, multiplier: nil, batchSize: batchSize, threads: threads)
    }

    /// ``outputs(for:batchSize:threads:)`` with every Dense product computed by `multiplier`
    /// (an analog model of float weights); sample i of `inputs` is dataset image i.
    public func outputs(
        for inputs: Tensor<Float>, multiplier: (any FloatMatrixMultiplier)?, batchSize: Int = 250, threads: Int? = nil
    ) throws -> Tensor<Float> {
        try checkInput(inputs)
        let count = inputs.batchSize
        let batches = (count + batchSize - 1) / batchSize
        let perSample = outputShape.reduce(1, *)
        var result = [Float](repeating: 0, count: count * perSample)
        let failure = Mutex<(any Error)?>(nil)
        result.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            Parallel.forEach(batches, threads: threads) { batch in
                let range = batch * batchSize ..< min(count, (batch + 1) * batchSize)
                let output: Tensor<Float>
                do {
                    let batchInput = inputs.slice(range)
                    let values = try multiplier.map { try evaluate(batchInput, keepingAll: false, threads: 1, multiplier: $0, images: range) }
                        ?? evaluate(batchInput, keepingAll: false, threads: 1)
                    output = values[outputName]!
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
                let destination = shared.value.baseAddress! + range.lowerBound * perSample
                output.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return Tensor(shape: [count] + outputShape, elements: result)
    }
}
