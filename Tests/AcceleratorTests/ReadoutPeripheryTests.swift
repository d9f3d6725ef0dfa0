import Circuit
import Device
import Testing

@testable import Accelerator

@Suite("Column read-out periphery: NeuroSim's integrator and PRIME's subtraction priced against closed forms")
struct ReadoutPeripheryTests {
    /// |ours/expected − 1| ≤ tolerance.
    private func within(_ ours: Double, _ expected: Double, _ tolerance: Double) -> Bool { abs(ours / expected - 1) <= tolerance }

    private func count(_ model: ChipCostModel, _ name: String) throws -> Double { model.count(try model.table.component(named: name)) }

    /// A ledger of `slices` input slices on one array: `columns` conversions per slice, `rows`
    /// non-zero row codes per slice.
    private func ledger(slices: Int, columns: Int, rows: Int) -> LayerLedger {
        var ledger = LayerLedger(name: "dense", isMatrixLayer: true)
        ledger.actions.add(.adcConversion, slices * columns)
        ledger.actions.add(.dacConversion, slices * rows)
        ledger.convertedSlices = slices
        return ledger
    }

    /// The dynamic energy of `name` when `model` prices `ledger`.
    private func energy(_ model: ChipCostModel, _ name: String, _ ledger: LayerLedger) throws -> Double {
        let energy = try model.price([ledger], images: 1, runSeconds: 0, poweredTiles: 0)
        return energy.layers[0].dynamicJoules[try model.table.component(named: name)] ?? 0
    }

    @Test("ISAAC, NeuroSim and aihwkit have neither unit; PRIME has a mirror per sensed pair and no integrator")
    func perArchitecture() throws {
        for name in ["isaac", "neurosim", "aihwkit"] {
            let model = try ChipCostModel(architecture: ArchitectureSpec.load(name))
            #expect(try count(model, "columnSensing") == 0 && (try count(model, "currentMirror")) == 0)
        }
        let prime = try ChipCostModel(architecture: ArchitectureSpec.load("prime"))
        // 128 mats per FF subarray, 256 columns as 128 positive/negative pairs.
        #expect(try count(prime, "currentMirror") == 128 * 128)
        #expect(try count(prime, "columnSensing") == 0)
    }

    @Test("a mirror subtracts a differential pair only")
    func mirrorNeedsDifferentialPairs() throws {
        let error = #expect(throws: ArchitectureSpecError.self) {
            try AcceleratorTestSupport.isaac(["referenceSubtraction": .string("currentMirror")])
        }
        guard case .outOfRange(_, let field, _, _) = error else {
            Issue.record("expected outOfRange, got \(String(describing: error))")
            return
        }
        #expect(field == "parameters.referenceSubtraction")
    }

    @Test("integrator: NeuroSim's 1.346 pJ per column and read at 65 nm, scaled by F·V² to 32 nm; 28F × 76F per sensed column")
    func integratorFigures() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(["columnSensing": .string("integrator")]))
        let figures = try model.figures("columnSensing")
        // 65 nm at 1.1 V → 32 nm at 0.9 V.
        let joules = 1.346e-12 * (32.0 / 65) * (0.9 / 1.1) * (0.9 / 1.1)
        #expect(within(figures.energyPerActionJoules[.columnSense]!, joules, 1e-12))
        #expect(within(figures.areaSquareMetres, 28 * 76 * 32e-9 * 32e-9, 1e-12))
        #expect(figures.latencySeconds == 100e-9)
        #expect(figures.staticPowerWatts == 0)
        #expect(try count(model, "columnSensing") == 8 * 128)
        // 1024 integrators of 2128 F² at 32 nm on each IMA.
        let row = try #require(model.rollUp().rows.first { $0.component.name == "columnSensing" })
        #expect(within(row.areaSquareMetres, 1024 * 2128 * 32e-9 * 32e-9, 1e-12))
    }

    @Test("integrator pricing: one sense per conversion, 3 slices × 128 columns")
    func integratorPricing() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(["columnSensing": .string("integrator")]))
        let joules = 1.346e-12 * (32.0 / 65) * (0.9 / 1.1) * (0.9 / 1.1)
        #expect(within(try energy(model, "columnSensing", ledger(slices: 3, columns: 128, rows: 50)), 3 * 128 * joules, 1e-12))
        // Without the integrator the same ledger charges it nothing.
        let isaac = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        #expect(try energy(isaac, "columnSensing", ledger(slices: 3, columns: 128, rows: 50)) == 0)
    }

    @Test("PRIME's mirror without a device: (V_DD/V_read)·ISAAC's cell read, 29 % of a mat's cells per sensed column")
    func mirrorFigures() throws {
        let figures = try ChipCostModel(architecture: ArchitectureSpec.load("prime")).figures("currentMirror")
        // ISAAC Table I: 0.3 mW per 128×128 array over 100 ns; V_DD(65 nm) = 1.1 V, V_read = 0.5 V.
        let cellRead = 0.3e-3 * 100e-9 / (128 * 128)
        #expect(within(figures.energyPerActionJoules[.mirroredCellRead]!, 1.1 / 0.5 * cellRead, 1e-12))
        // 256×256 cells of 4F² at 65 nm, 29 % of it over 128 sensed columns.
        #expect(within(figures.areaSquareMetres, 0.29 * 256 * 256 * 4 * 65e-9 * 65e-9 / 128, 1e-12))
        #expect(figures.latencySeconds == 100e-9)
        #expect(figures.staticPowerWatts == 0)
    }

    @Test("PRIME's mirror with a device: V_DD·V_read·(G_min + G_max)/2·t per driven row, one per row behind every conversion")
    func mirrorWithDevice() throws {
        let device = IdealDevice(
            conductanceMinSiemens: 1 / 100e3, conductanceMaxSiemens: 1 / 10e3, bitsPerCell: 4, readVoltageVolts: 0.2,
            readPulseSeconds: 10e-9)
        let model = try ChipCostModel(architecture: ArchitectureSpec.load("prime"), device: device)
        let joules = 1.1 * 0.2 * (1 / 100e3 + 1 / 10e3) / 2 * 10e-9
        #expect(within(try model.figures("currentMirror").energyPerActionJoules[.mirroredCellRead]!, joules, 1e-12))
        #expect(try model.figures("currentMirror").latencySeconds == 10e-9)
        // 10 slices, each driving 200 rows under 128 converted pairs: 10 · 200 · 128 mirrored reads.
        #expect(within(try energy(model, "currentMirror", ledger(slices: 10, columns: 128, rows: 200)), 10 * 200 * 128 * joules, 1e-12))
    }
}
