import Device
import Numerics
import Testing

@testable import Circuit

@Suite("Action counts, energy, area and latency")
struct CostTests {
    @Test("array read energy is Σ V²·G·t over the driven cells, and actions follow the closed form")
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
        // 5 vectors × 2 slices; 8 rows; 2·2·3 = 12 physical and 2·3 = 6 sensed columns.
        #expect(result.actions[.dacConversion] == 10 * 8)
        #expect(result.actions[.cellRead] == 10 * 8 * 12)
        #expect(result.actions[.sampleAndHold] == 10 * 6)
        #expect(result.actions[.adcConversion] == 10 * 6)
        #expect(result.actions[.shiftAdd] == 10 * 6)
    }

    @Test("ADC energy follows ISAAC's table (4–10 bits) within 3.5 %, area within 13 %")
    func isaacADC() throws {
        // Accelergy hwcomponents-library isaac.py (32 nm, 1.2 GS/s): pJ and µm² per resolution.
        let energy: [Int: Double] = [4: 0.79, 5: 0.99, 6: 1.20, 7: 1.42, 8: 1.67, 9: 1.97, 10: 2.38]
        let area: [Int: Double] = [4: 361, 5: 477, 6: 627, 7: 845, 8: 1200, 9: 1828, 10: 3002]
        for bits in 4...10 {
            let model = try ADCModel.sar(resolutionBits: bits)
            #expect(abs(model.energyPerConversionJoules / (energy[bits]! * 1e-12) - 1) < 0.035, "\(bits) bits")
            #expect(abs(model.areaSquareMetres / (area[bits]! * 1e-12) - 1) < 0.13, "\(bits) bits")
        }
        // Walden: E = FOM·2^B.
        let walden = try ADCModel.sar(resolutionBits: 6, fomJoulesPerStep: 57e-15, perBitScaling: 2)
        #expect(abs(walden.energyPerConversionJoules - 57e-15 * 64) < 1e-24)
        // NeuroSim flash: 5 bits = 31 comparators × 1.7 fJ ≈ 53 fJ.
        let flash = try ADCModel.flash(resolutionBits: 5)
        #expect(abs(flash.energyPerConversionJoules - 31 * 1.7e-15) < 1e-24)
    }

    @Test("ISAAC's periphery: 0.39 pJ per 1-bit DAC conversion, 100 ns per slice for 128 columns per ADC")
    func isaacPeriphery() throws {
        let dac = try DACModel(resolutionBits: 1)
        #expect(abs(dac.energyPerConversionJoules - 0.390625e-12) < 1e-18)
        #expect(abs(try DACModel(resolutionBits: 2).energyPerConversionJoules - 3 * dac.energyPerConversionJoules) < 1e-24)
        let model = try CrossbarCostModel(
            array: try CrossbarArrayModel(rows: 128, columns: 128, cellAreaFeatureSquared: 4, readPulseSeconds: 10e-9),
            dac: dac, sampleAndHold: try SampleAndHoldModel(), adc: try ADCModel.sar(resolutionBits: 8),
            shiftAdd: try ShiftAddModel(), columnsPerADC: 128, shiftAddUnits: 0.5)
        #expect(abs(model.sliceLatencySeconds(sensedColumns: 128) - 100e-9) < 1e-15)
        // 129 columns need a second ADC; each then converts 65.
        #expect(model.adcCount(sensedColumns: 129) == 2)
        #expect(abs(model.sliceLatencySeconds(sensedColumns: 129) - 65 / 1.28e9) < 1e-15)
        // Area: 128² cells of 4F² at 32 nm, 128 DACs, 128 S&H, one ADC, half a shift-and-add unit.
        let expectedArea = 16384 * 4 * 32e-9 * 32e-9 + 128 * dac.areaSquareMetres + 128 * 0.00004e-6 / 1024
            + (try ADCModel.sar(resolutionBits: 8)).areaSquareMetres + 0.5 * 60e-12
        #expect(abs(model.areaSquareMetres(sensedColumns: 128) - expectedArea) <= 1e-9 * expectedArea)
        let byComponent = model.areaByComponentSquareMetres(sensedColumns: 128)
        #expect(abs(byComponent.values.reduce(0, +) - expectedArea) <= 1e-9 * expectedArea)
        #expect(Set(model.components.map(\.name)) == Set(byComponent.keys))
        var actions = ActionCounts()
        actions.add(.adcConversion, 1000)
        actions.add(.dacConversion, 10)
        let energy = model.energyByComponentJoules(actions: actions, arrayReadEnergyJoules: 5e-12)
        #expect(abs(energy["adc"]! - 1000 * 1.67e-12) < 1e-18)
        #expect(abs(energy["dac"]! - 10 * 0.390625e-12) < 1e-20)
        #expect(energy["array"] == 5e-12)
    }
}
