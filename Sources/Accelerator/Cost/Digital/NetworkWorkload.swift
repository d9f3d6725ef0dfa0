import Network

/// The work one inference of a quantized network asks of any accelerator: the shape and bit
/// widths of every Conv2D/Dense matrix product and every pooling, read from the
/// ``QuantizedNetwork``'s steps. ReLUs are fused into the preceding layer's requantization by
/// the quantizer; a standalone ReLU or reshape is taken as free.
public struct NetworkWorkload: Sendable, Equatable {
    /// One Conv2D/Dense layer as a matrix product of an M × K input by a K × N weight matrix.
    public struct MatrixLayer: Sendable, Equatable {
        /// Layer name.
        public let name: String
        /// M: rows per image (1 for Dense, output pixels for Conv2D).
        public let rowsPerImage: Int
        /// K: weight rows of one group (input features, or C_in/G·kH·kW: a digital MAC grid computes a grouped convolution group by group).
        public let inputSize: Int
        /// N: weight columns (output features or channels).
        public let outputSize: Int
        /// Elements of the layer's input tensor per image (K for Dense, C_in·H·W for Conv2D).
        public let inputElements: Int
        /// Bits per weight.
        public let weightBits: Int
        /// Bits per input activation.
        public let inputBits: Int
        /// Bits per output activation, or `nil` for the last layer (its accumulators leave).
        public let outputBits: Int?
        /// Dense, or Conv2D with its geometry (input channels, window, spatial sizes in and
        /// out): what a line buffer or a row-stationary mapping reuses.
        public let kind: QuantizedMatrixLayer.Kind
        /// G, the groups of a grouped convolution (1 otherwise).
        public let groups: Int

        /// Multiply-accumulates per image: M·K·N.
        public var macsPerImage: Int { rowsPerImage * inputSize * outputSize }
        /// Outputs per image: M·N.
        public var outputsPerImage: Int { rowsPerImage * outputSize }
        /// Weights: K·N.
        public var weights: Int { inputSize * outputSize }
    }

    /// One pooling step.
    public struct Pooling: Sendable, Equatable {
        /// Step name.
        public let name: String
        /// Output values per image.
        public let outputsPerImage: Int
        /// Input values each output reduces (the window's pixels; the whole plane for global
        /// average pooling).
        public let windowSize: Int
        /// Whether it takes the maximum (else the average).
        public let isMax: Bool
        /// Bits per value.
        public let bits: Int
    }

    /// The matrix layers, in execution order.
    public private(set) var matrixLayers: [MatrixLayer]
    /// The pooling steps, in execution order.
    public private(set) var poolings: [Pooling]
    /// Output values per image of the residual (Add) steps, each the requantized sum of two.
    public let residualAddsPerImage: Int
    /// Elements of one input image.
    public let inputElements: Int
    /// Bits per input element.
    public private(set) var inputBits: Int
    /// Elements of one output.
    public let outputElements: Int

    /// The workload of `network`.
    public init(_ network: QuantizedNetwork) {
        var layers: [MatrixLayer] = []
        var poolings: [Pooling] = []
        var residualAdds = 0
        let shapes = network.float.shapes
        for step in network.steps {
            let inputShape = shapes[step.inputs[0]] ?? network.float.inputShape
            switch step.operation {
            case .matrix(let layer):
                let rows: Int
                switch layer.kind {
                case .dense: rows = 1
                case .conv2D(_, _, _, _, let height, let width): rows = height * width
                }
                layers.append(MatrixLayer(
                    name: layer.name, rowsPerImage: rows, inputSize: layer.groupInputSize, outputSize: layer.outputSize,
                    inputElements: inputShape.reduce(1, *), weightBits: layer.weightBits, inputBits: layer.input.bits,
                    outputBits: layer.output?.bits, kind: layer.kind, groups: layer.groups))
            case .maxPool(let pool), .averagePool(let pool):
                let bits = network.quantization[step.output]?.bits ?? network.settings.activationBits
                let isMax: Bool
                if case .max = pool.kind { isMax = true } else { isMax = false }
                poolings.append(Pooling(
                    name: step.name, outputsPerImage: shapes[step.output]!.reduce(1, *),
                    windowSize: pool.window.kernelHeight * pool.window.kernelWidth, isMax: isMax, bits: bits))
            case .globalAveragePool:
                poolings.append(Pooling(
                    name: step.name, outputsPerImage: inputShape[0], windowSize: inputShape.dropFirst().reduce(1, *), isMax: false,
                    bits: network.quantization[step.output]?.bits ?? network.settings.activationBits))
            case .add:
                residualAdds += shapes[step.output]!.reduce(1, *)
            case .relu, .reshape, .digital:
                continue
            }
        }
        matrixLayers = layers
        self.poolings = poolings
        residualAddsPerImage = residualAdds
        inputElements = network.float.inputShape.reduce(1, *)
        inputBits = network.inputQuantization.bits
        outputElements = network.float.outputShape.reduce(1, *)
    }

    /// Multiply-accumulates per image over all matrix layers.
    public var macsPerImage: Int { matrixLayers.reduce(0) { $0 + $1.macsPerImage } }

    /// The same work with every weight `weightBits` and every activation (layer inputs and
    /// outputs, poolings, the input image) `inputBits` wide; the last layer's output stays at
    /// the accumulator width.
    public func atPrecision(weightBits: Int, inputBits: Int) -> NetworkWorkload {
        var copy = self
        copy.matrixLayers = matrixLayers.map { layer in
            MatrixLayer(
                name: layer.name, rowsPerImage: layer.rowsPerImage, inputSize: layer.inputSize, outputSize: layer.outputSize,
                inputElements: layer.inputElements, weightBits: weightBits, inputBits: inputBits, outputBits: layer.outputBits.map { _ in inputBits },
                kind: layer.kind, groups: layer.groups)
        }
        copy.poolings = poolings.map {
            Pooling(name: $0.name, outputsPerImage: $0.outputsPerImage, windowSize: $0.windowSize, isMax: $0.isMax, bits: inputBits)
        }
        copy.inputBits = inputBits
        return copy
    }

    /// Requantizations per image: one per matrix-layer output, one per average-pooling output,
    /// two per residual Add output.
    public var requantizationsPerImage: Int {
        matrixLayers.reduce(0) { $0 + $1.outputsPerImage } + poolings.filter { !$0.isMax }.reduce(0) { $0 + $1.outputsPerImage }
            + 2 * residualAddsPerImage
    }

    /// Pooling comparisons or additions per image: k − 1 per output of a k-value window.
    public var poolingOperationsPerImage: Int { poolings.reduce(0) { $0 + $1.outputsPerImage * ($1.windowSize - 1) } }

    /// Energy per image of the work outside the matrix products at 45 nm, joules: each
    /// requantization a 32-bit multiply and add, each pooling operation an add at the pooled
    /// width (``HorowitzFigures``); every baseline scales it to its node.
    public var nonMatrixJoulesAt45nm: Double {
        let requantization = HorowitzFigures.multiplierEnergyJoules(weightBits: 32, inputBits: 32) + HorowitzFigures.adderEnergyJoules(bits: 32)
        return Double(requantizationsPerImage) * requantization
            + poolings.reduce(0) { $0 + Double($1.outputsPerImage * ($1.windowSize - 1)) * HorowitzFigures.adderEnergyJoules(bits: $1.bits) }
    }
}
