import Foundation
import Numerics
import Testing

@testable import Network

/// The zoo's weight and MAC counts against closed forms from the architectures' layer tables
/// (written out here layer by layer, independently of the builder), and their distance from
/// Sze et al., Proc. IEEE 105(12), 2017, Table II.
@Suite("model zoo")
struct ModelZooTests {
    /// (weights, MACs) of a convolution with `outSide`² outputs, and of a fully connected layer.
    static func conv(_ cin: Int, _ cout: Int, _ k: Int, _ outSide: Int) -> (Int, Int) { (cout * cin * k * k, cout * cin * k * k * outSide * outSide) }
    static func fc(_ inputs: Int, _ outputs: Int) -> (Int, Int) { (inputs * outputs, inputs * outputs) }
    static func total(_ layers: [(Int, Int)]) -> (weights: Int, macs: Int) { (layers.map(\.0).reduce(0, +), layers.map(\.1).reduce(0, +)) }

    /// VGG convolutions: per stage its output side and channels.
    static func vgg(_ stages: [(side: Int, channels: [Int])]) -> [(Int, Int)] {
        var layers = [(Int, Int)](), cin = 3
        for stage in stages {
            for c in stage.channels {
                layers.append(conv(cin, c, 3, stage.side))
                cin = c
            }
        }
        return layers
    }

    static var expected: [ModelZoo: (weights: Int, macs: Int)] {
        // AlexNet (torchvision): 224 → 55 (11×11/4, pad 2) → pool 27 → pool 13.
        let alexnet = total([
            conv(3, 64, 11, 55), conv(64, 192, 5, 27), conv(192, 384, 3, 13), conv(384, 256, 3, 13), conv(256, 256, 3, 13),
            fc(256 * 6 * 6, 4096), fc(4096, 4096), fc(4096, 1000),
        ])
        let vgg16 = total(
            vgg([(224, [64, 64]), (112, [128, 128]), (56, [256, 256, 256]), (28, [512, 512, 512]), (14, [512, 512, 512])])
                + [fc(512 * 7 * 7, 4096), fc(4096, 4096), fc(4096, 1000)])
        let vgg8 = total(vgg([(32, [128, 128]), (16, [256, 256]), (8, [512, 512])]) + [fc(512 * 4 * 4, 1024), fc(1024, 10)])
        // ResNet-18: 7×7/2 stem to 112, pool to 56; stages at 56, 28, 14, 7; 1×1/2 projections.
        var resnet18 = [conv(3, 64, 7, 112)]
        var cin = 64
        for (width, side) in [(64, 56), (128, 28), (256, 14), (512, 7)] {
            for _ in 0..<2 {
                resnet18 += [conv(cin, width, 3, side), conv(width, width, 3, side)]
                if cin != width { resnet18.append(conv(cin, width, 1, side)) }
                cin = width
            }
        }
        resnet18.append(fc(512, 1000))
        // ResNet-50 v1.5: the first 1×1 of a stage's first block runs at the previous side.
        var resnet50 = [conv(3, 64, 7, 112)]
        cin = 64
        for (stage, (width, side, blocks)) in [(64, 56, 3), (128, 28, 4), (256, 14, 6), (512, 7, 3)].enumerated() {
            for block in 0..<blocks {
                let inputSide = stage > 0 && block == 0 ? 2 * side : side
                resnet50 += [conv(cin, width, 1, inputSide), conv(width, width, 3, side), conv(width, 4 * width, 1, side)]
                if block == 0 { resnet50.append(conv(cin, 4 * width, 1, side)) }
                cin = 4 * width
            }
        }
        resnet50.append(fc(2048, 1000))
        // GoogLeNet (torchvision, 3×3 in the "5×5" branch): stem to 56, modules at 28, 14, 7.
        var googlenet = [conv(3, 64, 7, 112), conv(64, 64, 1, 56), conv(64, 192, 3, 56)]
        cin = 192
        let modules: [(side: Int, [(Int, Int, Int, Int, Int, Int)])] = [
            (28, [(64, 96, 128, 16, 32, 32), (128, 128, 192, 32, 96, 64)]),
            (14, [(192, 96, 208, 16, 48, 64), (160, 112, 224, 24, 64, 64), (128, 128, 256, 24, 64, 64), (112, 144, 288, 32, 64, 64), (256, 160, 320, 32, 128, 128)]),
            (7, [(256, 160, 320, 32, 128, 128), (384, 192, 384, 48, 128, 128)]),
        ]
        for (side, list) in modules {
            for (a, b1, b2, c1, c2, p) in list {
                googlenet += [conv(cin, a, 1, side), conv(cin, b1, 1, side), conv(b1, b2, 3, side), conv(cin, c1, 1, side), conv(c1, c2, 3, side), conv(cin, p, 1, side)]
                cin = a + b2 + c2 + p
            }
        }
        googlenet.append(fc(1024, 1000))
        return [.alexnet: alexnet, .vgg16: vgg16, .vgg8: vgg8, .resnet18: total(resnet18), .resnet50: total(resnet50), .googlenet: total(googlenet)]
    }

    /// ISAAC's benchmark networks (133–330 M weights each) are too large to build in a debug test;
    /// their weights and MACs are checked against their papers with `crossbar map` (README).
    static let isaacSuite: Set<ModelZoo> = [.vgg11, .vgg13, .vgg16c, .vgg19, .msraA, .msraB, .msraC]

    @Test("weights and MACs per inference equal the closed forms of the architectures", arguments: ModelZoo.allCases.filter { !isaacSuite.contains($0) })
    func counts(model: ModelZoo) throws {
        let network = model.makeNetwork(seed: 1)
        let expected = try #require(Self.expected[model])
        #expect(network.weightCount == expected.weights)
        #expect(network.multiplyAccumulateCount == expected.macs)
        #expect(network.outputShape == [model == .vgg8 ? 10 : 1000])
    }

    /// Sze et al.'s Table II: weights and MACs. Differences, from the closed forms above:
    /// AlexNet +0.15 % weights, −1.4 % MACs (Sze counts the original two-tower AlexNet, 96-channel
    /// first layer, grouped conv 2/4/5); VGG-16 +0.25 %, −0.19 % (rounding of the table);
    /// ResNet-50 +0.01 %, +4.9 % MACs (torchvision's v1.5 strides the 3×3 instead of the first
    /// 1×1 of a downsampling block; v1 gives 3.858 G, −1.1 %); GoogLeNet −5.6 % weights, +4.8 % MACs
    /// (torchvision's 3×3 "5×5" branches; the paper's 5×5 gives 6.99 M weights, 1.58 G MACs).
    /// ResNet-50's and GoogLeNet's structures differ from the ones Sze et al. counted, so only
    /// their weights (ResNet-50) are compared.
    @Test("AlexNet and VGG-16 are within 2 % of Sze et al.'s table, and ResNet-50's weights")
    func szeTable() throws {
        let table: [(ModelZoo, weights: Double, macs: Double?)] = [(.alexnet, 61e6, 724e6), (.vgg16, 138e6, 15.5e9), (.resnet50, 25.5e6, nil)]
        for (model, weights, macs) in table {
            let expected = try #require(Self.expected[model])
            #expect(abs(Double(expected.weights) / weights - 1) <= 0.02, "\(model) weights")
            if let macs { #expect(abs(Double(expected.macs) / macs - 1) <= 0.02, "\(model) MACs") }
        }
    }

    @Test("weights are deterministic by seed and differ between seeds")
    func seeded() throws {
        let a = ModelZoo.vgg8.makeNetwork(seed: 7), b = ModelZoo.vgg8.makeNetwork(seed: 7), c = ModelZoo.vgg8.makeNetwork(seed: 8)
        #expect(a.nodes.map(\.layer.parameters) == b.nodes.map(\.layer.parameters))
        #expect(a.nodes.map(\.layer.parameters) != c.nodes.map(\.layer.parameters))
    }

    @Test("a spatial pyramid pool of a 14×14 map into {7, 3, 2, 1} bins: windows 2, 5, 7, 14, strides 2, 4, 7, 14; 63 bins per channel")
    func spatialPyramidPool() throws {
        var b = NetworkBuilder(seed: 1, inputShape: [2, 14, 14])
        b.spatialPyramidPool("spp", bins: [7, 3, 2, 1])
        #expect(b.shapes["spp"] == [2 * (49 + 9 + 4 + 1)])
        let network = b.network()
        let windows = network.nodes.compactMap { node -> [Int]? in
            guard case .pool(let pool) = node.layer else { return nil }
            return [pool.window.kernelHeight, pool.window.strideHeight]
        }
        #expect(windows == [[2, 2], [5, 4], [7, 7], [14, 14]])
        // On the ramp value(c, r, col) = 196c + 14r + col each bin's maximum is its window's
        // bottom-right pixel; the levels are joined 7×7, 3×3, 2×2, 1×1, each channel-major.
        let ramp = Tensor<Float>(shape: [1, 2, 14, 14], elements: (0..<392).map(Float.init))
        let pooled = try network.forward(ramp).elements
        #expect(pooled.count == 126)
        #expect(pooled[0] == 15)  // 7×7 level, channel 0, bin (0, 0): rows and columns 0–1
        #expect(pooled[49] == 196 + 15)  // channel 1, bin (0, 0)
        #expect(pooled[98 + 8] == 12 * 14 + 12)  // 3×3 level, channel 0, bin (2, 2): rows and columns 8–12
        #expect(pooled[124] == 195 && pooled[125] == 391)  // 1×1 level: each channel's maximum
    }

    @Test("a zoo network runs in float and in the integer baseline, and --network names resolve")
    func runs() throws {
        let network = try ModelZoo.network(named: "vgg8", seed: 3)
        let images = Support.uniform([2, 3, 32, 32], low: 0, high: 1, key: "vgg8")
        let float = try network.forward(images)
        #expect(float.shape == [2, 10])
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        #expect(quantized.matrixLayers.count == 8)
        #expect(try ModelZoo.network(named: "lenet5", seed: 0).inputShape == [1, 28, 28])
        #expect(throws: ONNXError.self) { try ModelZoo.network(named: "/nonexistent/model.onnx", seed: 0) }
    }
}
