import Device
import Numerics
import Testing

@testable import Circuit

@Suite("The offset scheme's Σx: analog unit column or digital popcount")
struct InputSumSourceTests {
    /// The same weights and inputs through one core per input-sum source.
    private func outputs(
        encoding: WeightEncoding, slicing: InputSlicing, device: any MemoryDevice, weights: Matrix<Int32>, inputs: Matrix<Int32>,
        adcBits: Int
    ) throws -> (analog: Matrix<Int64>, popcount: Matrix<Int64>, weights: EncodedWeights) {
        let encoded = try encoding.encode(weights.view, arrayRows: nil, arrayColumns: nil)
        let array = try CrossbarArray(
            levels: encoded.levels, levelCount: encoding.levelCount, device: device, stream: RandomStream(seed: 5, key: "test/popcount/program"))
        let adc = try ADC(resolutionBits: adcBits)
        let analog = try CrossbarCore(array: array, weights: encoded, slicing: slicing, adc: adc)
        let popcount = try CrossbarCore(array: array, weights: encoded, slicing: slicing, adc: adc, inputSum: .digitalPopcount)
        let sliced = try slicing.slice(inputs.view)
        return (try analog.multiply(sliced, reads: nil).outputs, try popcount.multiply(sliced, reads: nil).outputs, encoded)
    }

    @Test("on an ideal array the popcount equals the unit column: both give the integer product", arguments: [false, true])
    func idealArray(flip: Bool) throws {
        var stream = RandomStream(seed: 11, key: "test/popcount/ideal")
        for (dacBits, signed) in [(1, false), (1, true), (2, false), (3, true)] {
            let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .offset, columnFlip: flip)
            let slicing = try InputSlicing(inputBits: 8, isSigned: signed, bitsPerSlice: dacBits)
            let weights = CircuitFixture.randomIntegers(rows: 23, columns: 7, in: encoding.weightRange, stream: &stream)
            let inputs = CircuitFixture.randomIntegers(rows: 9, columns: 23, in: slicing.inputRange, stream: &stream)
            let bits = closedFormADCBits(rows: 23, dacBits: dacBits, cellBits: 2, sign: .offset, flip: flip)
            let result = try outputs(
                encoding: encoding, slicing: slicing, device: IdealDevice(bitsPerCell: 2), weights: weights, inputs: inputs, adcBits: bits)
            let exact = CircuitFixture.integerProduct(inputs, weights)
            #expect(result.popcount == exact, "d=\(dacBits), signed \(signed)")
            #expect(result.analog == exact, "d=\(dacBits), signed \(signed)")
        }
    }

    @Test("with programming error the two differ by γ_o·(U − Σx): one unit-column error per vector, scaled by each output's coefficient")
    func unitColumnErrorOnly() throws {
        var stream = RandomStream(seed: 12, key: "test/popcount/noisy")
        let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .offset, columnFlip: false)
        let slicing = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 1)
        let weights = CircuitFixture.randomIntegers(rows: 31, columns: 5, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 12, columns: 31, in: slicing.inputRange, stream: &stream)
        var device = ScriptedDevice()
        device.conductanceMinSiemens = 20e-6  // so that no programmed cell goes negative
        device.programmingSigmaSiemens = 3e-6  // 0.13 level steps of 23 µS
        let result = try outputs(encoding: encoding, slicing: slicing, device: device, weights: weights, inputs: inputs, adcBits: 12)
        var differing = 0
        for n in 0..<inputs.rows {
            let gamma = (0..<5).map { result.weights.unitCoefficient(ofOutput: $0) }
            let error = Double(result.analog[n, 0] - result.popcount[n, 0]) / gamma[0]
            if error != 0 { differing += 1 }
            for o in 0..<5 { #expect(Double(result.analog[n, o] - result.popcount[n, o]) == gamma[o] * error, "vector \(n), output \(o)") }
        }
        #expect(differing > 0, "the unit column's programming error shows in some vector")
    }
}
