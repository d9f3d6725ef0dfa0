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

    @Test("one driven cell behind one row and one column segment draws V²/(R_row + 1/G + R_col)")
    func singleCellBehindWires() throws {
        // Weight +1 on 1-bit differential cells: G⁺ = 100 µS on the least significant cell, every other cell 0 S.
        let device = IdealDevice(conductanceMinSiemens: 0, conductanceMaxSiemens: 100e-6, bitsPerCell: 1, readVoltageVolts: 0.2, readPulseSeconds: 10e-9)
        let encoding = try WeightEncoding(weightBits: 2, bitsPerCell: 1, sign: .differential)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 2)
        let wires = try WireResistance(rowOhmsPerSegment: 700, columnOhmsPerSegment: 300)
        let inputs = Matrix<Int32>(rows: 2, columns: 1, elements: [13, 6])
        let (core, array) = try CircuitFixture.core(
            weights: Matrix(rows: 1, columns: 1, repeating: 1), encoding: encoding, slicing: slicing,
            adc: try ADC(resolutionBits: 8), device: device, wires: wires)
        // The driven cell is the first on its row; the others (0 S) carry no current, nor does the wire beyond it.
        #expect(array.rows == 1 && array.conductanceSiemens(atSeconds: 0).elements == [100e-6, 0, 0, 0])
        let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
        var expected = 0.0
        for n in 0..<2 {
            for shift in [0, 2] {
                let volts = Double((Int(inputs[n, 0]) >> shift) & 3) * 0.2 / 3
                expected += volts * volts / (700 + 1 / 100e-6 + 300) * 10e-9
            }
        }
        // Y = g_r·(1 − g_r/M_0) loses about log10(g_r/Y) ≈ 1 digit to cancellation.
        #expect(abs(result.arrayReadEnergyJoules - expected) <= 1e-12 * expected)
    }

    @Test("with resistive wires the energy is Σ over slices of vᵀ·Y·v·t, the batch's Gram matrix given or not")
    func quadraticFormOverSlices() throws {
        var stream = RandomStream(seed: 43, key: "test/cost/wires")
        let device = IdealDevice(conductanceMinSiemens: 1e-6, conductanceMaxSiemens: 100e-6, bitsPerCell: 2, readVoltageVolts: 0.2, readPulseSeconds: 10e-9)
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 2, sign: .differential)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 2)
        let weights = CircuitFixture.randomIntegers(rows: 6, columns: 3, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 4, columns: 6, in: slicing.inputRange, stream: &stream)
        let wires = try WireResistance(rowOhmsPerSegment: 50, columnOhmsPerSegment: 20, accessTransistorOhms: 800)
        let (core, array) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 8), device: device, wires: wires,
            arrayRows: 8)
        let y = try IRDropSolver.effectiveConductanceAndAdmittance(array.conductanceSiemens(atSeconds: 0), wires: wires).admittance
        var expected = 0.0
        for n in 0..<inputs.rows {
            for shift in [0, 2] {
                let volts = (0..<6).map { Double((Int(inputs[n, $0]) >> shift) & 3) * 0.2 / 3 }
                for i in 0..<6 {
                    for k in 0..<6 { expected += volts[i] * y[i, k] * volts[k] * 10e-9 }
                }
            }
        }
        let sliced = try slicing.slice(inputs.view)
        let values = try core.currents(sliced)
        let computed = try core.readout(currents: values.view, inputs: sliced, variances: nil, reads: nil)
        let shared = try core.readout(
            currents: values.view, inputs: sliced, variances: nil, reads: nil, inputGram: ArrayReadPower.inputGram(sliced))
        // Sums of 4·2·36 products (Y's off-diagonal terms small and negative): relative rounding ≲ 300·2⁻⁵³.
        #expect(abs(computed.arrayReadEnergyJoules - expected) <= 1e-13 * expected)
        #expect(shared.arrayReadEnergyJoules == computed.arrayReadEnergyJoules)
    }

    @Test("the slices' Gram matrix is exact over more slices than one single-precision block holds")
    func inputGramIsExact() throws {
        // 8-bit codes: blocks of 2^24/255² = 258 slices; 600 slices take three.
        var stream = RandomStream(seed: 44, key: "test/cost/gram")
        let slicing = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 8)
        let inputs = CircuitFixture.randomIntegers(rows: 600, columns: 5, in: 200...255, stream: &stream)
        let gram = ArrayReadPower.inputGram(try slicing.slice(inputs.view))
        for i in 0..<5 {
            for k in 0..<5 {
                let exact = (0..<600).reduce(0) { $0 + Int(inputs[$1, i]) * Int(inputs[$1, k]) }
                #expect(gram[i, k] == Double(exact))
            }
        }
        // Beyond 2^24, where one single-precision sum would round.
        #expect(gram[0, 0] > 0x1p24)
    }

    @Test("the Gram matrix of binary codes (bit sets and popcounts) counts every pair of driven rows", arguments: [1, 64, 130])
    func binaryInputGramIsExact(vectors: Int) throws {
        // 1-bit DAC, 3-bit inputs: 3 slices per vector, so 3 to 390 slices (one to seven words).
        var stream = RandomStream(seed: 45, key: "test/cost/gram-binary")
        let slicing = try InputSlicing(inputBits: 3, isSigned: false, bitsPerSlice: 1)
        var inputs = CircuitFixture.randomIntegers(rows: vectors, columns: 7, in: slicing.inputRange, stream: &stream)
        for n in 0..<vectors { inputs[n, 4] = 0 }  // a row never driven
        let sliced = try slicing.slice(inputs.view)
        let gram = ArrayReadPower.inputGram(sliced)
        for i in 0..<7 {
            for k in 0..<7 {
                var exact = 0
                for n in 0..<vectors {
                    for bit in 0..<3 { exact += ((Int(inputs[n, i]) >> bit) & 1) * ((Int(inputs[n, k]) >> bit) & 1) }
                }
                #expect(gram[i, k] == Double(exact), "Γ[\(i), \(k)]")
            }
        }
    }
}
