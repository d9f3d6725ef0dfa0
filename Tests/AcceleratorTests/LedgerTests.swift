import Circuit
import DataFiles
import Device
import Foundation
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// Action counts come from the data and follow the documented conventions.
@Suite("Cost ledger")
struct LedgerTests {
    /// The small CNN on an ideal device with ISAAC's encoding in 32×32 arrays, read with zero-slice
    /// skipping on or off, and the matrix layers' ledgers of one pass over the images.
    private func run(skipping: Bool, _ overrides: [String: JSONValue] = [:]) throws -> (QuantizedNetwork, Tensor<Float>, ChipReadout, [LayerLedger]) {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 3)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let spec = try AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32].merging(overrides) { $1 })
        let readout = try AcceleratorTestSupport.readout(quantized, on: spec, device: AcceleratorTestSupport.idealDevice(), skipsZeroSlices: skipping)
        let pass = try quantized.forward(images, multiplier: AnalogMatrixMultiplier(readout: readout))
        return (quantized, images, readout, pass.records)
    }

    /// Every layer's input vectors (rows of its input matrix) in the digital pass.
    private func layerInputs(_ quantized: QuantizedNetwork, _ images: Tensor<Float>) throws -> [Matrix<Int16>] {
        let recorded = try quantized.forward(images, multiplier: DigitalMatrixMultiplier(), recording: true)
        return quantized.matrixLayers.map { $0.inputMatrix(recorded.activations[$0.inputValue]!) }
    }

    @Test("one converted slice: d input-register bits per weight row, a read per driven cell, an S&H and an ADC per sensed column")
    func perSlice() throws {
        // ISAAC's offset encoding in 32×32 arrays: the unit column adds one shift-and-add per output.
        let (_, _, readout, _) = try run(skipping: true)
        let core = readout.layers[1].cores[0]
        let rows = core.weights.weightRows
        var ledger = LayerLedger(name: "test", isMatrixLayer: true)
        ledger.addConvertedSlices(3, on: core, rows: rows)
        // The DACs are counted from the codes (rowDrives), not per slice.
        #expect(ledger.actions[.dacConversion] == 0)
        #expect(ledger.actions[.inputRegisterBitRead] == 3 * rows * core.slicing.bitsPerSlice)
        #expect(ledger.actions[.cellRead] == 3 * rows * 32)
        #expect(ledger.actions[.sampleAndHold] == 3 * core.weights.sensedColumns)
        #expect(ledger.actions[.adcConversion] == 3 * core.weights.sensedColumns)
        #expect(ledger.actions[.shiftAdd] == 3 * (core.weights.dataColumns + core.weights.outputs))
        #expect(ledger.convertedSlices == 3)
        // Σx from a digital popcount: the unit column is neither held nor converted, one popcount per slice.
        let counted = try CrossbarCore(
            array: readout.chip.layers[1][0].array, weights: core.weights, slicing: core.slicing, adc: core.adc, inputSum: .digitalPopcount)
        var popcount = LayerLedger(name: "test", isMatrixLayer: true)
        popcount.addConvertedSlices(3, on: counted, rows: rows)
        #expect(popcount.actions[.sampleAndHold] == 3 * (core.weights.sensedColumns - 1))
        #expect(popcount.actions[.adcConversion] == 3 * (core.weights.sensedColumns - 1))
        #expect(popcount.actions[.inputPopcount] == 3)
        #expect(popcount.actions[.shiftAdd] == ledger.actions[.shiftAdd])
    }

    @Test("row DACs switch only for non-zero codes: a hand-worked 2-bit input through 1-bit and 2-bit DACs")
    func rowDrives() throws {
        // Inputs 3, 0, 1, 2 on four rows and an all-zero vector through 1-bit DACs: slice 0 (bit 0)
        // has codes 1 0 1 0, slice 1 (bit 1) codes 1 0 0 1, the zero vector none: 4 non-zero codes,
        // on each of 3 arrays sharing the rows.
        let inputs = Matrix<Int32>(rows: 2, columns: 4, elements: [3, 0, 1, 2, 0, 0, 0, 0])
        var ledger = LayerLedger(name: "test", isMatrixLayer: true)
        ledger.addRowDrives(try InputSlicing(inputBits: 2, isSigned: false, bitsPerSlice: 1).slice(inputs.view), arrays: 3)
        #expect(ledger.actions[.dacConversion] == 4 * 3)
        // Priced on ISAAC with λ = 0.1: each 0.9 × (4 mW / 1024 DACs) / 10⁷ conversions per second.
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac(), leakageFraction: 0.1)
        let energy = try model.price([ledger], images: 1, runSeconds: 0, poweredTiles: 1)
        let dac = 12 * 0.9 * (4e-3 / 1024) / 1e7
        #expect(abs(energy.totalDynamicJoules - dac) <= 1e-12 * dac)
        // One 2-bit slice: codes 3 0 1 2, three non-zero.
        var twoBit = LayerLedger(name: "test", isMatrixLayer: true)
        twoBit.addRowDrives(try InputSlicing(inputBits: 2, isSigned: false, bitsPerSlice: 2).slice(inputs.view), arrays: 1)
        #expect(twoBit.actions[.dacConversion] == 3)
    }

    @Test("conversions: every slice without skipping, exactly the non-zero slices (counted from the inputs) with it")
    func conversionsFromData() throws {
        let (quantized, images, readout, plain) = try run(skipping: false)
        let skipping = try run(skipping: true).3
        let inputs = try layerInputs(quantized, images)
        for (l, layer) in readout.layers.enumerated() {
            let slicing = layer.slicing
            var all = 0
            var nonZero = 0
            var rowSlices = 0
            var drives = 0
            for a in layer.mapping.arrays {
                let sensed = layer.cores[a.index].weights.sensedColumns
                for v in 0..<inputs[l].rows {
                    for slice in slicing.slices {
                        all += sensed
                        let mask = (1 << slice.bits) - 1
                        if a.rows.contains(where: { (Int(inputs[l][v, $0]) >> slice.shift) & mask != 0 }) { nonZero += sensed }
                        rowSlices += a.rows.count
                        drives += a.rows.filter { (Int(inputs[l][v, $0]) >> slice.shift) & mask != 0 }.count
                    }
                }
            }
            #expect(plain[l].actions[.adcConversion] == all)
            #expect(skipping[l].actions[.adcConversion] == nonZero)
            #expect(nonZero < all, "the test images have zero slices in layer \(l)")
            // A DAC switches for each non-zero code of its row, with or without slice skipping.
            #expect(plain[l].actions[.dacConversion] == drives)
            #expect(skipping[l].actions[.dacConversion] == drives)
            #expect(drives < rowSlices, "the test images have zero codes in layer \(l)")
        }
    }

    @Test("chip actions follow the conventions: inputs into IMAs, partial sums, activations, pooling, off-chip traffic")
    func chipActions() throws {
        let (quantized, _, readout, matrixLedgers) = try run(skipping: false)
        let mapping = readout.chip.mapping
        let ledger = ChipLedger(network: quantized, mapping: mapping, matrixLedgers: matrixLedgers, images: 3)
        let conv = ledger.steps[0], pool = ledger.steps[1], dense = ledger.steps[2]
        #expect(ledger.steps.map(\.name) == ["conv", "pool", "dense"])
        // conv: 100 vectors per image, K = 9 in one row block on one IMA, 8-bit inputs.
        #expect(conv.actions[.inputRegisterBitWrite] == 300 * 9 * 8)
        #expect(conv.actions[.tileBufferBitRead] == 300 * 9 * 8)
        #expect(conv.actions[.partialSumAdd] == 0)
        #expect(conv.actions[.activation] == 300 * 4)
        // The image enters from off-chip: 100 pixels of 8 bits.
        #expect(conv.actions[.offChipBitTransfer] == 3 * 100 * 8)
        // dense: 100 inputs in ⌈100/32⌉ = 4 row blocks, 10 outputs: 3 partial-sum adds per output.
        let denseMapping = mapping.layers[1]
        #expect(denseMapping.rowBlocks.count == 4)
        #expect(dense.actions[.partialSumAdd] == 3 * 10 * 3)
        #expect(dense.actions[.outputRegisterBitWrite] == 3 * 10 * 4 * mapping.architecture.imaOutputBits)
        // Its output leaves the chip as 32-bit accumulators.
        #expect(dense.actions[.offChipBitTransfer] == 3 * 10 * 32)
        // 2×2 max pooling of 4×10×10 values: 4·5·5 outputs, 3 comparisons each.
        #expect(pool.actions[.poolingComparison] == 3 * 100 * 3)
        // Input-register reads: the slice's d bits of each of the 9 weight rows per converted slice, zero codes included.
        #expect(conv.actions[.inputRegisterBitRead] == conv.convertedSlices * 9 * readout.settings.dacBits)
    }

    @Test("without routers (PRIME's banks) a bit between tiles crosses the off-chip interface out and back, and no router")
    func noRouters() throws {
        // One array per tile: conv (9 rows) on tile 0, dense (4 row blocks) on tiles 1–4.
        let tiny: [String: JSONValue] = ["arraysPerIMA": 1, "imasPerTile": 1]
        let (quantized, _, readout, matrixLedgers) = try run(skipping: false, tiny.merging(["tilesPerRouter": 0]) { $1 })
        let ledger = ChipLedger(network: quantized, mapping: readout.chip.mapping, matrixLedgers: matrixLedgers, images: 3)
        #expect(readout.chip.mapping.layers[1].tiles.isDisjoint(with: readout.chip.mapping.layers[0].tiles))
        #expect(ledger.totalActions[.routerBitTransfer] == 0)
        // conv: the image enters once (3 images × 100 pixels × 8 bits).
        #expect(ledger.steps[0].actions[.offChipBitTransfer] == 3 * 100 * 8)
        // dense: its 100 8-bit inputs per image (pooled 4×5×5) out and back in, its 10 32-bit outputs out.
        #expect(ledger.steps[2].actions[.offChipBitTransfer] == 2 * 3 * 100 * 8 + 3 * 10 * 32)
    }

    @Test("the mesh: bits pass |Δx| + |Δy| + 1 routers per route, partial sums go to row block 0, the output to router 0 (hand-worked)")
    func meshTraffic() throws {
        // One array per IMA and tile, one router per tile: 9 routers on a 3 × 3 grid, tile t at
        // (t mod 3, ⌊t/3⌋). conv (9 rows, 4 outputs) on tile 0; dense (100 → 10) in 4 row blocks
        // × 2 column blocks (7 and 3 outputs) on tiles 1–8, row-block major. 9 tiles fill the chip:
        // no copies.
        let tiny: [String: JSONValue] = ["arraysPerIMA": 1, "imasPerTile": 1, "tilesPerRouter": 1, "tilesPerChip": 9]
        let (quantized, _, readout, matrixLedgers) = try run(skipping: false, tiny)
        let mapping = readout.chip.mapping
        #expect(mapping.layers.map(\.tiles) == [[0], Set(1...8)] && mapping.layers.allSatisfy { $0.replicaTiles.isEmpty })
        let ledger = ChipLedger(network: quantized, mapping: mapping, matrixLedgers: matrixLedgers, images: 3)
        // conv: the 3 images' 100 8-bit pixels from the links at router 0 to tile 0: 1 router each.
        #expect(ledger.steps[0].actions[.routerBitTransfer] == 3 * 100 * 8)
        // dense, its input: 3 × 100 8-bit values from tile 0 to tiles 1–8, whose routes pass
        // 2, 3, 2, 3, 4, 3, 4, 5 routers (mean 26/8).
        let input = 3 * 100 * 8 * 26 / 8
        // Its partial sums (16 bits, 1 vector per image): row block 1 (tiles 3, 4) to tiles 1, 2
        // through 3 routers each; row block 2 (tiles 5, 6) through 3 and 5; row block 3 (tiles 7,
        // 8) through 3 and 3; 7 outputs in column block 0, 3 in column block 1.
        let partialSums = 3 * 16 * (7 * 3 + 3 * 3 + 7 * 3 + 3 * 5 + 7 * 3 + 3 * 3)
        // Its 10 32-bit outputs from tiles 1–8 to router 0: 2, 3, 2, 3, 4, 3, 4, 5 routers (mean 26/8).
        let output = 3 * 10 * 32 * 26 / 8
        #expect(ledger.steps[2].actions[.routerBitTransfer] == input + partialSums + output)
    }

    @Test("copies beyond the first fill the IMAs after every first copy, and their tiles receive their share of the inputs")
    func replicaPlacement() throws {
        // 20 one-array tiles: one copy of each layer takes 9; conv (100 vectors per image) gets
        // the most copies that fit, ⌈100/T⌉ + 8 ≤ 20 at T = 9: 12 copies, 11 beyond the first, on
        // tiles 9–19; dense (1 vector) keeps one.
        let tiny: [String: JSONValue] = ["arraysPerIMA": 1, "imasPerTile": 1, "tilesPerRouter": 1, "tilesPerChip": 20]
        let (quantized, _, readout, matrixLedgers) = try run(skipping: false, tiny)
        let layers = readout.chip.mapping.layers
        #expect(layers.map(\.replication) == [12, 1])
        #expect(layers[0].replicaTiles == Set(9...19) && layers[1].replicaTiles.isEmpty)
        // conv's input: from router 0 to its 12 tiles on a 5 × 5 grid (tile t at (t mod 5, ⌊t/5⌋)):
        // 1 router to tile 0, x + y + 1 to tiles 9–19.
        let routers = [0] + Array(9...19)
        let mean = Double(routers.reduce(0) { $0 + $1 % 5 + $1 / 5 + 1 }) / 12
        let ledger = ChipLedger(network: quantized, mapping: readout.chip.mapping, matrixLedgers: matrixLedgers, images: 3)
        #expect(ledger.steps[0].actions[.routerBitTransfer] == Int((Double(3 * 100 * 8) * mean).rounded()))
    }

    @Test("full activity: a run without zero-slice skipping counts the same data-independent actions; every DAC switches")
    func fullActivity() throws {
        let (quantized, _, readout, matrixLedgers) = try run(skipping: false)
        let mapping = readout.chip.mapping
        let measured = ChipLedger(network: quantized, mapping: mapping, matrixLedgers: matrixLedgers, images: 3)
        // The run's architecture at the network's 8-bit inputs (the file's ISAAC streams 16).
        let spec = try mapping.architecture.overriding(["inputBits": 8])
        let estimated = try ChipLedger(
            fullActivityOf: quantized, mapping: Mapping(network: quantized, architecture: spec), images: 3, cellReadJoules: 2e-15)
        #expect(estimated.steps.map(\.name) == measured.steps.map(\.name))
        for (e, m) in zip(estimated.steps, measured.steps) {
            for action in m.actions.counts.keys.sorted() where action != .dacConversion {
                #expect(e.actions[action] == m.actions[action], "\(m.name): \(action.rawValue)")
            }
            #expect(e.vectors == m.vectors && e.convertedSlices == m.convertedSlices, "\(m.name)")
        }
        // conv: 300 vectors × 8 one-bit slices, 9 rows on one array: every row's DAC on every slice,
        // each of the 9 × 32 cells read at 2 fJ.
        let conv = estimated.steps[0]
        #expect(conv.actions[.dacConversion] == 300 * 8 * 9)
        #expect(conv.actions[.cellRead] == 300 * 8 * 9 * 32)
        #expect(abs(conv.arrayReadEnergyJoules - Double(300 * 8 * 9 * 32) * 2e-15) <= 1e-24)
        #expect(measured.steps[0].actions[.dacConversion] < conv.actions[.dacConversion])
    }

    @Test("global drift compensation: with one drift exponent for every cell the gain is (t/t₀)^ν")
    func driftGain() throws {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let device = try DevicePreset.device(
            "pcm",
            overriding: [
                "driftExponentMeanLogSlope": 0, "driftExponentMeanIntercept": 0.06, "driftExponentSigmaLogSlope": 0,
                "driftExponentSigmaIntercept": 0, "driftExponentSigmaMinimum": 0, "driftExponentSigmaMaximum": 0, "stuckOnRate": 0,
                "stuckOffRate": 0,
            ])
        let mapping = try Mapping(network: quantized, architecture: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]))
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: 2)
        let seconds = 20.0 * 1024
        let settings = ChipReadout.Settings(
            timeSeconds: seconds, wires: .ideal, adc: try ADC(resolutionBits: 8), dacBits: 1, skipsZeroSlices: false, readNoise: false,
            driftCompensation: true)
        let readout = try ChipReadout(chip: chip, network: quantized, settings: settings)
        for layer in readout.layers {
            #expect(abs(layer.driftGain - pow(2, 0.6)) <= 1e-12 * pow(2, 0.6))
        }
        var uncompensated = settings
        uncompensated.driftCompensation = false
        #expect(try ChipReadout(chip: chip, network: quantized, settings: uncompensated).layers.allSatisfy { $0.driftGain == 1 })
    }
}
