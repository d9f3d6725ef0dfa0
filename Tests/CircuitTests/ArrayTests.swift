import Device
import Numerics
import Testing

@testable import Circuit

@Suite("Programmed arrays")
struct ArrayTests {
    @Test("programming error: achieved conductances scatter around their targets with the device's σ")
    func programmingError() throws {
        let sigma = 3e-6
        let device = ScriptedDevice(programmingSigmaSiemens: sigma)
        var stream = RandomStream(seed: 31, key: "test/array/levels")
        let levels = CircuitFixture.randomIntegers(rows: 64, columns: 64, in: 0...3, stream: &stream)
        let array = try CrossbarArray(levels: levels, levelCount: 4, device: device, stream: RandomStream(seed: 1, key: "a"))
        let deviations = zip(array.cells, levels.elements).map {
            $0.conductanceSiemens - device.targetConductance(level: Int($1), levelCount: 4)
        }
        let (mean, variance) = meanAndVariance(deviations)
        let n = Double(deviations.count)
        #expect(abs(mean) < 5 * sigma / n.squareRoot())
        #expect(abs(variance - sigma * sigma) < 5 * sigma * sigma * (2 / (n - 1)).squareRoot())
        let again = try CrossbarArray(levels: levels, levelCount: 4, device: device, stream: RandomStream(seed: 1, key: "a"))
        let other = try CrossbarArray(levels: levels, levelCount: 4, device: device, stream: RandomStream(seed: 1, key: "b"))
        #expect(again.cells == array.cells, "same stream, same cells")
        #expect(other.cells != array.cells, "each array has its own stream")
    }

    @Test("stuck-off cells are kept, counted, and read as level 0 by the MVM")
    func stuckCells() throws {
        let device = ScriptedDevice(bitsPerCell: 4, stuckOffProbability: 0.2)
        var stream = RandomStream(seed: 32, key: "test/array/stuck")
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .differential)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 2)
        let weights = CircuitFixture.randomIntegers(rows: 50, columns: 8, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 10, columns: 50, in: slicing.inputRange, stream: &stream)
        let (core, array) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 13), device: device)
        #expect(core.losslessADCBits == 13, "3·50·15 = 2250 levels need 12 bits and a sign")
        let stuck = array.faultCounts[.stuckOff] ?? 0
        let cells = Double(array.cells.count)
        #expect(abs(Double(stuck) - 0.2 * cells) < 5 * (0.2 * 0.8 * cells).squareRoot())
        // Expected: the integer product with every stuck cell at level 0 (one slice: w = L⁺ − L⁻).
        let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
        func level(_ r: Int, _ c: Int) -> Int64 {
            array.cells[r * array.columns + c].fault == .stuckOff ? 0 : Int64(array.targetLevels[r, c])
        }
        for n in 0..<inputs.rows {
            for o in 0..<8 {
                let expected = (0..<50).reduce(Int64(0)) { $0 + Int64(inputs[n, $1]) * (level($1, 2 * o) - level($1, 2 * o + 1)) }
                #expect(result.outputs[n, o] == expected)
            }
        }
    }

    @Test("the write cost of an array is the sum over its cells")
    func writeCost() throws {
        let perCell = WriteCost(pulses: 3, energyJoules: 2e-12, latencySeconds: 50e-9, enduranceCycles: 1)
        let device = ScriptedDevice(costPerCell: perCell)
        let array = try CrossbarArray(
            levels: Matrix(rows: 12, columns: 10, repeating: 1), levelCount: 4, device: device,
            stream: RandomStream(seed: 1, key: "cost"))
        #expect(array.writeCost.pulses == 360)
        #expect(abs(array.writeCost.energyJoules - 240e-12) < 1e-24)
        #expect(abs(array.writeCost.latencySeconds - 6e-6) < 1e-18)
        #expect(array.writeCost.enduranceCycles == 120)
    }

    @Test("reads at a later time see the drifted conductances")
    func drift() throws {
        // ν = 1: at t = 2 s every conductance has halved (G_min = 0), so each level sum halves;
        // weights −2 and 0 keep every sum even.
        let device = ScriptedDevice(bitsPerCell: 2, driftExponent: 1)
        var stream = RandomStream(seed: 33, key: "test/array/drift")
        let encoding = try WeightEncoding(weightBits: 2, bitsPerCell: 2, sign: .differential)
        let slicing = try InputSlicing(inputBits: 3, isSigned: false, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: 16, columns: 5) { _, _ in stream.next() % 2 == 0 ? -2 : 0 }
        let inputs = CircuitFixture.randomIntegers(rows: 8, columns: 16, in: slicing.inputRange, stream: &stream)
        let exact = CircuitFixture.integerProduct(inputs, weights)
        for (seconds, divisor) in [(0.5, Int64(1)), (2.0, 2)] {
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8), device: device,
                atSeconds: seconds)
            let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
            #expect(result.outputs == exact.map { $0 / divisor }, "t = \(seconds) s")
        }
    }
}
