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
}
