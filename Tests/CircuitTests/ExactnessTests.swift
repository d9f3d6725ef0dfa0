import Device
import Foundation
import Numerics
import Testing

@testable import Circuit

/// Every sign scheme, with and without ISAAC's column flip.
let allEncodings: [(WeightEncoding.SignScheme, Bool)] = [(.differential, false), (.offset, false), (.offset, true)]

/// The ADC width that holds every level sum, from the closed form (ISAAC eq. 1 generalised): the
/// largest sensed value is (2^d − 1)·R·(2^b − 1), halved when columns are flipped, and at least
/// (2^d − 1)·R for the unit column; a differential pair needs a sign bit.
func closedFormADCBits(rows: Int, dacBits: Int, cellBits: Int, sign: WeightEncoding.SignScheme, flip: Bool) -> Int {
    let code = (1 << dacBits) - 1
    var largest = code * rows * ((1 << cellBits) - 1)
    if flip { largest = code * (rows * ((1 << cellBits) - 1) / 2) }
    if sign == .offset { largest = max(largest, code * rows) }
    return Int(log2(Double(largest) + 1).rounded(.up)) + (sign == .differential ? 1 : 0)
}

@Suite("Bit-sliced analog MVM is exact on an ideal array")
struct ExactnessTests {
    struct Configuration: CustomTestStringConvertible, Sendable {
        let sign: WeightEncoding.SignScheme
        let flip: Bool
        let cellBits: Int
        let dacBits: Int
        let signedInputs: Bool
        var testDescription: String {
            "\(sign.rawValue)\(flip ? "+flip" : ""), b=\(cellBits), d=\(dacBits), \(signedInputs ? "signed" : "unsigned") inputs"
        }
    }

    static let configurations: [Configuration] = allEncodings.flatMap { sign, flip in
        (1...4).flatMap { cellBits in
            (1...4).flatMap { dacBits in
                [false, true].map { Configuration(sign: sign, flip: flip, cellBits: cellBits, dacBits: dacBits, signedInputs: $0) }
            }
        }
    }

    /// (weight rows, outputs, weight bits, input bits): non-square, one row, one output, one weight.
    static let shapes = [(7, 5, 8, 8), (1, 9, 5, 6), (19, 1, 3, 7), (33, 6, 12, 10), (1, 1, 2, 3)]

    @Test("shift-and-add equals the integer matrix product bit for bit", arguments: configurations)
    func exactProduct(configuration: Configuration) throws {
        var stream = RandomStream(seed: 7, key: "test/exactness/\(configuration.testDescription)")
        for (rows, outputs, weightBits, inputBits) in Self.shapes {
            let encoding = try WeightEncoding(
                weightBits: weightBits, bitsPerCell: configuration.cellBits, sign: configuration.sign,
                columnFlip: configuration.flip)
            let slicing = try InputSlicing(
                inputBits: inputBits, isSigned: configuration.signedInputs, bitsPerSlice: configuration.dacBits)
            let weights = CircuitFixture.randomIntegers(rows: rows, columns: outputs, in: encoding.weightRange, stream: &stream)
            var inputs = CircuitFixture.randomIntegers(rows: 6, columns: rows, in: slicing.inputRange, stream: &stream)
            // Include the extremes of both ranges.
            inputs[0, 0] = Int32(slicing.inputRange.lowerBound)
            inputs[1, 0] = Int32(slicing.inputRange.upperBound)
            var extremeWeights = weights
            extremeWeights[0, 0] = Int32(encoding.weightRange.lowerBound)
            extremeWeights[rows - 1, outputs - 1] = Int32(encoding.weightRange.upperBound)
            let bits = closedFormADCBits(
                rows: rows, dacBits: configuration.dacBits, cellBits: configuration.cellBits, sign: configuration.sign,
                flip: configuration.flip)
            let (core, _) = try CircuitFixture.core(
                weights: extremeWeights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: bits),
                device: IdealDevice(bitsPerCell: configuration.cellBits))
            #expect(core.losslessADCBits == bits)
            let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
            #expect(result.outputs == CircuitFixture.integerProduct(inputs, extremeWeights), "shape \(rows)×\(outputs)")
            #expect(result.clippedConversions == 0)
        }
    }

    @Test("an array larger than the weight block and a non-zero G_min stay exact")
    func paddedArrayWithOffState() throws {
        var stream = RandomStream(seed: 3, key: "test/exactness/padded")
        let device = IdealDevice(conductanceMinSiemens: 5e-6, conductanceMaxSiemens: 50e-6, bitsPerCell: 2)
        for (sign, flip) in allEncodings {
            let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: sign, columnFlip: flip)
            let slicing = try InputSlicing(inputBits: 8, isSigned: true, bitsPerSlice: 1)
            let weights = CircuitFixture.randomIntegers(rows: 20, columns: 3, in: encoding.weightRange, stream: &stream)
            let inputs = CircuitFixture.randomIntegers(rows: 5, columns: 20, in: slicing.inputRange, stream: &stream)
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 12), device: device,
                arrayRows: 32, arrayColumns: 40)
            let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
            #expect(result.outputs == CircuitFixture.integerProduct(inputs, weights), "\(sign) flip \(flip)")
        }
    }

    @Test("ISAAC's ADC rule: 128 rows, 1-bit DAC, 2-bit cells need 9 bits, 8 with the column flip")
    func isaacADCBits() throws {
        let slicing = try InputSlicing(inputBits: 16, isSigned: true, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: 128, columns: 1, repeating: 5)
        for (flip, expected) in [(false, 9), (true, 8)] {
            let encoding = try WeightEncoding(weightBits: 16, bitsPerCell: 2, sign: .offset, columnFlip: flip)
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8),
                device: IdealDevice(bitsPerCell: 2))
            // A = log2 R + v + w − 1 (v = 1) = 7 + 1 + 2 − 1 = 9; the flip halves the full scale.
            #expect(core.losslessADCBits == expected)
        }
    }

    @Test("skipping all-zero input slices changes counts but not results")
    func zeroSliceSkipping() throws {
        var stream = RandomStream(seed: 5, key: "test/exactness/skip")
        let encoding = try WeightEncoding(weightBits: 6, bitsPerCell: 2, sign: .offset, columnFlip: true)
        let slicing = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 2)
        let weights = CircuitFixture.randomIntegers(rows: 10, columns: 4, in: encoding.weightRange, stream: &stream)
        var inputs = CircuitFixture.randomIntegers(rows: 6, columns: 10, in: 0...15, stream: &stream)  // top slices zero
        for i in 0..<10 { inputs[2, i] = 0 }
        var (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8),
            device: IdealDevice(bitsPerCell: 2))
        let sliced = try slicing.slice(inputs.view)
        let all = try core.multiply(sliced, reads: nil)
        core.skipsZeroSlices = true
        let skipped = try core.multiply(sliced, reads: nil)
        #expect(all.outputs == CircuitFixture.integerProduct(inputs, weights))
        #expect(skipped.outputs == all.outputs)
        // Inputs below 16 use only the two low 2-bit slices; vector 2 uses none.
        var active = 0
        for n in 0..<6 {
            for s in 0..<4 { active += (0..<10).contains { (Int(inputs[n, $0]) >> (2 * s)) & 3 != 0 } ? 1 : 0 }
        }
        #expect(all.convertedSlices == 24)
        #expect(skipped.convertedSlices == active)
    }
}
