import Circuit
import Testing

@testable import Accelerator

@Suite("Pricing a run: action counts × energies + static power × time")
struct InferenceCostTests {
    private func ledger(_ name: String, _ actions: ActionCounts, arrayJoules: Double) -> LayerLedger {
        var ledger = LayerLedger(name: name, isMatrixLayer: true)
        ledger.actions = actions
        ledger.arrayReadEnergyJoules = arrayJoules
        return ledger
    }

    @Test("a hand-priced ledger on ISAAC: dynamic by action, physical array energy, static of the powered tiles")
    func handPriced() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), leakageFraction: 0.1)
        var conv = ActionCounts()
        conv.add(.adcConversion, 1000)
        conv.add(.dacConversion, 10)
        conv.add(.cellRead, 1_000_000)
        conv.add(.tileBufferBitRead, 8000)
        var fc = ActionCounts()
        fc.add(.activation, 50)
        fc.add(.offChipBitTransfer, 640)
        let layers = [ledger("conv", conv, arrayJoules: 2e-9), ledger("fc", fc, arrayJoules: 0)]
        let energy = try model.price(layers, images: 4, runSeconds: 1e-3, poweredTiles: 2)
        // ISAAC calibration with λ = 0.1: E = 0.9 × Table I power / ISAAC's peak rate.
        let adc = 0.9 * 2e-3 / 1.28e9
        let dac = 0.9 * (4e-3 / 1024) / 1e7
        let edram = 0.9 * 20.7e-3 / 1.3824e11
        let sigmoid = 0.9 * 0.26e-3 / 4.8e8
        let link = 0.9 * 2.6 / 51.2e9
        let dynamic = 1000 * adc + 10 * dac + 2e-9 + 8000 * edram + 50 * sigmoid + 640 * link
        #expect(abs(energy.totalDynamicJoules - dynamic) <= 1e-12 * dynamic)
        #expect(energy.layers[0].dynamicJoules[try model.table.component(named: "array")] == 2e-9)
        // Static: λ of the peak power of 2 tiles (329.81 mW each from Table I's lines, less the
        // passive arrays' 12 × 2.4 mW) and 2/168 of the 10.4 W links, for 1 ms.
        let staticJoules = 1e-3 * 0.1 * (2 * (329.81e-3 - 12 * 2.4e-3) + 2.0 / 168 * 10.4)
        #expect(abs(energy.totalStaticJoules - staticJoules) <= 1e-9 * staticJoules)
        #expect(abs(energy.perInferenceJoules - (dynamic + staticJoules) / 4) <= 1e-9 * energy.perInferenceJoules)
        let byCategory = energy.perInferenceByCategoryJoules
        #expect(abs(byCategory.values.reduce(0, +) - energy.perInferenceJoules) <= 1e-12 * energy.perInferenceJoules)
        // The conv layer's million cell reads are priced by its physical energy alone; fc read no cells.
        #expect(energy.layers[1].dynamicJoules[try model.table.component(named: "array")] == nil)
    }

    @Test("an action no component prices is an error, not a silent zero")
    func unpriced() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        var actions = ActionCounts()
        actions.add(Action("teleport"), 1)
        #expect(throws: CostModelError.unpricedActions(layer: "x", actions: ["teleport"])) {
            try model.price([ledger("x", actions, arrayJoules: 0)], images: 1, runSeconds: 0, poweredTiles: 1)
        }
        #expect(throws: CostModelError.self) { try model.price([], images: 1, runSeconds: 0, poweredTiles: 169) }
    }

    @Test("the longer a run holds the tiles, the more leakage each inference pays")
    func utilizationMatters() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        var actions = ActionCounts()
        actions.add(.adcConversion, 1_000_000)
        let layers = [ledger("l", actions, arrayJoules: 0)]
        let busy = try model.price(layers, images: 10, runSeconds: 1e-4, poweredTiles: 1)
        let idle = try model.price(layers, images: 10, runSeconds: 1e-3, poweredTiles: 1)
        #expect(busy.totalDynamicJoules == idle.totalDynamicJoules)
        #expect(abs(idle.totalStaticJoules - 10 * busy.totalStaticJoules) <= 1e-12 * idle.totalStaticJoules)
    }
}
