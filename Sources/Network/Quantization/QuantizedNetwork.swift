import Foundation
import Numerics
import Synchronization

/// A network in integer form, and its integer forward pass: the digital baseline.
///
/// Made by post-training quantization of a float ``Network``: BatchNorms are folded into the
/// preceding Conv2D/Dense, ReLUs that alone read a Conv2D/Dense/Add output are fused into it,
/// the scale of the input and of every Conv2D/Dense/Add output is calibrated on images (see
/// ``QuantizationSettings``), and weights become per-channel symmetric integers (see
/// ``QuantizedMatrixLayer`` for the exact arithmetic). Activations are `Int16`.
///
/// The integer pass, layer by layer, in exact integer arithmetic:
/// - input: q = clamp(round_half_even(x / s_in)), unsigned when no calibration pixel is negative;
/// - Conv2D/Dense: im2col, the matrix product by an ``IntegerMatrixMultiplier`` (digital:
///   ``DigitalMatrixMultiplier``; analog: a crossbar model), Int32 bias, requantization;
/// - ReLU: max(q, 0), same scale (one magnitude bit fewer when its input was signed);
/// - MaxPool: the largest q; AvgPool and GlobalAveragePool: the Int32 window sum divided by the
///   divisor, rounded half away from zero, same scale;
/// - Flatten/Reshape: the same integers;
/// - Add of equal shapes: q = clamp(R_a(q_a) + R_b(q_b)) with ``Requantizer``s for s_a/s_y and
///   s_b/s_y (clamped at 0 when a ReLU is fused);
/// - every other layer runs in the digital units (``Operation/digital(_:)``), per tensor:
///   dequantize each input (x = s·q in `Float`), apply the float layer, requantize the result,
///   q_y = clamp(round_half_even(y / s_y)) into the output's range. s_y is calibrated like every
///   other activation (its range from the calibration images; unsigned when no calibration value
///   is negative). Layers that only move elements (Transpose, Slice/Split, Pad with 0, see
///   ``Layer/movesDataOnly``) keep the input's scale, so their integers move unchanged. This
///   covers Clip (ReLU6), Sigmoid, HardSigmoid, HardSwish, Tanh, LeakyRelu, Add/Sub/Mul/Div with
///   broadcasting or a constant, Concat, a BatchNorm that cannot be folded, and a Softmax that is
///   not last. Each element depends only on its own inputs, so the pass is deterministic and
///   independent of batching and threads (transcendental functions come from the platform's
///   libm, identical on one platform);
/// - output: the last Conv2D/Dense is dequantized from its accumulators; any other last layer's
///   integers are multiplied by their scale; a final Softmax is applied to that in `Float`.
public struct QuantizedNetwork: Sendable {
    /// What one step of the integer pass computes.
    public enum Operation: Sendable {
        /// A Conv2D or Dense layer.
        case matrix(QuantizedMatrixLayer)
        /// Max pooling of integers.
        case maxPool(Pool2D)
        /// Average pooling: window sum / divisor, rounded half away from zero.
        case averagePool(Pool2D)
        /// Plane sum / (H·W), rounded half away from zero.
        case globalAveragePool
        /// max(q, 0).
        case relu
        /// The same integers in another per-sample shape.
        case reshape([Int])
        /// Requantized sum of two tensors, with an optional fused ReLU.
        case add(left: Requantizer, right: Requantizer, appliesReLU: Bool)
        /// A layer of the digital units: inputs dequantized, the float layer, the result
        /// requantized to the output's scale.
        case digital(Layer)
    }

    /// One step: an operation reading named values and writing one.
    public struct Step: Sendable {
        /// Name of the float node (for a fused layer, the Conv2D/Dense/Add node).
        public let name: String
        /// The computation.
        public let operation: Operation
        /// Values read.
        public let inputs: [String]
        /// Value written.
        public let output: String
    }

    /// The BatchNorm-folded float network the integers come from.
    public let float: Network
    /// The settings used.
    public let settings: QuantizationSettings
    /// Quantization of every integer value (including the input).
    public let quantization: [String: ActivationQuantization]
    /// The steps, in execution order.
    public let steps: [Step]
    /// The value whose (dequantized) integers are the output before any softmax.
    public let outputValue: String
    /// Whether a final Softmax is applied in `Float` to the dequantized output.
    public let appliesSoftmax: Bool

    /// The Conv2D/Dense layers in execution order (``MatrixProductRequest/layerIndex`` order).
    public var matrixLayers: [QuantizedMatrixLayer] {
        steps.compactMap { step in
            if case .matrix(let layer) = step.operation { return layer }
            return nil
        }
    }

    /// Quantization of the network input.
    public var inputQuantization: ActivationQuantization { quantization[float.inputName]! }

    /// Quantizes `network`, calibrating activation scales on `calibrationImages` (a batch of
    /// inputs of the network's input shape).
    public init(quantizing network: Network, calibrationImages: Tensor<Float>, settings: QuantizationSettings) throws {
        let folded = try network.foldingBatchNorm()
        try folded.checkInput(calibrationImages)
        guard calibrationImages.batchSize > 0 else {
            throw QuantizationError.invalidSetting(field: "calibration images", value: "0", allowed: "at least 1")
        }
        var nodes = folded.nodes
        var outputValue = folded.outputName
        var appliesSoftmax = false
        if let last = nodes.last, last.output == outputValue, case .softmax = last.layer {
            appliesSoftmax = true
            outputValue = last.inputs[0]
            nodes.removeLast()
        }
        let statistics = Self.calibrate(folded, images: calibrationImages, calibration: settings.calibration)
        let bits = settings.activationBits
        var quantization = [folded.inputName: ActivationQuantization(
            range: statistics[folded.inputName]!.range, bits: bits, isSigned: statistics[folded.inputName]!.minimum < 0)]
        var steps = [Step]()
        var fused = Set<Int>()
        /// The index of the ReLU that alone reads `value`, if any (never for the output).
        func fusableReLU(after value: String) -> Int? {
            let readers = nodes.indices.filter { nodes[$0].inputs.contains(value) }
            guard value != outputValue, readers.count == 1, case .relu = nodes[readers[0]].layer else { return nil }
            return readers[0]
        }
        for (index, node) in nodes.enumerated() where !fused.contains(index) {
            let input = quantization[node.inputs[0]]!
            var output = node.output
            var appliesReLU = false
            var fusesReLU = node.layer.isMatrixLayer
            if case .add = node.layer { fusesReLU = true }
            if fusesReLU, let relu = fusableReLU(after: node.output) {
                fused.insert(relu)
                output = nodes[relu].output
                appliesReLU = true
            }
            let operation: Operation
            switch node.layer {
            case .dense(let dense):
                let outputQuantization = output == outputValue ? nil : ActivationQuantization(range: statistics[output]!.range, bits: bits, isSigned: !appliesReLU)
                operation = .matrix(try QuantizedMatrixLayer(
                    name: node.name, kind: .dense, inputValue: node.inputs[0], outputValue: output, weight: dense.weight, bias: dense.bias,
                    weightBits: settings.weightBits, input: input, output: outputQuantization, appliesReLU: appliesReLU))
                if let outputQuantization { quantization[output] = outputQuantization }
            case .conv2D(let conv):
                let inShape = folded.shapes[node.inputs[0]]!, outShape = folded.shapes[node.output]!
                let kind = QuantizedMatrixLayer.Kind.conv2D(
                    inChannels: conv.inChannels, window: conv.window, inputHeight: inShape[1], inputWidth: inShape[2],
                    outputHeight: outShape[1], outputWidth: outShape[2])
                let outputQuantization = output == outputValue ? nil : ActivationQuantization(range: statistics[output]!.range, bits: bits, isSigned: !appliesReLU)
                operation = .matrix(try QuantizedMatrixLayer(
                    name: node.name, kind: kind, inputValue: node.inputs[0], outputValue: output, weight: conv.weight, bias: conv.bias,
                    groups: conv.groups, weightBits: settings.weightBits, input: input, output: outputQuantization, appliesReLU: appliesReLU))
                if let outputQuantization { quantization[output] = outputQuantization }
            case .add:
                let right = quantization[node.inputs[1]]!
                let outputQuantization = ActivationQuantization(
                    range: statistics[output]!.range, bits: bits, isSigned: !(appliesReLU || (!input.isSigned && !right.isSigned)))
                operation = .add(
                    left: try Requantizer(real: Double(input.scale) / Double(outputQuantization.scale), node: node.name),
                    right: try Requantizer(real: Double(right.scale) / Double(outputQuantization.scale), node: node.name),
                    appliesReLU: appliesReLU)
                quantization[output] = outputQuantization
            case .relu:
                operation = .relu
                quantization[output] = input.isSigned ? ActivationQuantization(scale: input.scale, bits: input.bits - 1, isSigned: false) : input
            case .pool(let pool):
                operation = pool.kind == .max ? .maxPool(pool) : .averagePool(pool)
                quantization[output] = input
            case .globalAveragePool:
                operation = .globalAveragePool
                quantization[output] = input
            case .flatten, .reshape:
                operation = .reshape(folded.shapes[output]!)
                quantization[output] = input
            case .batchNorm, .softmax, .pointwise, .arithmetic, .concat, .slice, .transpose, .pad:
                operation = .digital(node.layer)
                let range = statistics[output]!
                quantization[output] = node.layer.movesDataOnly ? input : ActivationQuantization(range: range.range, bits: bits, isSigned: range.minimum < 0)
            }
            steps.append(Step(name: node.name, operation: operation, inputs: node.inputs, output: output))
        }
        self.float = folded
        self.settings = settings
        self.quantization = quantization
        self.steps = steps
        self.outputValue = outputValue
        self.appliesSoftmax = appliesSoftmax
    }

    /// The range (largest |x|, or its percentile) and the minimum of every value of `network`
    /// over `images`.
    private static func calibrate(
        _ network: Network, images: Tensor<Float>, calibration: QuantizationSettings.Calibration
    ) -> [String: (range: Float, minimum: Float)] {
        var maxima: [String: Float] = [:]
        var minima: [String: Float] = [:]
        var magnitudes: [String: [Float]] = [:]
        // At most 2²⁶ values (256 MiB) kept at once, and at most 100 images.
        let batchSize = max(1, min(100, (1 << 26) / max(1, network.shapes.values.reduce(0) { $0 + $1.reduce(1, *) })))
        for start in stride(from: 0, to: images.batchSize, by: batchSize) {
            let values = network.evaluate(images.slice(start ..< min(images.batchSize, start + batchSize)), keepingAll: true, threads: nil)
            for (name, tensor) in values {
                maxima[name] = max(maxima[name] ?? 0, tensor.elements.lazy.map(abs).max() ?? 0)
                minima[name] = min(minima[name] ?? 0, tensor.elements.min() ?? 0)
                if case .percentile = calibration { magnitudes[name, default: []] += tensor.elements.map(abs) }
            }
        }
        return maxima.reduce(into: [:]) { result, entry in
            var range = entry.value
            if case .percentile(let p) = calibration, var all = magnitudes[entry.key], !all.isEmpty {
                all.sort()
                range = all[min(all.count - 1, Int((p / 100 * Double(all.count)).rounded(.up)) - 1)]
            }
            result[entry.key] = (range, minima[entry.key]!)
        }
    }

    /// The result of the integer pass on a batch.
    public struct ForwardResult<Record: Sendable>: Sendable {
        /// The network's outputs, dequantized (and softmax-ed if the float network ends so).
        public let outputs: Tensor<Float>
        /// Every integer value, when recording was asked for (else empty).
        public let activations: [String: Tensor<Int16>]
        /// The multiplier's record of each matrix product, in matrix-layer order.
        public let records: [Record]
    }

    /// The integer pass on a batch of images whose dataset indices start at `firstImage`, with
    /// `multiplier` computing every Conv2D/Dense matrix product.
    public func forward<Multiplier: IntegerMatrixMultiplier>(
        _ images: Tensor<Float>, multiplier: Multiplier, firstImage: Int = 0, recording: Bool = false
    ) throws -> ForwardResult<Multiplier.Record> {
        try float.checkInput(images)
        let batch = images.batchSize
        let imageRange = firstImage ..< firstImage + batch
        let inputQuantization = self.inputQuantization
        var values = [float.inputName: images.map { inputQuantization.quantize($0) }]
        var realOutput: Tensor<Float>?
        var layerIndex = 0
        var records: [Multiplier.Record] = []
        for step in steps {
            let x = values[step.inputs[0]]!
            let result: Tensor<Int16>
            switch step.operation {
            case .matrix(let layer):
                let request = MatrixProductRequest(layer: layer, layerIndex: layerIndex, inputs: layer.inputMatrix(x), images: imageRange)
                layerIndex += 1
                let (products, record) = try multiplier.multiply(request)
                records.append(record)
                precondition(products.rows == request.inputs.rows, "the multiplier returned \(products.rows) rows for \(request.inputs.rows)")
                let (integers, reals) = layer.finish(products, batch: batch)
                guard let integers else {
                    realOutput = reals
                    continue
                }
                result = integers
            case .maxPool(let pool):
                result = pool.pool(x) { offsets, _, plane in offsets.dropFirst().reduce(plane[offsets[0]]) { max($0, plane[$1]) } }
            case .averagePool(let pool):
                result = pool.pool(x) { offsets, divisor, plane in Self.roundedQuotient(offsets.reduce(0) { $0 + Int(plane[$1]) }, divisor) }
            case .globalAveragePool:
                let pixels = x.shape[2] * x.shape[3]
                let sums = (0..<(x.shape[0] * x.shape[1])).map { plane in
                    Self.roundedQuotient(x.elements[plane * pixels ..< (plane + 1) * pixels].reduce(0) { $0 + Int($1) }, pixels)
                }
                result = Tensor(shape: [x.shape[0], x.shape[1], 1, 1], elements: sums)
            case .relu:
                result = x.map { max($0, 0) }
            case .reshape(let shape):
                result = x.reshaped([batch] + shape)
            case .digital(let layer):
                let inputs = step.inputs.map { value in
                    let quantization = self.quantization[value]!
                    return values[value]!.map { quantization.dequantize($0) }
                }
                let output = quantization[step.output]!
                result = layer.forward(inputs, outputShape: float.shapes[step.output]!, threads: 1).map { output.quantize($0) }
            case .add(let left, let right, let appliesReLU):
                let y = values[step.inputs[1]]!
                let output = quantization[step.output]!
                let low = Int64(appliesReLU ? 0 : output.minimum), high = Int64(output.maximum)
                result = Tensor(shape: x.shape, elements: zip(x.elements, y.elements).map { a, b in
                    Int16(min(max(left.apply(Int64(a)) + right.apply(Int64(b)), low), high))
                })
            }
            values[step.output] = result
        }
        var outputs = realOutput ?? {
            let quantization = self.quantization[outputValue]!
            return values[outputValue]!.map { quantization.dequantize($0) }
        }()
        if appliesSoftmax { outputs = Activation.softmax(outputs) }
        return ForwardResult(outputs: outputs, activations: recording ? values : [:], records: records)
    }

    /// The integer pass over many images in batches of `batchSize`, spread over `threads`
    /// threads; the outputs depend on neither.
    public func outputs(
        for images: Tensor<Float>, multiplier: some IntegerMatrixMultiplier, batchSize: Int = 250, threads: Int? = nil
    ) throws -> Tensor<Float> {
        try run(images, multiplier: multiplier, batchSize: batchSize, threads: threads).outputs
    }

    /// The integer pass over many images in batches of `batchSize` (dataset indices global, so
    /// an analog multiplier's read noise does not depend on the batching), spread over `threads`
    /// threads: the outputs, and each batch's records (one per matrix product) in image order.
    /// `progress` is called with (images done, images) as batches finish, from any thread.
    public func run<Multiplier: IntegerMatrixMultiplier>(
        _ images: Tensor<Float>, multiplier: Multiplier, batchSize: Int = 250, threads: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> (outputs: Tensor<Float>, records: [[Multiplier.Record]]) {
        try float.checkInput(images)
        let count = images.batchSize
        let batches = (count + batchSize - 1) / batchSize
        let perSample = float.shapes[float.outputName]!.reduce(1, *)
        var result = [Float](repeating: 0, count: count * perSample)
        var records = [[Multiplier.Record]](repeating: [], count: batches)
        let failure = Mutex<(any Error)?>(nil)
        let done = Atomic<Int>(0)
        result.withUnsafeMutableBufferPointer { out in
            records.withUnsafeMutableBufferPointer { recordsOut in
                let shared = UncheckedSendable((outputs: out, records: recordsOut))
                Parallel.forEach(batches, threads: threads) { batch in
                    let range = batch * batchSize ..< min(count, (batch + 1) * batchSize)
                    do {
                        let pass = try forward(images.slice(range), multiplier: multiplier, firstImage: range.lowerBound)
                        let destination = shared.value.outputs.baseAddress! + range.lowerBound * perSample
                        pass.outputs.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
                        shared.value.records[batch] = pass.records
                        progress?(done.wrappingAdd(range.count, ordering: .relaxed).newValue, count)
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return (Tensor(shape: [count] + float.shapes[float.outputName]!, elements: result), records)
    }

    /// n/d rounded to the nearest integer, halves away from zero, as `Int16` (|n/d| fits, since
    /// it is an average of `Int16` values).
    static func roundedQuotient(_ n: Int, _ d: Int) -> Int16 {
        Int16((2 * n + (n >= 0 ? d : -d)) / (2 * d))
    }
}
