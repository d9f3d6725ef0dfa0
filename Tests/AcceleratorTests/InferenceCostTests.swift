import Circuit
import Foundation
import Network
import Numerics
import TestSupport
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

    @Test("the digital units' energy of a tiny network's non-matrix layers, in closed form from Horowitz's figures")
    func digitalOperations() throws {
        // conv 1→2 3×3 (padding 1) on 4×4 → c [2, 4, 4]; HardSwish(c) → h; h + c → a; 2×2 average
        // pool → [2, 2, 2]; dense 8→3.
        let conv = Conv2D(
            inChannels: 1, window: WindowGeometry(kernel: 3, padding: 1),
            weight: TestMatrices.uniform(rows: 9, columns: 2, in: -0.5...0.5, key: "digitalOperations/conv"), bias: [0.1, -0.1])
        let dense = Dense(weight: TestMatrices.uniform(rows: 8, columns: 3, in: -0.5...0.5, key: "digitalOperations/dense"), bias: [0, 0, 0])
        let network = try Network(
            inputName: "x", inputShape: [1, 4, 4],
            nodes: [
                Node(name: "conv", layer: .conv2D(conv), inputs: ["x"], output: "c"),
                Node(name: "hardSwish", layer: .pointwise(.hardSwish), inputs: ["c"], output: "h"),
                Node(name: "add", layer: .add, inputs: ["h", "c"], output: "a"),
                Node(name: "pool", layer: .pool(Pool2D(kind: .average(countsPadding: false), window: WindowGeometry(kernel: 2, stride: 2))), inputs: ["a"], output: "p"),
                Node(name: "flatten", layer: .flatten, inputs: ["p"], output: "f"),
                Node(name: "dense", layer: .dense(dense), inputs: ["f"], output: "y"),
            ], outputName: "y")
        let images = Tensor(shape: [2, 1, 4, 4], elements: TestMatrices.uniform(rows: 32, columns: 1, in: -1...1, key: "digitalOperations/x").elements)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let spec = try AcceleratorTestSupport.architecture("isaac")
        let mapping = try Mapping(network: quantized, architecture: spec)
        let matrixLedgers = ["conv", "dense"].map { LayerLedger(name: $0, isMatrixLayer: true) }
        let ledger = ChipLedger(network: quantized, mapping: mapping, matrixLedgers: matrixLedgers, images: 2)
        #expect(ledger.steps.map { (step: LayerLedger) in step.name } == ["conv", "hardSwish", "add", "pool", "dense"])
        let hardSwish: ActionCounts = ledger.steps[1].actions
        let add: ActionCounts = ledger.steps[2].actions
        let pool: ActionCounts = ledger.steps[3].actions
        // Per image: HardSwish dequantizes 32 inputs (32 multiplies) and per output applies
        // x·clamp(x/6 + ½) (2 multiplies, 3 adds) and a requantization (1 multiply, 3 adds).
        #expect(hardSwish[.digitalMultiply] == 2 * (32 + 32 * 3))
        #expect(hardSwish[.digitalAdd] == 2 * 32 * 6)
        // The residual add: 2 requantizing multiplies, 2 rounding adds, the sum and 2 clamp comparisons per output.
        #expect(add[.digitalMultiply] == 2 * 32 * 2)
        #expect(add[.digitalAdd] == 2 * 32 * 5)
        #expect(add[.activation] == 0)
        // Average pooling: 3 window additions (pooling unit), 1 divisor multiply and 1 rounding add per output.
        #expect(pool[.poolingComparison] == 2 * 8 * 3)
        #expect(pool[.digitalMultiply] == 2 * 8)
        #expect(pool[.digitalAdd] == 2 * 8)
        let model = try ChipCostModel(architecture: spec)
        let energy = try model.price(ledger.steps, images: 2, runSeconds: 0, poweredTiles: 1)
        let unit = try model.table.component(named: "digitalOperations")
        // ISAAC's 16-bit values: 16 bits is the geometric mean of Horowitz's 8 and 32 bits, so the
        // power laws give √(0.03·0.1) pJ per add and √(0.2·3.1) pJ per multiply at 45 nm; to 32 nm
        // energy scales by F·V², (32/45)·(0.9 V / 1.0 V)² with TechnologyScaling's supply table.
        let scale = 32.0 / 45 * 0.81
        let addJoules: Double = (0.03 * 0.1).squareRoot() * 1e-12 * scale
        let multiplyJoules: Double = (0.2 * 3.1).squareRoot() * 1e-12 * scale
        let expected: Double = 200 * multiplyJoules + 360 * addJoules
        let ours = energy.perInferenceByComponentJoules[unit] ?? 0
        #expect(abs(ours - expected) <= 1e-9 * expected)
        #expect(energy.layers.map { $0.dynamicJoules[unit] != nil } == [false, true, true, true, false])
        // It is in the breakdown by kind, with ISAAC's sigmoid, S+A and pooling units.
        #expect((energy.perInferenceByCategoryJoules["digital"] ?? 0) >= ours)
        // It adds area but no peak power: ISAAC's tile power is unchanged (329.81 mW from Table I's lines).
        #expect(abs(try ChipCostModel(architecture: AcceleratorTestSupport.isaac()).rollUp().tilePowerWatts - 329.81e-3) <= 1e-9 * 329.81e-3)
    }
}
