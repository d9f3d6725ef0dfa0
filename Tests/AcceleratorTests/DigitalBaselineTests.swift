import Network
import Numerics
import Testing

@testable import Accelerator

@Suite("Digital baseline: workload, reuse model and energy")
struct DigitalBaselineTests {
    /// `network` quantized to 8 bits on 4 uniform random calibration images.
    private func quantized(_ network: Network, seed: UInt64) throws -> QuantizedNetwork {
        let count = 4 * network.inputShape.reduce(1, *)
        var stream = RandomStream(seed: seed, key: "test/digital/calibration")
        let pixels = (0..<count).map { _ in Float(stream.nextUniform()) }
        return try QuantizedNetwork(
            quantizing: network, calibrationImages: Tensor(shape: [4] + network.inputShape, elements: pixels),
            settings: try QuantizationSettings(weightBits: 8, activationBits: 8))
    }

    @Test("the baseline's MAC count equals LeNet-5's and the MLP's exactly")
    func macCount() throws {
        // LeNet-5: conv1 28·28·6·(1·5·5) + conv2 10·10·16·(6·5·5) + 400·120 + 120·84 + 84·10.
        let lenet = NetworkWorkload(try quantized(ModelArchitecture.lenet5.makeNetwork(seed: 1), seed: 1))
        let accelerator = DigitalAccelerator(matching: try AcceleratorTestSupport.isaac(), workload: lenet, leakageFraction: 0.1)
        let lenetMACs = 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10
        #expect(lenetMACs == 416_520)
        #expect(lenet.macsPerImage == lenetMACs)
        #expect(try DigitalBaseline(workload: lenet, accelerator: accelerator).counts.macs == Double(lenetMACs))
        // MLP 784-256-128-10.
        let mlp = NetworkWorkload(try quantized(ModelArchitecture.mlp.makeNetwork(seed: 1), seed: 2))
        #expect(mlp.macsPerImage == 784 * 256 + 256 * 128 + 128 * 10)
        #expect(try DigitalBaseline(workload: mlp, accelerator: accelerator).counts.macs == Double(784 * 256 + 256 * 128 + 128 * 10))
        // LeNet-5's two max pools: 6·14·14 and 16·5·5 outputs of 2×2 windows.
        #expect(lenet.poolings.map(\.outputsPerImage) == [6 * 14 * 14, 16 * 5 * 5])
        #expect(lenet.poolings.allSatisfy { $0.windowSize == 4 && $0.isMax })
    }

    @Test("one Dense layer 40→20 on a 16×16 grid: traffic, cycles and energy by hand")
    func handCountedDense() throws {
        let network = try AcceleratorTestSupport.dense40x20()
        let workload = NetworkWorkload(try quantized(network, seed: 3))
        let accelerator = DigitalAccelerator(technologyNodeMetres: 45e-9, clockHz: 1e9, leakageFraction: 0)
        let baseline = try DigitalBaseline(workload: workload, accelerator: accelerator)
        // K = 40 → 3 row tiles of 16, N = 20 → 2 column tiles; the last layer leaves 32-bit accumulators.
        let c = baseline.counts
        #expect(c.macs == 800)
        #expect(c.weightBufferReadBits == 800 * 8)
        #expect(c.activationBufferReadBits == 40 * 8 * 2 + 20 * 2 * 32)
        #expect(c.activationBufferWriteBits == 20 * 2 * 32 + 20 * 32)
        #expect(c.dramReadBits == 40 * 8)
        #expect(c.dramWriteBits == 20 * 32)
        #expect(c.requantizations == 20)
        #expect(baseline.cyclesPerInference == 6)
        #expect(baseline.weightsResident)
        // Horowitz at 45 nm (no scaling): MAC = 8×8 multiply 0.2 pJ + 32-bit add 0.1 pJ; SRAM
        // 10 pJ per 64 bits at 8 KB, ×√(512/8) for 512 KB and ×√(108/8) for 108 KB; DRAM 1.3 nJ per 64 bits.
        let e = baseline.energyByComponentJoules
        #expect(abs(e["mac"]! - 800 * 0.3e-12) < 1e-18)
        #expect(abs(e["weightBuffer"]! - 6400 * 10e-12 / 64 * 8) < 1e-18)
        #expect(abs(e["activationBuffer"]! - (1920 + 1920) * 10e-12 / 64 * (108.0 / 8).squareRoot()) < 1e-18)
        #expect(abs(e["dram"]! - (320 + 640) * 1.3e-9 / 64) < 1e-18)
        #expect(abs(e["digital"]! - 20 * (3.1e-12 + 0.1e-12)) < 1e-18)
        #expect(e["static"] == 0)
        #expect(abs(baseline.weightLoadJoules - 6400 * (1.3e-9 / 64 + 10e-12 / 64 * 8)) < 1e-18)
    }

    @Test("weights that do not fit stream from DRAM every batch; batching divides weight traffic")
    func streamingWeights() throws {
        let workload = NetworkWorkload(try quantized(ModelArchitecture.mlp.makeNetwork(seed: 1), seed: 4))
        let weightBits = Double(workload.matrixLayers.reduce(0) { $0 + $1.weights * 8 })
        var small = DigitalAccelerator(technologyNodeMetres: 32e-9, clockHz: 1e9, weightBufferBytes: 64 * 1024, leakageFraction: 0)
        let streamed = try DigitalBaseline(workload: workload, accelerator: small)
        #expect(!streamed.weightsResident)
        #expect(streamed.weightLoadJoules == 0)
        #expect(streamed.counts.dramReadBits == weightBits + 784 * 8)
        small.batchSize = 4
        let batched = try DigitalBaseline(workload: workload, accelerator: small)
        #expect(batched.counts.dramReadBits == weightBits / 4 + 784 * 8)
        #expect(batched.counts.macs == streamed.counts.macs)
    }

    @Test("leakage adds λ/(1 − λ) of the peak dynamic power over the inference's cycles")
    func staticEnergy() throws {
        let workload = NetworkWorkload(try quantized(ModelArchitecture.lenet5.makeNetwork(seed: 1), seed: 5))
        let isaac = try AcceleratorTestSupport.isaac()
        let none = try DigitalBaseline(workload: workload, accelerator: DigitalAccelerator(matching: isaac, workload: workload, leakageFraction: 0))
        let some = try DigitalBaseline(workload: workload, accelerator: DigitalAccelerator(matching: isaac, workload: workload, leakageFraction: 0.2))
        let expected = 0.25 * none.peakPowerWatts * Double(none.cyclesPerInference) / 1.2e9
        #expect(abs(some.energyByComponentJoules["static"]! - expected) <= 1e-12 * expected)
        #expect(some.energyByComponentJoules["mac"] == none.energyByComponentJoules["mac"])
    }

    @Test("a 3×3 convolution of a 5×5 input into 2 channels: line-buffer reads by hand")
    func handCountedLineBuffer() throws {
        let workload = try AcceleratorTestSupport.handConvWorkload()
        let accelerator = DigitalAccelerator(technologyNodeMetres: 45e-9, clockHz: 1e9, leakageFraction: 0)
        let baseline = try DigitalBaseline(workload: workload, accelerator: accelerator)
        let c = baseline.counts
        // M = 3·3 = 9 output pixels, K = 9, N = 2: one row tile, one column tile; 9·9·2 = 162 MACs.
        #expect(c.macs == 162)
        #expect(c.weightBufferReadBits == 18 * 8)
        // Each of the 25 input pixels read from the activation SRAM once (one column tile) and
        // written into the line buffer; the grid reads the 9 windows × 9 taps = 81 im2col values
        // from the line buffer, 81/25 = 3.24 times the SRAM reads (k·k/stride² = 9 on a large plane).
        #expect(c.activationBufferReadBits == 25 * 8)
        #expect(c.lineBufferWriteBits == 25 * 8)
        #expect(c.lineBufferReadBits == 81 * 8)
        // The 18 outputs leave as 32-bit accumulators: written to the SRAM and to DRAM.
        #expect(c.activationBufferWriteBits == 18 * 32)
        #expect(c.dramReadBits == 25 * 8)
        #expect(c.dramWriteBits == 18 * 32)
        #expect(baseline.cyclesPerInference == 9)
        // The line buffer holds (3 − 1) rows of 5 pixels + 3 = 13 one-byte inputs.
        #expect(baseline.lineBufferBytes == 13)
        let lineBit = 10e-12 / 64 * (13.0 / 8192).squareRoot()
        #expect(abs(baseline.energyByComponentJoules["lineBuffer"]! - (81 + 25) * 8 * lineBit) < 1e-21)
    }

    @Test("a run's MAC array sizes its SRAMs to the network: LeNet-5's weights and largest layer")
    func buffersSizedToTheNetwork() throws {
        let lenet = NetworkWorkload(try quantized(ModelArchitecture.lenet5.makeNetwork(seed: 1), seed: 6))
        let accelerator = DigitalAccelerator(matching: try AcceleratorTestSupport.isaac(), workload: lenet, leakageFraction: 0.1)
        // Weights 150 + 2400 + 48000 + 10080 + 840 = 61,470 bytes → 61 KiB (60.03 rounded up).
        #expect(accelerator.weightBufferBytes == 61 * 1024)
        // Largest input + output: conv1, 1·28·28 + 6·28·28 = 5,488 bytes → 6 KiB.
        #expect(accelerator.activationBufferBytes == 6 * 1024)
        let baseline = try DigitalBaseline(workload: lenet, accelerator: accelerator)
        #expect(baseline.weightsResident)
        // Only the image in and the logits out touch DRAM: 784·8 + 10·32 bits.
        #expect(baseline.counts.dramReadBits == 784 * 8)
        #expect(baseline.counts.dramWriteBits == 10 * 32)
    }
}
