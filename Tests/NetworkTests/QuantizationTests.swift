import Foundation
import Numerics
import Synchronization
import Testing

@testable import Network

@Suite("Quantization")
struct QuantizationTests {
    @Test("a requantizer computes x·M rounded half up, exactly, and represents M to 2⁻³⁰")
    func requantizer() throws {
        var stream = RandomStream(seed: 5, key: "requantizer")
        for _ in 0..<2000 {
            let real = Foundation.exp(stream.nextUniform() * 30 - 25)  // e^-25 … e^5
            let r = try Requantizer(real: real, node: "t")
            #expect(abs(r.realValue / real - 1) <= 0x1p-30 || real < 0x1p-32)
            let x = Int64(Int32(truncatingIfNeeded: stream.next()))
            // Exact x·m/2^e rounded half up, in 128-bit arithmetic: ⌊(2·x·m + 2^e) / 2^(e+1)⌋.
            let doubled = 2 * Int128(x) * Int128(r.multiplier) + (Int128(1) << r.shift)
            #expect(Int128(r.apply(x)) == doubled >> (r.shift + 1))
        }
        #expect(try Requantizer(real: 0.5, node: "t").apply(3) == 2)  // 1.5 rounds up
        #expect(try Requantizer(real: 0.5, node: "t").apply(-3) == -1)  // −1.5 rounds up
        #expect(throws: QuantizationError.self) { try Requantizer(real: 0, node: "t") }
    }

    @Test("per-channel symmetric weights: extremes map to ±(2^(B−1)−1) and error is at most half a step", arguments: [2, 4, 8, 16])
    func weightQuantization(bits: Int) throws {
        let weight = Support.matrix(20, 6, key: "w")
        let input = ActivationQuantization(scale: 0.01, bits: 8, isSigned: false)
        let layer = try QuantizedMatrixLayer(
            name: "fc", kind: .dense, inputValue: "x", outputValue: "y", weight: weight, bias: [Float](repeating: 0.1, count: 6),
            weightBits: bits, input: input, output: ActivationQuantization(scale: 0.05, bits: 8, isSigned: true), appliesReLU: false)
        let steps = (1 << (bits - 1)) - 1
        for n in 0..<6 {
            let column = (0..<20).map { weight[$0, n] }
            let largest = column.map(abs).max()!
            #expect(layer.weightScales[n] == largest / Float(steps))
            let integers = (0..<20).map { Int(layer.weights[$0, n]) }
            #expect(integers.map(abs).max() == steps)
            for k in 0..<20 {
                #expect(abs(Float(integers[k]) * layer.weightScales[n] - column[k]) <= layer.weightScales[n] / 2 * (1 + 1e-6))
            }
            #expect(layer.bias[n] == Int32((0.1 / (Double(input.scale) * Double(layer.weightScales[n]))).rounded(.toNearestOrEven)))
        }
    }

    @Test("8-bit unsigned input calibrated on [0, 1] images represents every pixel p/255 exactly")
    func pixelQuantization() throws {
        let (network, _) = try Support.fixture("lenet5")
        var images = Support.uniform([4, 1, 28, 28], low: 0, high: 1, key: "images")
        images.elements[5] = 1
        images.elements[6] = 0
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        let input = quantized.inputQuantization
        #expect(!input.isSigned)
        #expect(input.scale == Float(1) / 255)
        for p in 0...255 { #expect(input.quantize(Float(p) / 255) == Int16(p)) }
    }

    @Test("invalid settings are rejected with the field and range")
    func settings() {
        #expect(throws: QuantizationError.invalidSetting(field: "weightBits", value: "1", allowed: "2…16")) { try QuantizationSettings(weightBits: 1) }
        #expect(throws: QuantizationError.invalidSetting(field: "weightBits", value: "17", allowed: "2…16")) { try QuantizationSettings(weightBits: 17) }
        #expect(throws: QuantizationError.invalidSetting(field: "activationBits", value: "16", allowed: "2…15")) { try QuantizationSettings(activationBits: 16) }
        #expect(throws: QuantizationError.self) { try QuantizationSettings(calibration: .percentile(0)) }
    }

    @Test("an Int32 accumulator that could overflow is reported, naming the layer")
    func overflow() throws {
        let (network, reference) = try Support.fixture("mlp")
        let error = #expect(throws: QuantizationError.self) {
            try QuantizedNetwork(quantizing: network, calibrationImages: reference.inputTensor, settings: QuantizationSettings(weightBits: 16, activationBits: 15))
        }
        guard case .accumulatorOverflow(let node, let bound) = error else {
            Issue.record("expected an overflow error, got \(String(describing: error))")
            return
        }
        #expect(node.contains("Gemm"))
        #expect(bound > 0x1p31)
    }

    @Test("a BatchNorm that cannot be folded runs in the digital units: within the input's and output's rounding of the float result")
    func unfoldable() throws {
        let norm = BatchNorm(scale: [2, 2], offset: [1, 1], mean: [0, 0], variance: [1, 1], epsilon: 1e-5)
        let gain = Float(2 / (1 + 1e-5).squareRoot())
        let network = try Support.chain(inputShape: [2], [.relu, .batchNorm(norm)])
        let images = Support.uniform([50, 2], key: "x")
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        #expect(quantized.steps.contains { if case .digital(.batchNorm) = $0.operation { true } else { false } })
        let output = try quantized.outputs(for: images, multiplier: DigitalMatrixMultiplier())
        // y = a·max(x, 0) + 1, a = 2/√(1 + ε): the input's rounding (s_x/2) times a, plus the output's (s_y/2).
        let bound = gain * quantized.inputQuantization.scale / 2 + quantized.quantization[quantized.outputValue]!.scale / 2
        for (y, x) in zip(output.elements, images.elements) {
            #expect(abs(y - (gain * max(x, 0) + 1)) <= bound * 1.0001)
        }
    }

    @Test("percentile calibration gives a range no larger than the maximum")
    func percentile() throws {
        let (network, reference) = try Support.fixture("residual_cnn")
        let images = reference.inputTensor
        let maximum = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        let percentile = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings(calibration: .percentile(99)))
        for (value, q) in percentile.quantization {
            #expect(q.scale <= maximum.quantization[value]!.scale)
        }
        #expect(percentile.quantization.contains { $0.value.scale < maximum.quantization[$0.key]!.scale })
    }

    @Test("at 12-bit weights and 10-bit activations the integer pass tracks float to 1e-2", arguments: ["lenet5", "residual_cnn", "typed_fields"])
    func tracksFloat(name: String) throws {
        let (network, reference) = try Support.fixture(name)
        // The widest setting whose accumulators fit Int32 for every layer of these networks.
        let settings = try QuantizationSettings(weightBits: 12, activationBits: 10)
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: reference.inputTensor, settings: settings)
        let output = try quantized.forward(reference.inputTensor, multiplier: DigitalMatrixMultiplier()).outputs
        // Each rounding is at most half a step, 2⁻¹¹ of its tensor's range (2⁻¹² for weights); at
        // most 10 rounding stages give 10·2⁻¹¹ ≈ 5e-3, doubled for the range-to-norm ratio.
        #expect(Support.relativeError(output.elements, reference.output) <= 1e-2)
    }

    @Test("integer outputs do not depend on batch size or thread count")
    func batching() throws {
        let (network, _) = try Support.fixture("residual_cnn")
        let images = Support.uniform([11, 1, 28, 28], low: 0, high: 1, key: "images")
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        let a = try quantized.outputs(for: images, multiplier: DigitalMatrixMultiplier(), batchSize: 2, threads: 1)
        let b = try quantized.outputs(for: images, multiplier: DigitalMatrixMultiplier(), batchSize: 5, threads: 3)
        #expect(a == b)
    }
}
