import Device
import Foundation
import Numerics
import Testing

@testable import Circuit

/// An SRAM array read as bitline discharge (``BitlineReadout``) against the closed form of
/// ``BitlineDischarge`` (itself tested against its ODE in the device tests).
@Suite("SRAM columns read as bitline discharge")
struct SRAMReadoutTests {
    /// The bundled SRAM preset without mismatch (every conducting cell reads exactly I_read), with `overrides`.
    static func idealSRAM(_ overrides: [String: PresetValue] = [:]) throws -> SRAMDevice {
        let base: [String: PresetValue] = ["thresholdMismatchCoefficientVoltMeters": 0, "d2dSigmaRelative": 0]
        return try #require(try DevicePreset.device("sram", overriding: base.merging(overrides) { $1 }) as? SRAMDevice)
    }

    /// Conducting cells in each test column of 128 rows, up to the full column (the preset's
    /// linear range, 128 cells at 80 ps; 25.6 cells at 400 ps).
    static let conducting = [0, 10, 26, 64, 110, 128]

    /// A 128-row core of 1-bit weights, offset scheme without flip: column o holds
    /// `conducting[o]` cells storing 1 (weight 0, biased to level 1) and 0s below; one input
    /// vector of all ones through 1-bit DACs.
    static func column(device: SRAMDevice, adcBits: Int = 16) throws -> (CrossbarCore, SlicedInputs) {
        let rows = 128
        let weights = Matrix<Int32>(rows: rows, columns: conducting.count) { i, o in i < conducting[o] ? 0 : -1 }
        let encoding = try WeightEncoding(weightBits: 1, bitsPerCell: 1, sign: .offset)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: ADC(resolutionBits: adcBits), device: device)
        let inputs = try slicing.slice(Matrix<Int32>(rows: 1, columns: rows) { _, _ in 1 }.view)
        return (core, inputs)
    }

    /// The bitline drop of a column with `on` conducting and `off` leaking cells, by the closed form, volts.
    static func drop(_ device: SRAMDevice, on: Int, off: Int) -> Double {
        let current = Double(on) * device.conductanceMaxSiemens * device.readVoltageVolts + Double(off) * device.bitline.cellLeakageAmperes
        return device.bitline.swing(totalSaturatedCurrentAmperes: current, afterSeconds: device.readPulseSeconds)
    }

    /// Float bound on a 128-term GEMM sum of values below 1.0001 levels: 128 additions, each off
    /// by at most half an ulp of a partial sum below 129 (2^-17), levels.
    static let gemmBound = 128.0 * 0x1p-17

    @Test("each column's sensed value is [ΔV(k cells) − ΔV(reference)]/ΔV_unit, linear to C·(V_pre − V_dsat)/(I·t) cells, compressed beyond", arguments: [80e-12, 400e-12])
    func closedForm(pulse: Double) throws {
        let device = try Self.idealSRAM(["readPulseSeconds": .number(pulse)])
        let (core, inputs) = try Self.column(device: device)
        let readout = try #require(core.bitlineReadout)
        let unit = (device.conductanceMaxSiemens - device.conductanceMinSiemens) * device.readVoltageVolts * pulse / device.bitline.capacitanceFarads
        #expect(abs(readout.unitSwingVolts / unit - 1) <= 1e-15)
        // Offset scheme: the data columns, the unit column, then the shared reference column.
        #expect(readout.physicalColumns.count == core.weights.sensedColumns + 1)
        let sensed = readout.sensedValues(try core.currents(inputs), codes: inputs.codes)
        let reference = Self.drop(device, on: 0, off: 128)
        for (o, k) in Self.conducting.enumerated() {
            let expected = (Self.drop(device, on: k, off: 128 - k) - reference) / unit
            #expect(abs(Double(sensed[0, o]) - expected) <= Self.gemmBound, "\(k) cells: \(sensed[0, o]) vs \(expected) levels")
            // Linear up to the knee; just past it the loss is second order, well past it large.
            let knee = 25.6e-15 * 0.4 / (1e-6 * pulse)
            if Double(k) <= knee + 1e-9 { #expect(abs(Double(sensed[0, o]) - Double(k)) <= Self.gemmBound, "\(k) cells read linearly") }
            if Double(k) >= 2 * knee { #expect(Double(sensed[0, o]) < 0.9 * Double(k), "\(k) cells are compressed") }
        }
        // The unit column holds a 1 on every row: the full column.
        let full = (Self.drop(device, on: 128, off: 0) - reference) / unit
        #expect(abs(Double(sensed[0, core.weights.sensedColumns - 1]) - full) <= Self.gemmBound)
        // Fixed range: the ADC spans the drop of the full scale (128 levels), x·I_unit without leakage.
        let scale = device.bitline.swing(totalSaturatedCurrentAmperes: 128 * unit * device.bitline.capacitanceFarads / pulse, afterSeconds: pulse) / unit
        #expect(abs(Double(try #require(core.fullScale).first!) - scale) <= 128 * 0x1p-24)
    }

    @Test("array read energy is Σ over the read bitlines of C·V_pre·ΔV + rows·I_leak·V_pre·t, by hand")
    func energy() throws {
        let device = try Self.idealSRAM()
        let (core, inputs) = try Self.column(device: device)
        let result = try core.multiply(inputs, reads: nil)
        let c = device.bitline.capacitanceFarads
        let v = device.bitline.prechargeVolts
        let t = device.readPulseSeconds
        let leakage = 128 * device.bitline.cellLeakageAmperes * v * t
        // Data columns, the unit column (128 ones) and the reference column (128 zeros).
        var expected = Self.conducting.reduce(0) { $0 + c * v * Self.drop(device, on: $1, off: 128 - $1) + leakage }
        expected += c * v * Self.drop(device, on: 128, off: 0) + leakage
        expected += c * v * Self.drop(device, on: 0, off: 128) + leakage
        #expect(result.convertedSlices == 1)
        // Each of the 8 bitlines' currents is within the GEMM bound of its closed form.
        let bound = 8 * Self.gemmBound * c * v * core.bitlineReadout!.unitSwingVolts
        #expect(abs(result.arrayReadEnergyJoules - expected) <= bound, "\(result.arrayReadEnergyJoules) vs \(expected) J")
    }

    @Test("the readout converts the drops back as level sums with the linear model: exact while linear, compression shows as error")
    func digitalReadout() throws {
        // 1-bit weights w ∈ {−1, 0}: Σ_i x_i·w_i = D − U with D the data column and U the unit
        // column (128 ones), so a column of k ones (w = 0) reads k − 128.
        let linear = try Self.column(device: try Self.idealSRAM())
        let exact = try linear.0.multiply(linear.1, reads: nil)
        for (o, k) in Self.conducting.enumerated() { #expect(exact.outputs[0, o] == Int64(k - 128), "80 ps, \(k) cells") }
        // 400 ps: linear to 25.6 cells. The unit column's drop reads U < 128, so the column of no
        // ones reads −round(U) and the full column D = U reads 0.
        let device = try Self.idealSRAM(["readPulseSeconds": 400e-12])
        let compressedCore = try Self.column(device: device)
        let compressed = try compressedCore.0.multiply(compressedCore.1, reads: nil)
        let unit = compressedCore.0.bitlineReadout!.unitSwingVolts
        let u = (Self.drop(device, on: 128, off: 0) - Self.drop(device, on: 0, off: 128)) / unit
        #expect(u < 100)
        #expect(compressed.outputs[0, 0] == -Int64(u.rounded()))
        #expect(compressed.outputs[0, Self.conducting.count - 1] == 0)
    }

    @Test("an ideal-mismatch SRAM array in the linear region reads the integer product exactly", arguments: allEncodings)
    func exactInLinearRegion(sign: WeightEncoding.SignScheme, flip: Bool) throws {
        let device = try Self.idealSRAM()
        var stream = RandomStream(seed: 3, key: "test/sram/exact/\(sign)/\(flip)")
        // Up to the full 128-row column, the preset's linear range at every DAC code.
        for (rows, outputs, dacBits, signed) in [(128, 5, 1, false), (96, 3, 2, true), (17, 4, 3, true)] {
            let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 1, sign: sign, columnFlip: flip)
            let slicing = try InputSlicing(inputBits: 8, isSigned: signed, bitsPerSlice: dacBits)
            let weights = CircuitFixture.randomIntegers(rows: rows, columns: outputs, in: encoding.weightRange, stream: &stream)
            var inputs = CircuitFixture.randomIntegers(rows: 6, columns: rows, in: slicing.inputRange, stream: &stream)
            for i in 0..<rows { inputs[5, i] = Int32(slicing.inputRange.upperBound) }
            let bits = closedFormADCBits(rows: rows, dacBits: dacBits, cellBits: 1, sign: sign, flip: flip)
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: ADC(resolutionBits: bits), device: device)
            let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
            #expect(result.outputs == CircuitFixture.integerProduct(inputs, weights), "\(rows) rows, d = \(dacBits)")
        }
    }

    @Test("wire or access-transistor resistance is refused for SRAM cells, naming the fields")
    func wiresRefused() throws {
        let device = try Self.idealSRAM()
        let encoding = try WeightEncoding(weightBits: 2, bitsPerCell: 1, sign: .differential)
        let slicing = try InputSlicing(inputBits: 2, isSigned: false, bitsPerSlice: 1)
        for wires in [try WireResistance(rowOhmsPerSegment: 1, columnOhmsPerSegment: 1), try WireResistance(rowOhmsPerSegment: 0, columnOhmsPerSegment: 0, accessTransistorOhms: 1e3)] {
            #expect {
                _ = try CircuitFixture.core(
                    weights: Matrix(rows: 2, columns: 2, elements: [1, -1, 0, 1]), encoding: encoding, slicing: slicing,
                    adc: ADC(resolutionBits: 4), device: device, wires: wires)
            } throws: { error in
                guard case .invalidParameter(let owner, let field, _, _) = error as? CircuitError else { return false }
                return owner == "CrossbarCore" && field.contains("wire.rowResistanceOhms") && field.contains("wire.columnResistanceOhms") && field.contains("wire.accessTransistorOhms")
            }
        }
    }
}
