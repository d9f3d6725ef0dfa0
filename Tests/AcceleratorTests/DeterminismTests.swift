import Circuit
import Device
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// Noisy analog inference gives the same results whatever the thread count and batch size.
@Suite("Determinism")
struct DeterminismTests {
    @Test("programming on 1 and 4 threads gives the same cells")
    func programming() throws {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let mapping = try Mapping(
            network: quantized, architecture: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]))
        let device = try DevicePreset.device("reram")
        let one = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: 3, threads: 1)
        let four = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: 3, threads: 4)
        #expect(one.layers.joined().count == mapping.arrays)
        for (a, b) in zip(one.layers.joined(), four.layers.joined()) {
            #expect(a.key == b.key && a.array.cells == b.array.cells)
        }
        let other = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: 4, threads: 4)
        #expect(other.layers[0][0].array.cells != one.layers[0][0].array.cells)
    }

    @Test("a CNN on ReRAM with IR drop and read noise: identical outputs and counts with 1 and 4 threads and batches of 1, 2 and 5")
    func threadsAndBatches() throws {
        let lenet = try AcceleratorTestSupport.smallCNN(images: 5)
        let quantized = try AcceleratorTestSupport.quantized(lenet.network, images: lenet.images)
        let mapping = try Mapping(
            network: quantized, architecture: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]))
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: DevicePreset.device("reram"), seed: 5)
        var outputs: [[Float]] = []
        var ledgers: [[LayerLedger]] = []
        for (threads, batch) in [(1, 5), (4, 5), (1, 1), (4, 2)] {
            let settings = ChipReadout.Settings(
                timeSeconds: 1, wires: try WireResistance(rowOhmsPerSegment: 2, columnOhmsPerSegment: 2), adc: try ADC(resolutionBits: 8),
                dacBits: 1, skipsZeroSlices: false, readNoise: true, driftCompensation: false)
            let readout = try ChipReadout(chip: chip, network: quantized, settings: settings, threads: threads)
            let pass = try quantized.run(lenet.images, multiplier: AnalogMatrixMultiplier(readout: readout), batchSize: batch, threads: threads)
            outputs.append(pass.outputs.elements)
            ledgers.append(LayerLedger.totals(pass.records))
        }
        let digital = try quantized.outputs(for: lenet.images, multiplier: DigitalMatrixMultiplier()).elements
        #expect(outputs[0] != digital, "read noise and variation should change some output")
        for run in 1..<outputs.count {
            #expect(outputs[run] == outputs[0])
            for (a, b) in zip(ledgers[run], ledgers[0]) {
                #expect(a.actions == b.actions && a.convertedSlices == b.convertedSlices && a.clippedConversions == b.clippedConversions)
                #expect(a.vectors == b.vectors && a.sliceMultiplyAccumulates == b.sliceMultiplyAccumulates)
                // The physical energy is a floating-point sum whose grouping follows the batches.
                #expect(abs(a.arrayReadEnergyJoules - b.arrayReadEnergyJoules) <= 1e-12 * b.arrayReadEnergyJoules)
            }
        }
        // Same batch size, different threads: the energy too is identical.
        #expect(ledgers[1] == ledgers[0])
    }

    @Test("a large product split into chunks run on several threads gives the outputs of one chunk")
    func chunkedProduct() throws {
        let weight = TestMatrices.uniform(rows: 60, columns: 10, key: "chunks/weight")
        let network = try Network(
            inputName: "x", inputShape: [60],
            nodes: [Node(name: "dense", layer: .dense(Dense(weight: weight, bias: [Float](repeating: 0, count: 10))), inputs: ["x"], output: "y")],
            outputName: "y")
        let images = Tensor(TestMatrices.uniform(rows: 200, columns: 60, in: 0...1, key: "chunks/images"))
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let readout = try AcceleratorTestSupport.readout(
            quantized, on: AcceleratorTestSupport.architecture("isaac", ["arrayRows": 32, "arrayColumns": 32]),
            device: DevicePreset.device("pcm"), readNoise: true)
        let request = MatrixProductRequest(
            layer: quantized.matrixLayers[0], layerIndex: 0,
            inputs: quantized.matrixLayers[0].inputMatrix(images.map { quantized.inputQuantization.quantize($0) }), images: 0..<200)
        let whole = try AnalogMatrixMultiplier(readout: readout, threads: 1, chunkBudget: 1 << 30).multiply(request).products
        // Chunks of 8 vectors: 25 of them.
        let chunked = try AnalogMatrixMultiplier(readout: readout, threads: 4, chunkBudget: 1).multiply(request).products
        #expect(chunked.elements == whole.elements)
    }
}
