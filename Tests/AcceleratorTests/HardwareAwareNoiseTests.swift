import Circuit
import DataFiles
import Foundation
import Device
@testable import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// Hardware-aware training's injected weights: exact through the encodings on an ideal device,
/// the moments of aihwkit's programming noise on an analog tile, and deterministic training.
@Suite("Hardware-aware noise")
struct HardwareAwareNoiseTests {
    /// One Dense layer K → N with the given weights (K × N) and no bias.
    private func dense(_ weight: Matrix<Float>) throws -> Network {
        try Network(
            inputName: "input", inputShape: [weight.rows],
            nodes: [Node(name: "fc", layer: .dense(Dense(weight: weight, bias: .init(repeating: 0, count: weight.columns))), inputs: ["input"], output: "fc")],
            outputName: "fc")
    }

    /// The weight matrix of the network's only layer.
    private func weight(_ network: Network) -> Matrix<Float> {
        guard case .dense(let layer) = network.nodes[0].layer else { preconditionFailure("not dense") }
        return layer.weight
    }

    @Test(
        "on the ideal device the chip's weights are the quantized weights s·round(w/s), through offset, column flip and differential pairs",
        arguments: [["weights.encoding": "offset"], ["weights.encoding": "offset", "weights.columnFlip": true], ["weights.encoding": "differential"]] as [JSONValue])
    func idealDeviceIsQuantization(settings: JSONValue) throws {
        // 150 rows span two 128-row arrays; 30 outputs with 4 slices span two arrays' columns.
        let w = TestMatrices.uniform(rows: 150, columns: 30, in: -1...1, key: "hwa/ideal")
        var tree: JSONValue = ["device": ["preset": "ideal"], "network": "mlp"]
        for (key, value) in settings.objectValue! { try tree.set(value, at: key) }
        let configuration = try RunConfiguration(json: tree)
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: Set(HardwareAwareEffect.allCases), noiseScale: 1, readTime: .fixed(1), seed: 3)
        #expect(!noise.effects.contains(.periphery), "a bit-sliced chip's converters are not injected, so its metadata must not say they were")
        let chip = weight(try noise.chipForward(dense(w), step: 0).network)
        for n in 0..<w.columns {
            let s = (0..<w.rows).map { abs(w[$0, n]) }.max()! / 127
            for k in 0..<w.rows {
                let expected = s * (w[k, n] / s).rounded(.toNearestOrEven)
                #expect(abs(chip[k, n] - expected) <= 1e-5 * abs(s) * 128, "w[\(k), \(n)]")
            }
        }
    }

    @Test("on pcm-aihwkit analog tiles the programming noise has aihwkit's mean and variance (closed forms, 5 standard errors)")
    func analogTileProgrammingMoments() throws {
        // Every weight 0.5 but one 1 (max |W| = 1: s = G_max): G⁺ targets G_max/2, G⁻ targets 0 S.
        var w = Matrix<Float>(rows: 64, columns: 32) { _, _ in 0.5 }
        w[0, 0] = 1
        let configuration = try RunConfiguration(json: ["device": ["preset": "pcm-aihwkit"], "architecture": "aihwkit", "network": "mlp"])
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: [.programming], noiseScale: 1, readTime: .fixed(1), seed: 5)
        var samples: [Double] = []
        for step in 0..<4 {
            let chip = weight(try noise.chipForward(dense(w), step: step).network)
            for i in 1..<(w.rows * w.columns) { samples.append(Double(chip.elements[i])) }
        }
        // aihwkit prog_coeff in µS at g_max = 25 µS, x = G_T/G_max; in weight units (÷ G_max).
        func sigma(_ x: Double) -> Double { (0.26348 + 1.9650 * x - 1.1731 * x * x) / 25 }
        let (plus, minus) = (sigma(0.5), sigma(0))
        // W = (G⁺ − max(0, σ₀z))/G_max: the negative cell's noise is clipped at 0 (a half normal).
        let mean = 0.5 - minus / (2 * Double.pi).squareRoot()
        let variance = plus * plus + minus * minus * (0.5 - 1 / (2 * Double.pi))
        let n = Double(samples.count)
        let sampleMean = samples.reduce(0, +) / n
        let sampleVariance = samples.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / (n - 1)
        #expect(abs(sampleMean - mean) <= 5 * SampleStatistics.standardErrorOfMean(standardDeviation: variance.squareRoot(), count: samples.count))
        // The sample variance's standard error √((μ₄ − σ⁴)/n), μ₄ estimated from the sample (the
        // half normal makes the sum not quite normal).
        let fourth = samples.reduce(0) { $0 + pow($1 - sampleMean, 4) } / n
        #expect(abs(sampleVariance - variance) <= 5 * ((fourth - sampleVariance * sampleVariance) / n).squareRoot())
    }

    @Test("on analog tiles the training forward pass runs through the periphery: ADC step and bound as aihwkit's out_res and out_bound")
    func analogTilePeripheryInForward() throws {
        // 64 rows of weight 1 and one of 0.25, inputs all 1: W·x = 64 for the first output, far
        // past out_bound = 12; the second output 0.25·64 = 16 also clips. Without output noise
        // and bound management, aihwkit's forward gives round(y/Δₒ)·Δₒ clamped to ±12.
        var w = Matrix<Float>(rows: 64, columns: 3) { _, n in n == 0 ? 1 : 0.25 }
        w[0, 2] = 0.1  // the third output: 63·0.25 + 0.1 = 15.85, clipped as well
        let configuration = try RunConfiguration(json: [
            "device": ["preset": "pcm-aihwkit"], "architecture": "aihwkit", "network": "mlp",
            "architectureOverrides": ["outputNoise": 0, "boundManagement": "none"],
        ])
        let input = Tensor<Float>(shape: [2, 64], elements: [Float](repeating: 1, count: 64) + [Float](repeating: 0, count: 63) + [0.5])
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: [.periphery], noiseScale: 1, readTime: .fixed(1), seed: 5)
        let (network, multiplier) = try noise.chipForward(dense(w), step: 0)
        let product = try #require(multiplier)
        let output = try network.outputs(for: input, multiplier: product, threads: 1)
        let outputStep = 2 * 12.0 / 254
        #expect(Array(output.elements[0..<3]) == [12, 12, 12])
        // The second input, 0.5 on the last row only: s = 0.5, x̂ = 1, y = W[63, n], quantized.
        for n in 0..<3 {
            let expected = 0.5 * (Double(w[63, n]) / outputStep).rounded(.toNearestOrEven) * outputStep
            #expect(abs(Double(output.elements[3 + n]) - expected) <= 1e-6, "output \(n)")
        }
        // Without the periphery effect the step's forward is the plain float product.
        let plain = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: [.programming], noiseScale: 0, readTime: .fixed(1), seed: 5)
        #expect(try plain.chipForward(dense(w), step: 0).multiplier == nil)
    }

    /// The straight-through gradient of L = Σₙ rₙ·yₙ with respect to w[k, n] is x_k·r_n; the
    /// central difference of the chip's L over ±h, h = 16 quantization steps s, is
    /// x_k·r_n·(Q(w + h) − Q(w − h))/2h, within |x_k·r_n|·s/2h of it (|Q(v) − v| ≤ s/2).
    private func expectStraightThrough(
        chip: (Network) throws -> (network: Network, multiplier: (any FloatMatrixMultiplier)?), weights w: Matrix<Float>, input: Tensor<Float>,
        r: [Float], perturbing k: Int, step s: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        func values(_ w: Matrix<Float>) throws -> (network: Network, values: [String: Tensor<Float>]) {
            let (network, multiplier) = try chip(try dense(w))
            let values = try multiplier.map { try network.evaluate(input, keepingAll: true, threads: 1, multiplier: $0, images: 0..<1) }
                ?? network.evaluate(input, keepingAll: true, threads: 1)
            return (network, values)
        }
        func loss(_ w: Matrix<Float>) throws -> Double {
            zip(try values(w).values["fc"]!.elements, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        let (network, forward) = try values(w)
        let gradient = network.gradients(values: forward, outputGradient: Tensor(shape: [1, r.count], elements: r), threads: 1).parameters[0][0]
        let h = Float(16 * s)
        for n in 0..<w.columns {
            var plus = w, minus = w
            plus[k, n] += h
            minus[k, n] -= h
            let numeric = (try loss(plus) - loss(minus)) / Double(2 * h)
            let straightThrough = Double(gradient[k * w.columns + n])
            #expect(abs(straightThrough - Double(input.elements[k] * r[n])) <= 1e-6, "w[\(k), \(n)]: the gradient is x·r", sourceLocation: sourceLocation)
            #expect(
                abs(numeric - straightThrough) <= abs(straightThrough) * s / Double(2 * h) + 1e-5,
                "w[\(k), \(n)]: finite difference \(numeric), straight-through \(straightThrough)", sourceLocation: sourceLocation)
        }
    }

    @Test("the weight quantizer's straight-through gradient matches the chip's finite difference over 16 levels (ideal ReRAM cells, ISAAC)")
    func weightQuantizerStraightThrough() throws {
        // Column maxima 1 on row 0 set s = 1/127 per column; row 5 is perturbed well inside them.
        var w = TestMatrices.uniform(rows: 20, columns: 3, in: -0.5...0.5, key: "hwa/ste/weights")
        for n in 0..<3 { w[0, n] = 1 }
        let configuration = try RunConfiguration(json: ["device": ["preset": "ideal"], "network": "mlp"])
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: Set(HardwareAwareEffect.allCases), noiseScale: 1, readTime: .fixed(1), seed: 3)
        let input = Tensor<Float>(shape: [1, 20], elements: TestMatrices.uniform(rows: 1, columns: 20, in: 0.2...1, key: "hwa/ste/input").elements)
        try expectStraightThrough(
            chip: { try noise.chipForward($0, step: 0) }, weights: w, input: input, r: [0.7, -1.3, 0.4], perturbing: 5, step: 1.0 / 127)
    }

    @Test("the tile ADC's straight-through gradient matches the finite difference of the tile's output over 16 ADC steps (aihwkit tile)")
    func outputQuantizerStraightThrough() throws {
        // One-hot input 0.5 on row 63: y_n = 0.5·Δₒ·round(W[63, n]/Δₒ) (as above), Δₒ = 24/254 in
        // the tile's units, so Q steps by s = 0.5·Δₒ in y and by Δₒ in w.
        var w = Matrix<Float>(rows: 64, columns: 3) { _, n in n == 0 ? 1 : 0.25 }
        w[63, 1] = 0.61
        let configuration = try RunConfiguration(json: [
            "device": ["preset": "pcm-aihwkit"], "architecture": "aihwkit", "network": "mlp",
            "architectureOverrides": ["outputNoise": 0, "boundManagement": "none"],
        ])
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: [.periphery], noiseScale: 1, readTime: .fixed(1), seed: 5)
        let input = Tensor<Float>(shape: [1, 64], elements: [Float](repeating: 0, count: 63) + [0.5])
        try expectStraightThrough(
            chip: { try noise.chipForward($0, step: 0) }, weights: w, input: input, r: [1, -0.8, 0.3], perturbing: 63, step: 2 * 12.0 / 254)
    }

    @Test("hardware-aware training on ReRAM/ISAAC is deterministic by seed and identical on 1 and 2 threads")
    func deterministicTraining() throws {
        let w = TestMatrices.uniform(rows: 40, columns: 10, in: -0.3...0.3, key: "hwa/train/weights")
        let images = TestMatrices.uniform(rows: 64, columns: 40, in: 0...1, key: "hwa/train/images")
        let data = LabelledImages(images: Tensor(shape: [64, 1, 1, 40], elements: images.elements), labels: (0..<64).map { $0 % 10 })
        let configuration = try RunConfiguration(json: ["network": "mlp"])
        func train(seed: UInt64, threads: Int) throws -> [[Float]] {
            let noise = try HardwareAwareNoise(
                configuration: configuration, network: dense(w), effects: Set(HardwareAwareEffect.allCases), noiseScale: 1,
                readTime: .logUniform(1...1e6), seed: seed)
            let trained = try Trainer(configuration: TrainingConfiguration(epochs: 1, batchSize: 16, learningRate: 0.05, seed: seed))
                .train(try dense(w), on: data, threads: threads, forwardPass: { try noise.chipForward($0, step: $1, threads: threads) })
            return trained.nodes[0].layer.parameters
        }
        let one = try train(seed: 7, threads: 1)
        #expect(one == (try train(seed: 7, threads: 2)))
        #expect(one != (try train(seed: 8, threads: 1)))
        #expect(one != (try dense(w)).nodes[0].layer.parameters)
    }

    @Test("with resistive wires, IR drop on the ideal device is the chip's own sensed array: s·Σₜ mₜ·(G_eff⁺ − G_eff⁻)/Δ of the solved 128×128 array")
    func irDropIsTheChipsEffectiveConductance() throws {
        // 40 × 6 weights: one ISAAC array (40 rows, 6 outputs × 4 two-bit slices × 2 cells = 48 of its 128 columns).
        let w = TestMatrices.uniform(rows: 40, columns: 6, in: -1...1, key: "hwa/irdrop")
        let tree: JSONValue = ["device": ["preset": "ideal"], "network": "mlp", "weights": ["encoding": "differential"], "wire": ["resistanceOhms": 2.5]]
        let configuration = try RunConfiguration(json: tree)
        let noise = try HardwareAwareNoise(configuration: configuration, network: dense(w), effects: [.irDrop], noiseScale: 1, readTime: .fixed(1), seed: 3)
        #expect(noise.effects == [.irDrop])
        let chip = weight(try noise.chipForward(dense(w), step: 0).network)
        // The chip's view, through Circuit's own path: the integer weights encoded into the
        // physical array, programmed on the ideal device and solved by CrossbarCore.
        let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .differential)
        let scales = (0..<w.columns).map { n in (0..<w.rows).map { abs(w[$0, n]) }.max()! / 127 }
        let integers = Matrix<Int32>(rows: w.rows, columns: w.columns) { k, n in Int32((w[k, n] / scales[n]).rounded(.toNearestOrEven)) }
        let encoded = try encoding.encode(integers.view, arrayRows: 128, arrayColumns: 128)
        let array = try CrossbarArray(
            levels: encoded.levels, levelCount: encoding.levelCount, device: try configuration.makeDevice(), stream: RandomStream(seed: 1, key: "test/irdrop"))
        let wires = try WireResistance(rowOhmsPerSegment: 2.5, columnOhmsPerSegment: 2.5)
        let core = try CrossbarCore(
            array: array, weights: encoded, slicing: try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 1), adc: try ADC(resolutionBits: 8),
            wires: wires)
        var drooped = 0
        for k in 0..<w.rows {
            for n in 0..<w.columns {
                var level = 0.0
                for c in 0..<encoded.dataColumns where c % w.columns == n { level += encoded.multiplier(ofDataColumn: c) * Double(core.sensedLevels[k, c]) }
                let expected = Double(scales[n]) * level
                #expect(abs(Double(chip[k, n]) - expected) <= 1e-4 * Double(scales[n]) * 128, "w[\(k), \(n)]")
                if abs(Double(chip[k, n])) < abs(Double(integers[k, n]) * Double(scales[n])) - 1e-6 { drooped += 1 }
            }
        }
        #expect(drooped > w.rows * w.columns / 2, "IR drop lowers the weights the chip computes with (\(drooped) of \(w.rows * w.columns))")
        let ideal = try HardwareAwareNoise(
            configuration: try RunConfiguration(json: ["device": ["preset": "ideal"], "network": "mlp"]), network: dense(w), effects: [.irDrop], noiseScale: 1,
            readTime: .fixed(1), seed: 3)
        #expect(ideal.effects.isEmpty, "ideal wires: no IR drop to inject, so the metadata must not name it")
    }

    @Test("on a bit-sliced chip the training forward runs through the chip's converters: on the ideal device, NeuroSim's 5-bit ADC as the run's AnalogMatrixMultiplier converts")
    func bitSlicedConvertersAsTheRun() throws {
        let w = TestMatrices.uniform(rows: 40, columns: 6, in: -1...1, key: "hwa/converters/weights")
        let x = TestMatrices.uniform(rows: 16, columns: 40, in: 0...1, key: "hwa/converters/inputs")
        let images = Tensor(shape: [16, 40], elements: x.elements)
        let configuration = try RunConfiguration(json: ["device": ["preset": "ideal"], "architecture": "neurosim", "network": "mlp"])
        let noise = try HardwareAwareNoise(
            configuration: configuration, network: dense(w), effects: [.periphery], noiseScale: 1, readTime: .fixed(1), seed: 2, calibrationImages: images)
        #expect(noise.effects == [.periphery])
        let multiplier = try #require(try noise.chipForward(dense(w), step: 0).multiplier)
        let trained = try multiplier.multiply(x, layerIndex: 0, images: 0..<16)
        // The run's path: quantized on the same images, programmed, ADC ranges calibrated, multiplied.
        let quantized = try RunPreparation.quantize(dense(w), configuration, calibrationImages: images)
        let chip = try RunPreparation.program(quantized, configuration).chip
        let readout = try ChipReadout(
            chip: chip, network: quantized, settings: try ChipReadout.Settings(configuration: configuration),
            calibrationInputs: try RunPreparation.layerCalibrationInputs(quantized, images, threads: 1))
        let layer = quantized.matrixLayers[0]
        let integers = Matrix<Int16>(rows: x.rows, columns: x.columns) { m, k in layer.input.quantize(x[m, k]) }
        let products = try AnalogMatrixMultiplier(readout: readout).multiply(
            MatrixProductRequest(layer: layer, layerIndex: 0, inputs: integers, images: 0..<16)).products
        var differsFromExact = 0
        for m in 0..<x.rows {
            for n in 0..<w.columns {
                let scale = Double(layer.input.scale) * Double(layer.weightScales[n])
                let expected = Double(products[m, n]) * scale
                #expect(abs(Double(trained[m, n]) - expected) <= 1e-5 * max(1, abs(expected)), "output (\(m), \(n))")
                let exact = (0..<w.rows).reduce(0) { $0 + Int(integers[m, $1]) * Int(layer.weights[$1, n]) }
                if Int(products[m, n]) != exact { differsFromExact += 1 }
            }
        }
        #expect(differsFromExact > 0, "the 5-bit ADC must change some products for the comparison to test it")
    }

    @Test("analog tiles rescale to ±1 by default and bit-sliced chips not; the metadata and its summary name the range and the logit factor")
    func rangeScalingMetadata() throws {
        let tiles = try RunConfiguration(json: ["device": ["preset": "pcm-aihwkit"], "architecture": "aihwkit", "network": "mlp"])
        #expect(try HardwareAwareNoise.defaultWeightRange(for: tiles) == 1)
        #expect(try HardwareAwareNoise.defaultWeightRange(for: RunConfiguration(json: ["network": "mlp"])) == 0)
        let w = TestMatrices.uniform(rows: 8, columns: 4, in: -0.25...0.25, key: "hwa/range/metadata")
        let scaling = try WeightRangeScaling(dense(w), range: 1, clipSigma: 0)
        let noise = try HardwareAwareNoise(
            configuration: tiles, network: scaling.network, effects: [.programming], noiseScale: 1, readTime: .fixed(1), seed: 1)
        let metadata = noise.metadata(training: TrainingConfiguration(epochs: 1), startedFrom: "mlp", rangeScaling: scaling)
        #expect(metadata[HardwareAwareNoise.metadataPrefix + "weightRange"] == "1.0")
        #expect(Double(metadata[HardwareAwareNoise.metadataPrefix + "logitScale"]!) == scaling.logitScale)
        let expected = String(format: "%.4g", 1 / Double(w.elements.map { abs($0) }.max()!))
        #expect(HardwareAwareNoise.summary(metadata)!.contains("weights scaled to ±1.0 (logits ×\(expected))"))
        let unscaled = noise.metadata(training: TrainingConfiguration(epochs: 1), startedFrom: "mlp", rangeScaling: nil)
        #expect(!HardwareAwareNoise.summary(unscaled)!.contains("scaled"))
    }

    @Test("a read time drawn log-uniform between 1 s and 1 year stays in range, and its log has the uniform's mean (5 standard errors)")
    func logUniformReadTime() {
        var stream = RandomStream(seed: 1, key: "test/read-time")
        let range = 1.0...31_536_000
        let logs = (0..<4000).map { _ in log(ReadTimeDistribution.logUniform(range).sample(using: &stream)) }
        #expect(logs.allSatisfy { $0 >= 0 && $0 <= log(range.upperBound) })
        let width = log(range.upperBound)
        let mean = logs.reduce(0, +) / Double(logs.count)
        #expect(abs(mean - width / 2) <= 5 * SampleStatistics.standardErrorOfMean(standardDeviation: width / 12.squareRoot(), count: logs.count))
    }
}
