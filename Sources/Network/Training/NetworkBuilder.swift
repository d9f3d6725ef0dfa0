import Numerics

/// Builds the graphs of the bundled architectures (``ModelArchitecture``, ``ModelZoo``) node by
/// node, with fresh weights: N(0, 2/fan_in) (He et al., "Delving deep into rectifiers", ICCV
/// 2015) from the stream (seed, `init/<node name>`), biases 0. Every method returns the name
/// of the value it writes and records its per-sample shape.
struct NetworkBuilder {
    /// The seed of every weight stream.
    let seed: UInt64
    /// The nodes so far.
    private(set) var nodes: [Node] = []
    /// The per-sample shape of every value so far.
    private(set) var shapes: [String: [Int]]
    /// The value the next layer reads by default.
    private(set) var last = "input"

    /// A builder whose input value `input` has per-sample shape `inputShape`.
    init(seed: UInt64, inputShape: [Int]) {
        self.seed = seed
        self.shapes = ["input": inputShape]
    }

    /// Appends `layer` as node `name` reading `inputs` (default: the last value).
    @discardableResult
    mutating func add(_ name: String, _ layer: Layer, inputs: [String]? = nil) -> String {
        let inputs = inputs ?? [last]
        do {
            try layer.validate(node: name)
            shapes[name] = try layer.outputShape(inputs.map { shapes[$0]! }, node: name)
        } catch {
            preconditionFailure("the built-in graph is invalid at \(name): \(error)")
        }
        nodes.append(Node(name: name, layer: layer, inputs: inputs, output: name))
        last = name
        return name
    }

    /// A convolution of `outChannels` square `kernel`s (He-initialised, bias 0), then a ReLU
    /// named `reluName` (default `<name>/relu`) unless `relu` is false.
    @discardableResult
    mutating func conv(
        _ name: String, from input: String? = nil, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1,
        relu: Bool = true, reluName: String? = nil
    ) -> String {
        let source = input ?? last
        let inChannels = shapes[source]![0]
        let weight = Self.heNormal(rows: inChannels / groups * kernel * kernel, columns: outChannels, seed: seed, node: name)
        let window = WindowGeometry(kernel: kernel, stride: stride, padding: padding)
        add(name, .conv2D(Conv2D(inChannels: inChannels, window: window, groups: groups, weight: weight, bias: .init(repeating: 0, count: outChannels))), inputs: [source])
        return relu ? add(reluName ?? name + "/relu", .relu) : name
    }

    /// A fully connected layer of `outputs` features, then a ReLU named `reluName` (default
    /// `<name>/relu`) unless `relu` is false.
    @discardableResult
    mutating func dense(_ name: String, _ outputs: Int, relu: Bool = true, reluName: String? = nil) -> String {
        let inputs = shapes[last]![0]
        add(name, .dense(Dense(weight: Self.heNormal(rows: inputs, columns: outputs, seed: seed, node: name), bias: .init(repeating: 0, count: outputs))))
        return relu ? add(reluName ?? name + "/relu", .relu) : name
    }

    /// Max pooling of square windows.
    @discardableResult
    mutating func maxPool(_ name: String, from input: String? = nil, kernel: Int, stride: Int, padding: Int = 0, ceilMode: Bool = false) -> String {
        let window = WindowGeometry(
            kernelHeight: kernel, kernelWidth: kernel, strideHeight: stride, strideWidth: stride, padTop: padding, padLeft: padding,
            padBottom: padding, padRight: padding, ceilMode: ceilMode)
        return add(name, .pool(Pool2D(kind: .max, window: window)), inputs: [input ?? last])
    }

    /// A spatial pyramid pool (He et al., ECCV 2014) of the last value, a C × a × a map: for
    /// each n of `bins`, a max pool into n × n bins (window ⌈a/n⌉, stride ⌊a/n⌋), flattened; the
    /// levels joined into one vector of C·Σn² values named `name`.
    @discardableResult
    mutating func spatialPyramidPool(_ name: String, bins: [Int]) -> String {
        let input = last
        let side = shapes[input]![1]
        let levels = bins.map { n in
            maxPool("\(name).\(n)x\(n)", from: input, kernel: (side + n - 1) / n, stride: side / n)
            return add("\(name).\(n)x\(n).flatten", .flatten)
        }
        return add(name, .concat(axis: 0, inputs: levels.count), inputs: levels)
    }

    /// The network from `input` to the last value.
    func network() -> Network {
        do {
            return try Network(inputName: "input", inputShape: shapes["input"]!, nodes: nodes, outputName: last)
        } catch {
            preconditionFailure("the built-in graph is invalid: \(error)")
        }
    }

    /// A `rows × columns` matrix of N(0, 2/rows) samples (rows = fan-in).
    static func heNormal(rows: Int, columns: Int, seed: UInt64, node: String) -> Matrix<Float> {
        var matrix = Matrix<Float>(rows: rows, columns: columns)
        var stream = RandomStream(seed: seed, key: "init/\(node)")
        let deviation = Float((2 / Double(rows)).squareRoot())
        matrix.withUnsafeMutableBufferPointer { stream.fillNormal($0, mean: 0, standardDeviation: deviation, threads: 1) }
        return matrix
    }
}
