import Circuit
import DataFiles
import Device
import Foundation
import Testing

@testable import Accelerator

@Suite("Chip roll-up: counts, power, area, peak efficiency")
struct CostRollUpTests {
    /// |ours/paper − 1| ≤ tolerance.
    private func within(_ ours: Double, _ paper: Double, _ tolerance: Double) -> Bool { abs(ours / paper - 1) <= tolerance }

    @Test("ISAAC's Table I and Table IV are reproduced within 5 % from per-component figures and counts")
    func isaacReproduction() throws {
        let rollUp = try ChipCostModel(architecture: AcceleratorTestSupport.isaac()).rollUp()
        // Shafiee et al., ISCA 2016, Table I: 12 IMAs 289 mW / 0.157 mm², tile 330 mW / 0.372 mm²,
        // chip 65.8 W / 85.4 mm²; Table IV ISAAC-CE: 478.95 GOPS/(s·mm²), 627.5 GOPS/W.
        #expect(within(12 * rollUp.imaPowerWatts, 289e-3, 0.05))
        #expect(within(12 * rollUp.imaAreaSquareMetres, 0.157e-6, 0.05))
        #expect(within(rollUp.tilePowerWatts, 330e-3, 0.05))
        #expect(within(rollUp.tileAreaSquareMetres, 0.372e-6, 0.05))
        #expect(within(rollUp.chipPowerWatts, 65.8, 0.05))
        #expect(within(rollUp.chipAreaSquareMetres, 85.4e-6, 0.05))
        #expect(within(rollUp.peakGopsPerSecondPerSquareMillimetre, 478.95, 0.05))
        #expect(within(rollUp.peakGopsPerWatt, 627.5, 0.05))
        // By hand from Table I's lines: IMA 16 + 4 + 0.01 + 2.4 + 0.2 + 1.24 + 0.23 = 24.08 mW; tile
        // 12 × 24.08 + 20.7 + 7 + 42/4 + 0.52 + 0.05 + 0.4 + 1.68 = 329.81 mW (the table rounds the
        // IMAs to 289 mW); peak 168·12·8 arrays × 128 rows × 16 weights × 2 ops per 16 × 100 ns.
        #expect(within(rollUp.imaPowerWatts, 24.08e-3, 1e-9))
        #expect(within(rollUp.tilePowerWatts, 329.81e-3, 1e-9))
        #expect(within(rollUp.peakOperationsPerSecond, 168 * 12 * 8 * (128 * 16 * 2) / (16 * 100e-9), 1e-12))
    }

    @Test("ISAAC's Table I is read from its data file: per instance, the group's figures over its count; bad rows are named")
    func tableIFromData() throws {
        let calibration = try ISAACCalibration.shared()
        // Table I: 8 ADCs 16 mW and 0.0096 mm²; 4 HyperTransport links 10.4 W.
        #expect(calibration.tableI[try calibration.component(named: "adc")]!.peakPowerWatts == 2e-3)
        #expect(abs(calibration.tableI[try calibration.component(named: "adc")]!.areaSquareMetres - 1.2e-9) < 1e-21)
        #expect(calibration.tableI[try calibration.component(named: "offChipLink")]!.peakPowerWatts == 2.6)
        #expect(calibration.technologyNodeMetres == 32e-9)
        let file = try PresetFile.load("isaac", kind: ISAACCalibration.kind).file
        var tree = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: file)))
        try tree.set(-1, at: "parameters.routerInstances.value")
        let broken = try PresetFile.parse(Data(tree.canonicalJSON().utf8), file: "broken.json", kind: ISAACCalibration.kind)
        let error = #expect(throws: CostModelError.self) {
            try ISAACCalibration(figures: broken, architecture: calibration.architecture)
        }
        #expect(error?.description.contains("parameters.routerInstances.value") == true)
    }

    @Test("a component row with an unknown model, an unknown level, a repeated name or no name is refused, naming the row and field")
    func malformedComponentRows() throws {
        let calibration = try ISAACCalibration.shared()
        let file = try PresetFile.load("isaac", kind: ISAACCalibration.kind).file
        let tree = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: file)))
        let rows = "parameters.components.value"
        /// The table with `key` of row `index` set to `value`.
        func editing(_ index: Int, _ key: String, _ value: JSONValue) throws -> JSONValue {
            guard case .array(var entries)? = tree.value(at: rows), case .object(var row) = entries[index] else {
                throw CostModelError.invalidParameter(owner: file, field: rows, value: "?", allowed: "an array of objects")
            }
            row[key] = value
            entries[index] = .object(row)
            var edited = tree
            try edited.set(.array(entries), at: rows)
            return edited
        }
        var emptied = tree
        try emptied.set(.array([]), at: rows)
        let cases: [(table: JSONValue, field: String, allowed: String)] = [
            (try editing(0, "model", "quantum-adc"), "\(rows)[0].model", "column-adc"),
            (try editing(1, "level", "wafer"), "\(rows)[1].level", "tile"),
            (try editing(1, "name", "adc"), "\(rows)[1].name", "a name no earlier row has"),
            (try editing(2, "name", 3), "\(rows)[2].name", "a non-empty string"),
            (emptied, rows, "a non-empty array"),
        ]
        for (broken, field, allowed) in cases {
            let table = try PresetFile.parse(Data(broken.canonicalJSON().utf8), file: "broken.json", kind: ISAACCalibration.kind)
            let error = #expect(throws: CostModelError.self) {
                try ISAACCalibration(figures: table, architecture: calibration.architecture)
            }
            let message = error?.description ?? ""
            #expect(message.contains("broken.json") && message.contains(field) && message.contains(allowed), "\(message)")
        }
    }

    @Test("isaac.json rolls up to Table I; every bundled architecture rolls up")
    func bundledArchitectures() throws {
        let isaac = try ArchitectureSpec.load("isaac")
        let rollUp = try ChipCostModel(architecture: isaac).rollUp()
        #expect(within(rollUp.tilePowerWatts, 330e-3, 0.05) && within(rollUp.tileAreaSquareMetres, 0.372e-6, 0.05))
        #expect(within(rollUp.chipPowerWatts, 65.8, 0.05) && within(rollUp.chipAreaSquareMetres, 85.4e-6, 0.05))
        #expect(within(rollUp.peakGopsPerWatt, 627.5, 0.05) && within(rollUp.peakGopsPerSecondPerSquareMillimetre, 478.95, 0.05))
        for name in try ArchitectureSpec.bundledNames() {
            let other = try ChipCostModel(architecture: try ArchitectureSpec.load(name)).rollUp()
            #expect(other.chipPowerWatts.isFinite && other.chipPowerWatts > 0, "\(name)")
            #expect(other.chipAreaSquareMetres.isFinite && other.chipAreaSquareMetres > 0, "\(name)")
            #expect(other.peakOperationsPerSecond > 0, "\(name)")
        }
    }

    @Test("every ISAAC component row equals its Table I line, with the router shared by 4 tiles")
    func isaacRows() throws {
        let rollUp = try ChipCostModel(architecture: AcceleratorTestSupport.isaac()).rollUp()
        // Table I, per IMA / tile / chip (mW, mm²); router 42 mW and 0.151 mm² for 4 tiles.
        let paper: [String: (Double, Double)] = [
            "adc": (16, 0.0096), "dac": (4, 0.00017), "sampleAndHold": (0.01, 0.00004), "array": (2.4, 0.0002), "shiftAdd": (0.2, 0.00024),
            "inputRegister": (1.24, 0.0021), "outputRegister": (0.23, 0.00077), "tileBuffer": (20.7, 0.083), "bus": (7, 0.090),
            "router": (42.0 / 4, 0.151 / 4), "activation": (0.52, 0.0006), "tileShiftAdd": (0.05, 0.00006), "pooling": (0.4, 0.00024),
            "tileOutputRegister": (1.68, 0.0032), "offChipLink": (10_400, 22.88),
        ]
        for (component, (milliwatts, squareMillimetres)) in paper {
            let row = try #require(rollUp.row(component))
            #expect(within(row.powerWatts, milliwatts * 1e-3, 1e-9), "\(component) power")
            #expect(within(row.areaSquareMetres, squareMillimetres * 1e-6, 1e-9), "\(component) area")
        }
        #expect(rollUp.row("dac")?.countLabel == "8×128")
        #expect(rollUp.row("router")?.countLabel == "1/4")
        #expect(rollUp.row("router")?.count == 0.25)
    }

    @Test("a hand-computed small chip: 2 arrays of 64×32 per IMA, 2 IMAs per tile, 3 tiles")
    func smallChip() throws {
        let o = try AcceleratorTestSupport.isaac([
            "arrayRows": 64, "arrayColumns": 32, "weightBits": 8, "inputBits": 8,
            "arraysPerIMA": 2, "imasPerTile": 2, "tilesPerChip": 3, "shiftAddUnitsPerIMA": 1,
            "inputRegisterBytesPerIMA": 512, "outputRegisterBytesPerIMA": 64, "edramBytesPerTile": 16384, "outputRegisterBytesPerTile": 768,
            "imaBusWidthBits": 192, "activationUnitsPerTile": 1, "tilesPerRouter": 2, "offChipLinks": 1,
        ])
        let rollUp = try ChipCostModel(architecture: o, leakageFraction: 0).rollUp()
        // Cycle max(100 ns, 32 columns / 1.28 GS/s) = 100 ns; 8 slices: one input vector per 800 ns;
        // 8-bit weights on 2-bit cells: 8 weights per row. ISAAC's peak rates (the calibration):
        // ADC 1.28e9/s, IR 2.048e10 bit/s, OR 2.56e9 bit/s, eDRAM and bus 1.3824e11 bit/s,
        // router 4 × 1.3824e11, tile outputs 9.6e8/s (per sigmoid 4.8e8), tile OR 3.072e10 bit/s.
        let adc = 2 * 2e-3 * (32 / 100e-9) / 1.28e9  // 2 ADCs each converting 32 columns per cycle
        let dac = 2 * 64 * 4e-3 / 1024
        let sampleAndHold = 2 * 32 * 10e-6 / 1024
        let array = 2 * 0.3e-3 * (64 * 32) / 16384
        let shiftAdd = 0.05e-3 * (2 * 32 / 100e-9) / (8 * 128 / 100e-9 / 4)
        let inputRegister = 1.24e-3 * 0.5 * (2 * 2 * 64 / 100e-9) / 2.048e10  // 512 B: √(1/4) per bit
        let outputRegister = 0.23e-3 * 0.5 * (2 * 2 * 8 * 16 / 800e-9) / 2.56e9
        let ima = adc + dac + sampleAndHold + array + shiftAdd + inputRegister + outputRegister
        #expect(within(rollUp.imaPowerWatts, ima, 1e-9))
        let tileTraffic = 2 * (2 * 64 * 8 + 2 * 8 * 16) / 800e-9
        let tileOutputs = 2 * 2 * 8 / 800e-9
        let tileBuffer = 20.7e-3 * 0.5 * tileTraffic / 1.3824e11
        let bus = 7e-3 * tileTraffic / 1.3824e11
        let router = 0.5 * 42e-3 * (2 * tileTraffic) / (4 * 1.3824e11)
        let digital = 0.26e-3 * tileOutputs / 4.8e8 + 0.05e-3 * tileOutputs / 9.6e8 + 0.4e-3 * tileOutputs / 9.6e8
        let tileOutputRegister = 1.68e-3 * 0.5 * (2 * tileOutputs * 16) / 3.072e10
        let tile = 2 * ima + tileBuffer + bus + router + digital + tileOutputRegister
        #expect(within(rollUp.tilePowerWatts, tile, 1e-9))
        #expect(within(rollUp.chipPowerWatts, 3 * tile + 10.4 / 4, 1e-9))
        // Area: Table I per instance, buffers ∝ capacity, bus ∝ wires, array ∝ cells, router / 2.
        let converters: Double = 2 * 1200e-12 + 128 * 0.00017e-6 / 1024 + 64 * 0.00004e-6 / 1024
        let cells: Double = 2 * 25e-12 * (64 * 32) / 16384
        let registers: Double = 60e-12 + 0.0021e-6 / 4 + 0.00077e-6 / 4
        let imaArea = converters + cells + registers
        #expect(within(rollUp.imaAreaSquareMetres, imaArea, 1e-9))
        let storage: Double = 0.083e-6 / 4 + 0.0032e-6 / 4
        let interconnect: Double = 0.090e-6 / 2 + 0.151e-6 / 2
        // Sigmoid, S+A and max pool from Table I; the digital operation unit: an 8-bit adder and an
        // 8×8 multiplier, (8 + 64) adder cells of 3.75 µm² (HorowitzFigures' area anchor).
        let units: Double = 0.0003e-6 + 0.00006e-6 + 0.00024e-6 + (8 + 8 * 8) * 3.75e-12
        let tileArea = 2 * imaArea + storage + interconnect + units
        #expect(within(rollUp.tileAreaSquareMetres, tileArea, 1e-9))
        #expect(within(rollUp.chipAreaSquareMetres, 3 * tileArea + 22.88e-6 / 4, 1e-9))
        // Peak: 12 arrays × 64 rows × 8 weights × 2 ops per 800 ns.
        #expect(within(rollUp.peakOperationsPerSecond, 12.0 * 64 * 8 * 2 / 800e-9, 1e-12))
        #expect(within(rollUp.peakGopsPerWatt, rollUp.peakOperationsPerSecond / 1e9 / (3 * tile + 2.6), 1e-12))
    }

    @Test("the leakage fraction moves energy from actions to time but leaves peak power unchanged")
    func leakageSplit() throws {
        let none = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), leakageFraction: 0)
        let some = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), leakageFraction: 0.3)
        #expect(within(some.rollUp().chipPowerWatts, none.rollUp().chipPowerWatts, 1e-12))
        for component in none.table.components where component.name != "array" && none.table.models[component]!.isCalibratedOnTableI {
            let peak = none.peakPowerWatts(component)
            #expect(within(some.components[component]!.staticPowerWatts, 0.3 * peak, 1e-12), "\(component)")
            for (action, energy) in none.components[component]!.energyPerActionJoules {
                #expect(within(some.components[component]!.energyPerActionJoules[action]!, 0.7 * energy, 1e-12), "\(component) \(action)")
            }
        }
        #expect(try some.figures("array").staticPowerWatts == 0)
        // The digital operation unit is not calibrated on Table I: Horowitz's dynamic energies, no leakage.
        #expect(try some.figures("digitalOperations") == none.figures("digitalOperations"))
        #expect(try some.figures("digitalOperations").staticPowerWatts == 0)
        #expect(throws: CostModelError.self) { try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), leakageFraction: 1) }
    }

    @Test("with a device the arrays take its cell footprint and its V²·G·t read energy")
    func deviceArrays() throws {
        let device = IdealDevice(
            conductanceMinSiemens: 1 / 100e3, conductanceMaxSiemens: 1 / 10e3, bitsPerCell: 2, readVoltageVolts: 0.2, readPulseSeconds: 10e-9,
            cellAreaFeatureSquared: 4)
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), device: device)
        let array = try model.figures("array")
        let expected = 0.2 * 0.2 * (1 / 10e3 + 1 / 100e3) / 2 * 10e-9
        #expect(within(array.energyPerActionJoules[.cellRead]!, expected, 1e-12))
        #expect(within(array.areaSquareMetres, 16384 * 4 * 32e-9 * 32e-9, 1e-12))
    }

    @Test("with SRAM the arrays' nominal cell read is half a conducting cell's bitline charge plus leakage, not V²·G·t")
    func sramArrays() throws {
        let device = try DevicePreset.device("sram")
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), device: device)
        // C·V_pre·ΔV with ΔV = I·t/(2C): V_pre·I·t/2, plus I/10⁴·V_pre·t (1 µA, 80 ps, 0.8 V).
        let expected = 0.8 * 1e-6 * 80e-12 / 2 + 1e-10 * 0.8 * 80e-12
        #expect(within(try model.figures("array").energyPerActionJoules[.cellRead]!, expected, 1e-12))
    }
}
