import Circuit
import Device
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// A layer cut into row and column blocks computes what one large array computes.
@Suite("Partitioning")
struct PartitioningTests {
    @Test("a 1000×1000 layer on 128×128 arrays: closed-form blocks, and the outputs of one unpartitioned array")
    func largeLayer() throws {
        let weight = TestMatrices.uniform(rows: 1000, columns: 1000, in: -0.05...0.05, key: "partition/weight")
        let network = try Network(
            inputName: "x", inputShape: [1000],
            nodes: [Node(name: "dense", layer: .dense(Dense(weight: weight, bias: [Float](repeating: 0, count: 1000))), inputs: ["x"], output: "y")],
            outputName: "y")
        let images = Tensor(TestMatrices.uniform(rows: 6, columns: 1000, in: 0...1, key: "partition/images"))
        let quantized = try AcceleratorTestSupport.quantized(network, images: images, weightBits: 4)
        let device = try AcceleratorTestSupport.idealDevice()
        // 4-bit weights in one 4-bit cell with ISAAC's offset encoding: (128 − 2) outputs per array.
        let partitioned = try AcceleratorTestSupport.architecture("isaac", weightBits: 4, ["bitsPerCell": 4])
        // One array holds the whole matrix: 1000 rows, 1000 + 2 columns; 1000·15/2 = 7500 needs 13 ADC bits.
        let whole = try AcceleratorTestSupport.architecture("isaac", weightBits: 4, ["bitsPerCell": 4, "arrayRows": 1000, "arrayColumns": 1002])

        let blocks = try AcceleratorTestSupport.readout(quantized, on: partitioned, device: device, adcBits: 12)
        let layer = try #require(blocks.chip.mapping.layers.first)
        #expect(layer.rowBlocks.count == 8 && layer.columnBlocks.count == 8 && layer.outputsPerArray == 126)
        #expect(blocks.chip.mapping.utilization == Double(1000 * (1000 + 2 * 8)) / Double(64 * 128 * 128))
        let single = try AcceleratorTestSupport.readout(quantized, on: whole, device: device, adcBits: 13)
        #expect(single.chip.mapping.arrays == 1)

        let digital = try quantized.forward(images, multiplier: DigitalMatrixMultiplier()).outputs
        let fromBlocks = try quantized.forward(images, multiplier: AnalogMatrixMultiplier(readout: blocks)).outputs
        let fromOne = try quantized.forward(images, multiplier: AnalogMatrixMultiplier(readout: single)).outputs
        #expect(fromBlocks.elements == fromOne.elements)
        #expect(fromBlocks.elements == digital.elements)
    }
}
