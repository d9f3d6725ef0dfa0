import Circuit
import DataFiles
import Device
import Foundation
import Network
import Numerics
import TestSupport
import Testing

@testable import Accelerator

/// Networks, chips and comparisons shared by the Accelerator tests.
enum AcceleratorTestSupport {
    /// `Tests/NetworkTests/Fixtures`: small ONNX models with an input batch (made by the Network
    /// tests' `make_fixtures.py`).
    static let networkFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NetworkTests/Fixtures")

    /// The fixture's network and its input batch.
    static func fixture(_ name: String) throws -> (network: Network, images: Tensor<Float>) {
        struct Reference: Decodable {
            let inputShape: [Int]
            let input: [Float]
        }
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: networkFixtures.appendingPathComponent(name + ".json")))
        let network = try ONNXFile.read(contentsOf: networkFixtures.appendingPathComponent(name + ".onnx"))
        return (network, Tensor(shape: reference.inputShape, elements: reference.input))
    }

    /// The bundled LeNet-5 and the first `count` MNIST test images.
    static func lenet(images count: Int) throws -> (network: Network, images: Tensor<Float>, labels: [Int]) {
        let network = try ONNXFile.read(contentsOf: ModelArchitecture.lenet5.bundledModel())
        let test = try LabelledImages(folder: LabelledImages.bundledFolder(), split: .test).prefix(count)
        return (network, try test.images(shapedAs: network.inputShape), test.labels)
    }

    /// A fixture's network and inputs, or for `lenet5` the bundled model and `lenetImages` MNIST test images.
    static func network(_ name: String, lenetImages: Int) throws -> (network: Network, images: Tensor<Float>) {
        guard name == "lenet5" else { return try fixture(name) }
        let lenet = try lenet(images: lenetImages)
        return (lenet.network, lenet.images)
    }

    /// A small convolutional network for tests that program noisy devices (cheap in a debug
    /// build): conv 1→4 3×3 (padding 1) on 10×10 images, ReLU, 2×2 max pool, dense 100→10; and
    /// `count` images whose left columns are black (so some im2col rows are all zero).
    static func smallCNN(images count: Int) throws -> (network: Network, images: Tensor<Float>) {
        let conv = Conv2D(
            inChannels: 1, window: WindowGeometry(kernel: 3, padding: 1),
            weight: TestMatrices.uniform(rows: 9, columns: 4, in: -0.5...0.5, key: "smallCNN/conv"), bias: [0.05, -0.05, 0.1, 0])
        let dense = Dense(weight: TestMatrices.uniform(rows: 100, columns: 10, in: -0.2...0.2, key: "smallCNN/dense"), bias: [Float](repeating: 0, count: 10))
        let nodes = [
            Node(name: "conv", layer: .conv2D(conv), inputs: ["x"], output: "c"),
            Node(name: "relu", layer: .relu, inputs: ["c"], output: "r"),
            Node(name: "pool", layer: .pool(Pool2D(kind: .max, window: WindowGeometry(kernel: 2, stride: 2))), inputs: ["r"], output: "p"),
            Node(name: "flatten", layer: .flatten, inputs: ["p"], output: "f"),
            Node(name: "dense", layer: .dense(dense), inputs: ["f"], output: "y"),
        ]
        let network = try Network(inputName: "x", inputShape: [1, 10, 10], nodes: nodes, outputName: "y")
        let pixels = TestMatrices.uniform(rows: count * 100, columns: 1, in: 0...1, key: "smallCNN/images").elements
        let images = Tensor(shape: [count, 1, 10, 10], elements: pixels.enumerated().map { index, value in index % 10 < 4 ? 0 : value })
        return (network, images)
    }

    /// The baselines' hand-worked layer: one convolution of a 1 × 5 × 5 input by a 3 × 3 kernel
    /// (stride 1, no padding) into 2 channels (3 × 3 outputs), quantized to 8 bits on 4 images;
    /// the network's only layer, so its outputs leave as 32-bit accumulators.
    static func handConvWorkload() throws -> NetworkWorkload {
        let conv = Conv2D(
            inChannels: 1, window: WindowGeometry(kernel: 3),
            weight: TestMatrices.uniform(rows: 9, columns: 2, in: -0.5...0.5, key: "handConv/weights"), bias: [0, 0])
        let network = try Network(
            inputName: "x", inputShape: [1, 5, 5], nodes: [Node(name: "conv", layer: .conv2D(conv), inputs: ["x"], output: "y")], outputName: "y")
        let pixels = TestMatrices.uniform(rows: 4 * 25, columns: 1, in: 0...1, key: "handConv/images").elements
        return NetworkWorkload(try quantized(network, images: Tensor(shape: [4, 1, 5, 5], elements: pixels)))
    }

    /// One Dense layer 40 → 20 with integer-valued weights ((7k + 3n) mod 11 − 5), no bias: the
    /// hand-counted case of the digital baselines' tests.
    static func dense40x20() throws -> Network {
        let weight = Matrix<Float>(rows: 40, columns: 20) { k, n in Float((k * 7 + n * 3) % 11) - 5 }
        return try Network(
            inputName: "input", inputShape: [40],
            nodes: [Node(name: "fc", layer: .dense(Dense(weight: weight, bias: .init(repeating: 0, count: 20))), inputs: ["input"], output: "fc")],
            outputName: "fc")
    }

    /// `network` quantized to `weightBits`/`inputBits`, calibrated on `images`.
    static func quantized(_ network: Network, images: Tensor<Float>, weightBits: Int = 8, inputBits: Int = 8) throws -> QuantizedNetwork {
        try QuantizedNetwork(
            quantizing: network, calibrationImages: images,
            settings: QuantizationSettings(weightBits: weightBits, activationBits: inputBits))
    }

    /// ISAAC as published (`Experiments/architectures/isaac.json`, 16-bit weights and inputs) with `overrides`.
    static func isaac(_ overrides: [String: JSONValue] = [:]) throws -> ArchitectureSpec {
        try ArchitectureSpec.load("isaac").overriding(overrides)
    }

    /// An architecture with the network's weight bits and `overrides`.
    static func architecture(_ name: String, weightBits: Int = 8, _ overrides: [String: JSONValue] = [:]) throws -> ArchitectureSpec {
        try ArchitectureSpec.load(name).overriding(["weightBits": .number(Double(weightBits))].merging(overrides) { $1 })
    }

    /// `quantized` mapped onto `spec`, programmed on `device` and read with ideal wires at t = 0
    /// through `adc` (default: the architecture's resolution, fixed range).
    static func readout(
        _ quantized: QuantizedNetwork, on spec: ArchitectureSpec, device: any MemoryDevice, adcBits: Int? = nil,
        wires: WireResistance = .ideal, skipsZeroSlices: Bool? = nil, readNoise: Bool = false, seed: UInt64 = 7, threads: Int? = 1
    ) throws -> ChipReadout {
        let mapping = try Mapping(network: quantized, architecture: spec)
        let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: seed, threads: threads)
        let settings = ChipReadout.Settings(
            timeSeconds: 0, wires: wires, adc: try ADC(resolutionBits: adcBits ?? spec.adcBits, rangePolicy: .fixed),
            dacBits: spec.dacBits, skipsZeroSlices: skipsZeroSlices ?? spec.skipsZeroSlices, readNoise: readNoise,
            driftCompensation: false)
        return try ChipReadout(chip: chip, network: quantized, settings: settings, threads: threads)
    }

    /// The bundled ideal device.
    static func idealDevice() throws -> any MemoryDevice {
        try DevicePreset.device("ideal")
    }
}
