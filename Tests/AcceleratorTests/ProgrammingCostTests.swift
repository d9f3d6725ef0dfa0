import Device
import Network
import Numerics
import Testing

@testable import Accelerator

@Suite("Programming cost: energy, time and endurance of writing the network")
struct ProgrammingCostTests {
    @Test("two arrays by hand: sums, parallel and sequential time, endurance per cell and worst cell")
    func handComputed() throws {
        var device = try DevicePreset.load("reram")
        device = try device.overriding(["enduranceCycles": .number(1e6)])
        let costs = [
            WriteCost(pulses: 10, energyJoules: 1e-12, latencySeconds: 1e-6, enduranceCycles: 10),
            WriteCost(pulses: 20, energyJoules: 3e-12, latencySeconds: 5e-6, enduranceCycles: 20),
        ]
        let cost = try ProgrammingCost(perArray: costs, cells: 8, mostCyclesOnOneCell: 5, device: try device.makeDevice())
        #expect(cost.total.energyJoules == 4e-12)
        #expect(cost.total.pulses == 30)
        #expect(cost.parallelSeconds == 5e-6)
        #expect(cost.sequentialSeconds == 6e-6)
        #expect(cost.pulsesPerCell == 30.0 / 8)
        #expect(abs(cost.enduranceFractionUsed - 30.0 / 8 / 1e6) < 1e-18)
        #expect(abs(cost.reprogrammingsToWearOut - 1e6 * 8 / 30) < 1e-6)
        #expect(abs(cost.worstCellEnduranceFractionUsed - 5e-6) < 1e-18)
        #expect(throws: CostModelError.self) { try ProgrammingCost(perArray: [], cells: 1, mostCyclesOnOneCell: 0, device: try device.makeDevice()) }
    }

    @Test("a programmed chip's cost counts every array and every copy of replicated layers")
    func fromChip() throws {
        // Two dense layers 40→150→10: the first needs 5 arrays of 128×128 (8-bit weights on 2-bit
        // cells, 31 outputs per array), the second 2 (150 rows in 2 row blocks).
        func dense(_ name: String, _ input: String, _ k: Int, _ n: Int) -> Node {
            let weight = Matrix<Float>(rows: k, columns: n) { i, j in Float((i * 7 + j * 3) % 11) - 5 }
            return Node(name: name, layer: .dense(Dense(weight: weight, bias: .init(repeating: 0, count: n))), inputs: [input], output: name)
        }
        let network = try Network(
            inputName: "input", inputShape: [40], nodes: [dense("fc1", "input", 40, 150), dense("fc2", "fc1", 150, 10)], outputName: "fc2")
        let images = Tensor<Float>(shape: [2, 40], elements: (0..<80).map { Float($0 % 9) / 9 })
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let spec = try AcceleratorTestSupport.architecture("isaac")
        let mapping = try Mapping(network: quantized, architecture: spec)
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: try DevicePreset.device("reram"), seed: 3, threads: 1)
        let cost = try ProgrammingCost(chip: chip)
        var energy = 0.0, cells = 0, arrays = 0
        for (programmed, layer) in zip(chip.layers, mapping.layers) {
            arrays += programmed.count * layer.replication
            for array in programmed {
                energy += Double(layer.replication) * array.array.writeCost.energyJoules
                cells += layer.replication * array.array.rows * array.array.columns
            }
        }
        #expect(cost.arrays == arrays)
        #expect(cost.cells == cells)
        #expect(abs(cost.total.energyJoules - energy) <= 1e-9 * energy)
        #expect(cost.technology == .reram)
        #expect(cost.enduranceFractionUsed > 0 && cost.worstCellEnduranceFractionUsed >= cost.enduranceFractionUsed)
    }
}
