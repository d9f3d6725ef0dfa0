import Device
import Numerics
import Testing

@testable import Circuit

/// Sample mean and variance.
func meanAndVariance(_ values: [Double]) -> (Double, Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    return (mean, variance)
}

@Suite("Read noise and ADC noise")
struct NoiseTests {
    static let samples = 4000

    /// Errors of output 0 over `samples` identical vectors read with noise.
    func errors(_ core: CrossbarCore, inputs: Matrix<Int32>, exact: Int64, key: String) throws -> [Double] {
        let batch = Matrix<Int32>(rows: Self.samples, columns: inputs.columns) { _, i in inputs[0, i] }
        let result = try core.multiply(
            try core.slicing.slice(batch.view), reads: ReadRandomness(stream: RandomStream(seed: 21, key: key)))
        return (0..<Self.samples).map { Double(result.outputs[$0, 0] - exact) }
    }

    @Test("ADC noise of σ LSB adds variance σ² + 1/12 to a one-level-step conversion")
    func adcNoise() throws {
        // One row, 4-bit cells, differential: full scale 15 = the 5-bit signed ADC's largest code.
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .differential)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: 1, columns: 1, repeating: 3)
        let sigma = 2.0
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing,
            adc: try ADC(resolutionBits: 5, noiseStandardDeviationLSB: sigma), device: IdealDevice(bitsPerCell: 4))
        let (mean, variance) = meanAndVariance(
            try errors(core, inputs: Matrix(rows: 1, columns: 1, repeating: 1), exact: 3, key: "test/noise/adc"))
        let expected = sigma * sigma + 1.0 / 12
        let n = Double(Self.samples)
        #expect(abs(mean) < 5 * (expected / n).squareRoot())
        #expect(abs(variance - expected) < 5 * expected * (2 / (n - 1)).squareRoot())
    }

    @Test("read noise gives the column variance Σ V²σ² (a differential pair: both columns)")
    func readNoiseDifferential() throws {
        // 31 rows of 1-bit cells: full scale 31 = the 6-bit signed ADC's largest code (one level per code).
        let rows = 31
        let sigmaLevels = 0.38
        let device = ScriptedDevice(bitsPerCell: 1, readNoiseSiemens: sigmaLevels * 90e-6)
        let encoding = try WeightEncoding(weightBits: 1, bitsPerCell: 1, sign: .differential)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: rows, columns: 1) { i, _ in i % 2 == 0 ? -1 : 0 }
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 6), device: device)
        let (mean, variance) = meanAndVariance(
            try errors(
                core, inputs: Matrix(rows: 1, columns: rows, repeating: 1), exact: -16, key: "test/noise/differential"))
        let expected = Double(rows) * 2 * sigmaLevels * sigmaLevels + 1.0 / 12
        let n = Double(Self.samples)
        #expect(abs(mean) < 5 * (expected / n).squareRoot())
        #expect(abs(variance - expected) < 5 * expected * (2 / (n - 1)).squareRoot())
    }

    @Test("the offset scheme's reference column noise is shared by every column of a read")
    func sharedReferenceNoise() throws {
        // 21 rows, 2-bit weights on 2-bit cells (offset, bias 2): output = D − 2·U with
        // D = data − ref and U = unit − ref, so the error is n_D − 2·n_U + n_ref, variance 6σ²
        // (10σ² if the reference were drawn independently per column), plus the rounding of two
        // conversions, (1 + 4)/12. Full scale 63 = the 6-bit ADC's largest code.
        let rows = 21
        let sigmaLevels = 0.65
        let device = ScriptedDevice(bitsPerCell: 2, readNoiseSiemens: sigmaLevels * 30e-6)
        let encoding = try WeightEncoding(weightBits: 2, bitsPerCell: 2, sign: .offset)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: rows, columns: 1) { i, _ in i % 2 == 0 ? -1 : 0 }
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 6), device: device)
        #expect(core.fixedFullScale == 63)
        let (mean, variance) = meanAndVariance(
            try errors(core, inputs: Matrix(rows: 1, columns: rows, repeating: 1), exact: -11, key: "test/noise/offset"))
        let sigma2 = Double(rows) * sigmaLevels * sigmaLevels
        let expected = 6 * sigma2 + 5.0 / 12
        let n = Double(Self.samples)
        #expect(abs(mean) < 5 * (expected / n).squareRoot())
        #expect(abs(variance - expected) < 5 * expected * (2 / (n - 1)).squareRoot())
    }

    @Test("noisy results do not depend on batch split or thread count")
    func determinism() throws {
        var stream = RandomStream(seed: 22, key: "test/noise/determinism")
        let device = ScriptedDevice(bitsPerCell: 2, readNoiseSiemens: 2e-6)
        let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .offset, columnFlip: true)
        let slicing = try InputSlicing(inputBits: 8, isSigned: true, bitsPerSlice: 2)
        let weights = CircuitFixture.randomIntegers(rows: 40, columns: 7, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 23, columns: 40, in: slicing.inputRange, stream: &stream)
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing,
            adc: try ADC(resolutionBits: 7, noiseStandardDeviationLSB: 0.3), device: device)
        let reads = RandomStream(seed: 5, key: "test/read")
        let whole = try core.multiply(try slicing.slice(inputs.view), reads: ReadRandomness(stream: reads), threads: 1)
        let first = try core.multiply(
            try slicing.slice(inputs.view(rows: 0..<9)), reads: ReadRandomness(stream: reads), threads: 2)
        let second = try core.multiply(
            try slicing.slice(inputs.view(rows: 9..<23)), reads: ReadRandomness(stream: reads, firstVectorIndex: 9),
            threads: 2)
        #expect(Array(whole.outputs.elements[0..<(9 * 7)]) == first.outputs.elements)
        #expect(Array(whole.outputs.elements[(9 * 7)...]) == second.outputs.elements)
        #expect(whole.outputs != CircuitFixture.integerProduct(inputs, weights), "the reads are noisy")
    }

    @Test("under IR drop a cell's read noise is scaled by (G_eff/G)²: exact for a lone cell in series with its column wire")
    func readNoiseUnderIRDrop() throws {
        // One weight row, differential pair: each physical column is a cell G in series with one
        // column segment r (row wire ideal), so I = V/(1/G + r) and dI/dG = V·(G_eff/G)² with
        // G_eff = G/(1 + G·r). The sensed variance is the pair's sum, in level steps.
        let device = ScriptedDevice(conductanceMinSiemens: 10e-6, bitsPerCell: 2, readNoiseSiemens: 2e-6)
        let encoding = try WeightEncoding(weightBits: 3, bitsPerCell: 2, sign: .differential, columnFlip: false)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 1)
        let ohms = 2000.0
        let (core, array) = try CircuitFixture.core(
            weights: Matrix(rows: 1, columns: 1, elements: [3]), encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8),
            device: device, wires: try WireResistance(rowOhmsPerSegment: 0, columnOhmsPerSegment: ohms))
        let g = array.conductanceSiemens(atSeconds: 0)
        let step = array.levelStepSiemens
        let expected = (0..<2).reduce(0.0) { sum, j in
            let ratio = 1 / (1 + g[0, j] * ohms)
            let sigma = 2e-6 * ratio * ratio / step
            return sum + sigma * sigma
        }
        let variance = try #require(core.readNoise).variance[0, 0]
        #expect(abs(Double(variance) - expected) <= 1e-6 * expected)
        // Without the wire the variance is the unattenuated 2·(σ/Δ)².
        #expect(expected < 0.9 * 2 * (2e-6 / step) * (2e-6 / step))
    }
}
