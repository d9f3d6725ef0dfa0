import Device
import Network
import Numerics
import Testing

@testable import Accelerator

/// aihwkit's analog tile: the IO-managed pass against hand-computed values of aihwkit's
/// formulas (`analog_mvm.py`), its tile splits, and the frozen read of one read time.
@Suite("Analog tile")
struct AnalogTileTests {
    /// aihwkit.json's periphery without output noise (8-bit DAC and ADC, out_bound 12).
    private func periphery(noise: Double = 0) throws -> TilePeriphery {
        try ArchitectureSpec.load("aihwkit").overriding(["outputNoise": .number(noise)]).tilePeriphery
    }

    /// One product of the periphery for input `x` and weights `w` (K × N, row-major), scaled by `gain`, output noise from `seed`.
    private func product(_ periphery: TilePeriphery, _ x: [Float], _ w: [Float], columns: Int, gain: Double = 1, seed: UInt64 = 1) -> [Float] {
        var output = [Float](repeating: 0, count: columns)
        var stream = RandomStream(seed: seed, key: "test")
        x.withUnsafeBufferPointer { xs in
            output.withUnsafeMutableBufferPointer { ys in
                periphery.accumulate(
                    xs, weights: Matrix(rows: x.count, columns: columns, elements: w), gain: gain, into: ys, using: &stream)
            }
        }
        return output
    }

    @Test("aihwkit.json is InferenceRPUConfig's tile: steps 2/254 and 24/254, bound management to 32")
    func presetSteps() throws {
        let p = try periphery()
        #expect(abs(p.inputStep - 2.0 / 254) < 1e-15)
        #expect(abs(p.outputStep - 24.0 / 254) < 1e-15)
        #expect(p.noiseManagement == .absMax && p.boundManagement == .iterative)
        #expect(try ArchitectureSpec.load("aihwkit").driftCompensation)
        #expect(try ArchitectureSpec.load("isaac").executionModel == .bitSliced)
    }

    @Test("ABS_MAX scaling, half-even DAC rounding and ADC rounding: x = (1, 2), W = (0.4, 0.6)")
    func quantizedProduct() throws {
        // s = 2; x/s = (0.5, 1): 0.5/(2/254) = 63.5 rounds to 64 (half to even) → 128/254;
        // y = 0.4·128/254 + 0.6 = 0.801575; /(24/254) = 8.4833 → 8 steps; × s → 16·24/254.
        let y = product(try periphery(), [1, 2], [0.4, 0.6], columns: 1)
        #expect(abs(Double(y[0]) - 16 * 24 / 254.0) < 1e-6)
    }

    @Test("Under ABS_MAX an all-zero input vector reads exactly 0, without output noise (aihwkit's C++ tile)")
    func zeroInput() throws {
        let noisy = try periphery(noise: 0.06)
        #expect(product(noisy, [0, 0, 0], [0.4, -0.3, 0.2, 0.1, 0.5, -0.6], columns: 2) == [0, 0])
        // A non-zero vector does get the noise: σ = 0.06 against the ADC step 24/254 leaves some outputs off the noiseless value.
        let outputs = (1...20).map { product(noisy, [1, 0, 0], [0.4, -0.3, 0.2, 0.1, 0.5, -0.6], columns: 2, seed: $0) }
        #expect(Set(outputs.map { $0[0] }).count > 1 || Set(outputs.map { $0[1] }).count > 1)
    }

    @Test("Iterative bound management halves the input while an output clips, up to 32×")
    func boundManagement() throws {
        // W = 20: y = 20 > 12 clips; r = 2: x̂ = 0.5 → 64·2/254, y = 10.0787 → 106.67 → 107 steps,
        // × 2 = 20.2205, what aihwkit 1.1.0's InferenceTile returns (out_noise 0).
        let halved = product(try periphery(), [1], [20], columns: 1)
        #expect(abs(Double(halved[0]) - 2 * 107 * 24 / 254.0) < 1e-5)
        // Per input vector, as aihwkit's tile: W = (10, 10), x = (1, 0.1) does not clip (y = 11.02
        // → 117 steps = 11.0551, aihwkit's figure in a batch with a clipping vector).
        let unclipped = product(try periphery(), [1, 0.1], [10, 10], columns: 1)
        #expect(abs(Double(unclipped[0]) - 117 * 24 / 254.0) < 1e-5)
        // W = 1000 clips at every r; r = 32 > 0.25/(2/254) = 31.75 ends it: 12 × 32.
        let limited = product(try periphery(), [1], [1000], columns: 1)
        #expect(abs(Double(limited[0]) - 12 * 32) < 1e-4)
    }

    @Test("Tiles split as aihwkit's get_split_sizes: near-equal, the first ones longer")
    func splits() {
        #expect(AnalogTileChip.splits(784, maximum: 512) == [0..<392, 392..<784])
        #expect(AnalogTileChip.splits(1025, maximum: 512) == [0..<342, 342..<684, 684..<1025])
        #expect(AnalogTileChip.splits(10, maximum: 512) == [0..<10])
    }

    @Test("A tile programs one differential pair per weight, largest |w| at G_max")
    func programming() throws {
        let device = try #require(try DevicePreset.load("pcm-aihwkit").makeDevice() as? any ConductanceProgrammable)
        var stream = RandomStream(seed: 3, key: "tile")
        let tile = AnalogTile(weights: Matrix(rows: 1, columns: 2, elements: [0.5, -0.25]), device: device, using: &stream)
        #expect(abs(tile.scale - 25e-6 / 0.5) < 1e-18)
        #expect(tile.cells.map(\.targetSiemens) == [25e-6, 0, 0, 12.5e-6])
    }

    @Test("Read noise is frozen per read time: one readout gives every image the same weights; reads at other times and seeds differ")
    func frozenReadNoise() throws {
        let device = try DevicePreset.load("pcm-aihwkit").makeDevice()
        let weights = Matrix<Float>(rows: 6, columns: 3) { r, c in Float(r - 2 * c) * 0.1 }
        let network = try Network(
            inputName: "x", inputShape: [6], nodes: [Node(name: "fc", layer: .dense(Dense(weight: weights, bias: [0, 0, 0])), inputs: ["x"], output: "y")],
            outputName: "y")
        let spec = try ArchitectureSpec.load("aihwkit").overriding(["outputNoise": .number(0)])
        let chip = try AnalogTileChip(network: network, architecture: spec, device: device, seed: 7)
        let day = AnalogTileReadout(chip: chip, atSeconds: 86400, readNoise: true, driftCompensation: false)
        let again = AnalogTileReadout(chip: chip, atSeconds: 86400, readNoise: true, driftCompensation: false)
        let year = AnalogTileReadout(chip: chip, atSeconds: 31_536_000, readNoise: true, driftCompensation: false)
        #expect(day.weights[0][0][0].elements == again.weights[0][0][0].elements)
        #expect(day.weights[0][0][0].elements != year.weights[0][0][0].elements)
        guard case .dense(let dense) = network.nodes.first(where: { $0.layer.isMatrixLayer })!.layer else { return }
        let row = (0..<dense.inFeatures).map { Float($0 % 3) * 0.3 }
        let inputs = Matrix(rows: 2, columns: dense.inFeatures, elements: row + row)
        let out = try day.multiply(inputs, layerIndex: 0, images: 5..<7)
        #expect(Array(out.elements[0..<dense.outFeatures]) == Array(out.elements[dense.outFeatures...]))
    }

    /// A one-layer network: a 2×2 convolution of 1×3×3 images into 2 channels, biases 0.5 and −0.25.
    private func convolutionNetwork(groups: Int = 1, inChannels: Int = 1) throws -> Network {
        let window = WindowGeometry(kernel: 2)
        let weight = Matrix<Float>(rows: inChannels / groups * 4, columns: 2) { r, c in Float(r + 1) * (c == 0 ? 0.2 : -0.15) }
        let convolution = Conv2D(inChannels: inChannels, window: window, groups: groups, weight: weight, bias: [0.5, -0.25])
        return try Network(
            inputName: "x", inputShape: [inChannels, 3, 3], nodes: [Node(name: "conv", layer: .conv2D(convolution), inputs: ["x"], output: "y")],
            outputName: "y")
    }

    @Test("A convolution on analog tiles: each output pixel is the tile's product of its patch (channel, kernel row, kernel column) plus the digital bias")
    func convolution() throws {
        let device = try DevicePreset.load("pcm-aihwkit").makeDevice()
        let network = try convolutionNetwork()
        let spec = try ArchitectureSpec.load("aihwkit").overriding(["outputNoise": .number(0)])
        let chip = try AnalogTileChip(network: network, architecture: spec, device: device, seed: 5)
        let readout = AnalogTileReadout(chip: chip, atSeconds: 3600, readNoise: true, driftCompensation: false)
        let pixels: [Float] = [0.1, 0.9, 0.3, 0.5, 0.0, 0.7, 0.2, 0.4, 0.8]
        let output = try network.outputs(for: Tensor(shape: [1, 1, 3, 3], elements: pixels), multiplier: readout)
        let p = try periphery()
        let weights = readout.weights[0][0][0]
        let gain = readout.gains[0][0][0]  // aihwkit.json compensates drift by default
        #expect(gain != 1)
        for oh in 0..<2 {
            for ow in 0..<2 {
                let patch = [pixels[oh * 3 + ow], pixels[oh * 3 + ow + 1], pixels[(oh + 1) * 3 + ow], pixels[(oh + 1) * 3 + ow + 1]]
                let expected = product(p, patch, weights.elements, columns: 2, gain: gain)
                #expect(output.elements[oh * 2 + ow] == expected[0] + 0.5)
                #expect(output.elements[4 + oh * 2 + ow] == expected[1] - 0.25)
            }
        }
    }

    @Test("Output noise is independent across the output pixels of one image")
    func convolutionOutputNoise() throws {
        let device = try DevicePreset.load("pcm-aihwkit").makeDevice()
        let network = try convolutionNetwork()
        let chip = try AnalogTileChip(network: network, architecture: try ArchitectureSpec.load("aihwkit"), device: device, seed: 5)
        let readout = AnalogTileReadout(chip: chip, atSeconds: 3600, readNoise: true, driftCompensation: false)
        // Every patch of a constant image is the same vector: equal outputs would mean shared draws.
        let output = try network.outputs(for: Tensor(shape: [1, 1, 3, 3], elements: [Float](repeating: 0.6, count: 9)), multiplier: readout)
        let channel = Array(output.elements[0..<4])
        #expect(channel.contains { $0 != channel[0] })
    }

    @Test("Analog tiles refuse a grouped convolution, naming the node")
    func refusesGroupedConvolution() throws {
        let network = try convolutionNetwork(groups: 2, inChannels: 2)
        let device = try DevicePreset.load("pcm-aihwkit").makeDevice()
        #expect {
            try AnalogTileChip(network: network, architecture: try ArchitectureSpec.load("aihwkit"), device: device, seed: 1)
        } throws: { error in
            guard case RunConfigurationError.rejected(let path, let reason) = error else { return false }
            return path == "architecture" && reason.contains("conv") && reason.contains("2 groups")
        }
    }
}
