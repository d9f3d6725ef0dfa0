import Circuit
import DataFiles
import Device
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// ADC noise, INL, DNL, offset and gain error in network runs, and calibration once after programming.
@Suite("ADC non-idealities in network runs")
struct ADCNonidealityRunTests {
    /// An ADC with every non-ideality.
    static func nonidealADC(bits: Int = 8, rangePolicy: ADCRangePolicy = .fixed) throws -> ADC {
        try ADC(
            resolutionBits: bits, rangePolicy: rangePolicy, noiseStandardDeviationLSB: 0.5, inlPeakLSB: 0.6, dnlSigmaLSB: 0.2, offsetSigmaLSB: 1,
            gainErrorSigmaRelative: 0.01)
    }

    @Test("a CNN with read noise and ADC noise, INL, DNL, offset and gain error: identical outputs and counts with 1 and 4 threads and batches of 5 and 2")
    func deterministic() throws {
        let cnn = try AcceleratorTestSupport.smallCNN(images: 5)
        let quantized = try AcceleratorTestSupport.quantized(cnn.network, images: cnn.images)
        let mapping = try Mapping(
            network: quantized, architecture: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]))
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: DevicePreset.device("reram"), seed: 5)
        var outputs: [[Float]] = []
        var ledgers: [[LayerLedger]] = []
        for (threads, batch, adc) in [(1, 5, try Self.nonidealADC()), (4, 5, try Self.nonidealADC()), (4, 2, try Self.nonidealADC()), (1, 5, try ADC(resolutionBits: 8))] {
            let settings = ChipReadout.Settings(
                timeSeconds: 1, wires: .ideal, adc: adc, dacBits: 1, skipsZeroSlices: false, readNoise: true, driftCompensation: false)
            let readout = try ChipReadout(chip: chip, network: quantized, settings: settings, threads: threads)
            let pass = try quantized.run(cnn.images, multiplier: AnalogMatrixMultiplier(readout: readout), batchSize: batch, threads: threads)
            outputs.append(pass.outputs.elements)
            ledgers.append(LayerLedger.totals(pass.records))
        }
        #expect(outputs[3] != outputs[0], "the ADC's errors should change some output")
        for run in 1...2 {
            #expect(outputs[run] == outputs[0])
            for (a, b) in zip(ledgers[run], ledgers[0]) {
                #expect(a.actions == b.actions && a.convertedSlices == b.convertedSlices && a.clippedConversions == b.clippedConversions)
            }
        }
        // Zero inputs with noise under-range the unsigned ADC (offset scheme): some conversions clip.
        #expect(ledgers[0].reduce(0) { $0 + $1.clippedConversions } > ledgers[3].reduce(0) { $0 + $1.clippedConversions })
    }

    /// One dense layer 20 → 4 on one 32×32 ISAAC array of the ideal device, and its integer inputs
    /// (vectors × 20, every third vector all zero).
    static func oneArray(adc: ADC) throws -> (readout: ChipReadout, inputs: Matrix<Int16>) {
        let weight = TestMatrices.uniform(rows: 20, columns: 4, key: "adc-zero/weight")
        let network = try Network(
            inputName: "x", inputShape: [20],
            nodes: [Node(name: "dense", layer: .dense(Dense(weight: weight, bias: [Float](repeating: 0, count: 4))), inputs: ["x"], output: "y")],
            outputName: "y")
        let images = Tensor(TestMatrices.uniform(rows: 12, columns: 20, in: 0...1, key: "adc-zero/images"))
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let spec = try AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32])
        let mapping = try Mapping(network: quantized, architecture: spec)
        #expect(mapping.arrays == 1)
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: AcceleratorTestSupport.idealDevice(), seed: 9)
        let settings = ChipReadout.Settings(
            timeSeconds: 0, wires: .ideal, adc: adc, dacBits: 1, skipsZeroSlices: false, readNoise: false, driftCompensation: false)
        let integers = quantized.matrixLayers[0].inputMatrix(images.map { quantized.inputQuantization.quantize($0) })
        let inputs = Matrix<Int16>(rows: integers.rows, columns: integers.columns) { n, i in n % 3 == 1 ? 0 : integers[n, i] }
        return (try ChipReadout(chip: chip, network: quantized, settings: settings), inputs)
    }

    @Test("vectors left out of the product as all zero convert as the core converts explicit zeros: a zero input reads the offsets")
    func zeroVectors() throws {
        let (readout, inputs) = try Self.oneArray(adc: Self.nonidealADC())
        let layer = readout.layers[0]
        let core = layer.cores[0]
        #expect(!core.skipsZeroSlices && !core.convertsZeroExactly)
        let firstVector = 30
        let (sums, ledger) = try AnalogMatrixMultiplier(readout: readout).products(inputs, layerIndex: 0, firstVector: firstVector)
        // The reference: every vector through the core, zeros included, with the same keyed draws.
        let sliced = try layer.slicing.slice(Matrix<Int32>(rows: inputs.rows, columns: inputs.columns) { Int32(inputs[$0, $1]) }.view)
        let reference = try core.readout(
            currents: core.currents(sliced).view, inputs: sliced, variances: nil,
            reads: ReadRandomness(stream: layer.readStreams[0], firstVectorIndex: firstVector))
        #expect(sums == reference.outputs)
        #expect(ledger.clippedConversions == reference.clippedConversions)
        #expect((0..<inputs.rows).filter { $0 % 3 == 1 }.contains { n in (0..<4).contains { sums[n, $0] != 0 } }, "zero inputs read the offsets")
        // The ideal ADC converts 0 exactly: zero slices are skipped and zero vectors read 0.
        let (ideal, _) = try Self.oneArray(adc: ADC(resolutionBits: 8))
        #expect(ideal.layers[0].cores[0].skipsZeroSlices)
        let (idealSums, _) = try AnalogMatrixMultiplier(readout: ideal).products(inputs, layerIndex: 0, firstVector: firstVector)
        #expect((0..<inputs.rows).filter { $0 % 3 == 1 }.allSatisfy { n in (0..<4).allSatisfy { idealSums[n, $0] == 0 } })
    }

    @Test("calibrated ranges are fitted once after programming and reused at a later read time unless recalibration is asked for")
    func calibrationOnce() throws {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 4)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let mapping = try Mapping(
            network: quantized, architecture: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]))
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: DevicePreset.device("pcm"), seed: 4)
        let calibrationInputs = try RunPreparation.layerCalibrationInputs(quantized, images, threads: 1)
        func settings(seconds: Double, recalibrates: Bool) throws -> ChipReadout.Settings {
            ChipReadout.Settings(
                timeSeconds: seconds, wires: .ideal, adc: try Self.nonidealADC(rangePolicy: .calibrated), dacBits: 1, skipsZeroSlices: false,
                readNoise: true, driftCompensation: false, recalibratesAtReadTime: recalibrates)
        }
        func ranges(_ readout: ChipReadout) -> [[[Float]]] { readout.layers.map { $0.cores.map { $0.fullScale! } } }
        let fitted = try ChipReadout.calibrate(
            chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: false), calibrationInputs: calibrationInputs)
        let later = try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: false), calibrationInputs: calibrationInputs)
        let shared = try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: false), calibration: fitted)
        #expect(ranges(later) == fitted.fullScale && ranges(shared) == fitted.fullScale)
        let atProgramming = try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 0, recalibrates: true), calibrationInputs: calibrationInputs)
        #expect(ranges(atProgramming) == fitted.fullScale, "the calibration reads the chip right after programming")
        let refitted = try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: true), calibrationInputs: calibrationInputs)
        #expect(ranges(refitted) != fitted.fullScale, "drift changes the ranges fitted at the read time")
        // Recalibrating needs the calibration inputs; reusing needs them or a calibration.
        #expect(throws: CircuitError.self) { try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: true), calibration: fitted) }
        #expect(throws: CircuitError.self) { try ChipReadout(chip: chip, network: quantized, settings: settings(seconds: 1e6, recalibrates: false)) }
    }

    @Test("the ADC keys: defaults 0, read-time settings, errors naming the path")
    func configurationKeys() throws {
        let configuration = try RunConfiguration()
        #expect(configuration.adcNoiseLSB == 0 && configuration.adcINLPeakLSB == 0 && configuration.adcDNLSigmaLSB == 0)
        #expect(configuration.adcOffsetSigmaLSB == 0 && configuration.adcGainErrorSigmaRelative == 0 && !configuration.adcRecalibratesAtReadTime)
        let settings = try ChipReadout.Settings(configuration: configuration)
        #expect(settings.adc == (try ADC(resolutionBits: 8)) && !settings.recalibratesAtReadTime)
        let set = try configuration.setting(["noiseLSB": 0.5, "inlPeakLSB": -1, "dnlSigmaLSB": 0.3, "offsetSigmaLSB": 1, "gainErrorSigmaRelative": 0.01, "recalibrateAtReadTime": true, "bits": 8], at: "adc")
        let adc = try ChipReadout.Settings(configuration: set).adc
        #expect(adc.noiseStandardDeviationLSB == 0.5 && adc.inlPeakLSB == -1 && adc.dnlSigmaLSB == 0.3)
        #expect(adc.offsetSigmaLSB == 1 && adc.gainErrorSigmaRelative == 0.01 && set.adcRecalibratesAtReadTime)
        #expect(try RunConfiguration(json: set.json) == set)
        for path in ["adc.noiseLSB", "adc.offsetSigmaLSB", "adc.recalibrateAtReadTime"] { #expect(RunConfiguration.readTimePaths.contains(path)) }
        #expect(throws: RunConfigurationError.outOfRange(path: "adc.inlPeakLSB", value: "9", allowed: "-8...8 (half the code range of the 4-bit ADC)")) {
            try RunConfiguration(json: ["adc": ["bits": 4, "inlPeakLSB": 9]])
        }
        #expect(throws: RunConfigurationError.outOfRange(path: "adc.dnlSigmaLSB", value: "2", allowed: "an integer in 0...1")) {
            do { _ = try RunConfiguration(json: ["adc": ["dnlSigmaLSB": 2]]) } catch RunConfigurationError.outOfRange(let path, let value, _) {
                throw RunConfigurationError.outOfRange(path: path, value: value, allowed: "an integer in 0...1")
            }
        }
        #expect {
            try RunConfiguration(json: ["architecture": "aihwkit", "adc": ["noiseLSB": 0.5]])
        } throws: { error in
            guard case RunConfigurationError.rejected(let path, _) = error else { return false }
            return path == "adc.noiseLSB"
        }
    }
}
