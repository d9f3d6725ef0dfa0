import Device
import Numerics
import Testing

@testable import Circuit

@Suite("Array read energy")
struct ReadEnergyTests {
    @Test("array read energy is Σ V²·G·t over the driven cells, and every slice is converted")
    func readEnergyAndCounts() throws {
        // 1-bit cells at 0 or 100 µS, every weight +1 (differential, W = 2: slice 0 on G⁺ is on),
        // 2-bit DAC: code a drives a·0.2 V/3 for 10 ns.
        let device = IdealDevice(conductanceMinSiemens: 0, conductanceMaxSiemens: 100e-6, bitsPerCell: 1, readVoltageVolts: 0.2, readPulseSeconds: 10e-9)
        let encoding = try WeightEncoding(weightBits: 2, bitsPerCell: 1, sign: .differential)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 2)
        let rows = 8
        let outputs = 3
        let weights = Matrix<Int32>(rows: rows, columns: outputs, repeating: 1)
        var stream = RandomStream(seed: 41, key: "test/cost/inputs")
        let inputs = CircuitFixture.randomIntegers(rows: 5, columns: rows, in: slicing.inputRange, stream: &stream)
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8), device: device)
        let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
        var expected = 0.0
        for n in 0..<inputs.rows {
            for i in 0..<rows {
                for shift in [0, 2] {
                    let volts = Double((Int(inputs[n, i]) >> shift) & 3) * 0.2 / 3
                    expected += volts * volts * Double(outputs) * 100e-6 * 10e-9
                }
            }
        }
        #expect(abs(result.arrayReadEnergyJoules - expected) <= 1e-6 * expected)
        // 5 vectors × 2 slices.
        #expect(result.convertedSlices == 10)
    }
}
