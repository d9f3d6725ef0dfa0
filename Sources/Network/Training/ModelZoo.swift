import Foundation
import Numerics

/// Built-in image classifiers at real scale, with seeded random weights (``NetworkBuilder``:
/// He-normal, biases 0, deterministic by seed), for mapping and cost studies that need no files.
///
/// ImageNet networks read 3×224×224 images and give 1,000 logits, with torchvision's layer
/// structures (BatchNorm omitted: at inference it folds into the convolution before it, which
/// changes neither weight nor MAC counts):
/// - `alexnet`: torchvision's single-tower AlexNet (Krizhevsky et al. 2012, as in "One weird
///   trick", 2014): conv 64@11×11/4, 192@5×5, 384, 256, 256 @3×3 with 3×3/2 max pools, FC 4096,
///   4096, 1000;
/// - `vgg16`: VGG-16, configuration D (Simonyan & Zisserman, ICLR 2015);
/// - `googlenet`: GoogLeNet (Szegedy et al., CVPR 2015) as torchvision builds it: the "5×5"
///   branch of each Inception module is a 3×3 convolution, pools round up (`ceil_mode`), no
///   auxiliary classifiers;
/// - `resnet18`: ResNet-18, basic blocks [2, 2, 2, 2] (He et al., CVPR 2016);
/// - `resnet50`: ResNet-50, bottleneck blocks [3, 4, 6, 3], torchvision's v1.5 (the stride on
///   the 3×3 convolution of a bottleneck);
///
/// and `vgg8` is DNN+NeuroSim's CIFAR-10 VGG-8 (Peng et al., IEDM 2019; `Inference_pytorch/
/// models/VGG.py`): 3×32×32 images, conv 3×3 "same" 128, 128, 2×2 max pool, 256, 256, pool,
/// 512, 512, pool, FC 8192→1024, 1024→10.
///
/// ISAAC's benchmark suite (Shafiee et al., ISCA 2016, §VI: VGG-1..4 and MSRA-1..3), shapes from
/// the networks' own papers:
/// - `vgg11`, `vgg13`, `vgg16c`, `vgg19`: VGG configurations A, B, C and E (Simonyan &
///   Zisserman, ICLR 2015, Table 1; D is `vgg16`): 3×3 "same" convolutions in five stages of 64,
///   128, 256, 512, 512 channels, each ending in a 2×2 max pool, then FC 4096, 4096, 1000.
///   Configuration C's third convolution of stages 3–5 is 1×1. Table 2 of the paper gives 133,
///   133, 134, 138 and 144 M parameters for A–E;
/// - `msra-a`, `msra-b`, `msra-c`: the large PReLU-net models A, B, C (He et al., "Delving Deep
///   into Rectifiers", ICCV 2015, Table 3): conv 7×7/2 96, 2×2 max pool, three stages of 3×3
///   convolutions (5, 6, 6 per stage; 256, 512, 512 channels for A and B, 384, 768, 896 for C) at
///   56, 28 and 14 pixels with 2×2 max pools between them, a spatial pyramid pool of {7, 3, 2,
///   1} bins (He et al., ECCV 2014: window ⌈a/n⌉, stride ⌊a/n⌋), FC 4096, 4096, 1000. The
///   paper's complexities are 1.9, 2.3 and 5.3 × 10¹⁰ multiply-adds. ReLU stands in for PReLU
///   (the same MACs and weights, up to PReLU's one slope per channel).
public enum ModelZoo: String, Sendable, CaseIterable {
    case alexnet, vgg16, googlenet, resnet18, resnet50, vgg8
    case vgg11, vgg13, vgg16c, vgg19
    case msraA = "msra-a", msraB = "msra-b", msraC = "msra-c"

    /// Shape of one input image.
    public var inputShape: [Int] { self == .vgg8 ? [3, 32, 32] : [3, 224, 224] }

    /// The network a `--network` argument names: a zoo architecture (weights from `seed`), a
    /// bundled trained model (`mlp`, `lenet5`, ``ModelArchitecture/modelFile(_:)``) or an ONNX file.
    public static func network(named nameOrPath: String, seed: UInt64) throws -> Network {
        if let zoo = ModelZoo(rawValue: nameOrPath) { return zoo.makeNetwork(seed: seed) }
        return try ONNXFile.read(contentsOf: ModelArchitecture.modelFile(nameOrPath))
    }

    /// The network with weights drawn from `seed`.
    public func makeNetwork(seed: UInt64) -> Network {
        var b = NetworkBuilder(seed: seed, inputShape: inputShape)
        switch self {
        case .alexnet:
            b.conv("conv1", 64, kernel: 11, stride: 4, padding: 2)
            b.maxPool("pool1", kernel: 3, stride: 2)
            b.conv("conv2", 192, kernel: 5, padding: 2)
            b.maxPool("pool2", kernel: 3, stride: 2)
            b.conv("conv3", 384, kernel: 3, padding: 1)
            b.conv("conv4", 256, kernel: 3, padding: 1)
            b.conv("conv5", 256, kernel: 3, padding: 1)
            b.maxPool("pool5", kernel: 3, stride: 2)
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .vgg16:
            Self.vggFeatures(&b, [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]])
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .vgg8:
            Self.vggFeatures(&b, [[128, 128], [256, 256], [512, 512]])
            Self.classifier(&b, hidden: [1024], classes: 10)
        case .vgg11:
            Self.vggFeatures(&b, [[64], [128], [256, 256], [512, 512], [512, 512]])
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .vgg13:
            Self.vggFeatures(&b, [[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]])
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .vgg16c:
            Self.vggFeatures(&b, [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]], lastKernels: [2: 1, 3: 1, 4: 1])
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .vgg19:
            Self.vggFeatures(&b, [[64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512]])
            Self.classifier(&b, hidden: [4096, 4096], classes: 1000)
        case .msraA, .msraB, .msraC:
            b.conv("conv1", 96, kernel: 7, stride: 2, padding: 3)
            let depth = self == .msraA ? 5 : 6
            let widths = self == .msraC ? [384, 768, 896] : [256, 512, 512]
            var index = 1
            for (stage, width) in widths.enumerated() {
                b.maxPool("pool\(stage + 1)", kernel: 2, stride: 2)
                for _ in 0..<depth {
                    index += 1
                    b.conv("conv\(index)", width, kernel: 3, padding: 1)
                }
            }
            b.spatialPyramidPool("spp", bins: [7, 3, 2, 1])
            for (position, features) in [4096, 4096].enumerated() { b.dense("fc\(position + 1)", features) }
            b.dense("fc3", 1000, relu: false)
        case .googlenet:
            b.conv("conv1", 64, kernel: 7, stride: 2, padding: 3)
            b.maxPool("pool1", kernel: 3, stride: 2, ceilMode: true)
            b.conv("conv2", 64, kernel: 1)
            b.conv("conv3", 192, kernel: 3, padding: 1)
            b.maxPool("pool2", kernel: 3, stride: 2, ceilMode: true)
            Self.inception(&b, "3a", 64, 96, 128, 16, 32, 32)
            Self.inception(&b, "3b", 128, 128, 192, 32, 96, 64)
            b.maxPool("pool3", kernel: 3, stride: 2, ceilMode: true)
            Self.inception(&b, "4a", 192, 96, 208, 16, 48, 64)
            Self.inception(&b, "4b", 160, 112, 224, 24, 64, 64)
            Self.inception(&b, "4c", 128, 128, 256, 24, 64, 64)
            Self.inception(&b, "4d", 112, 144, 288, 32, 64, 64)
            Self.inception(&b, "4e", 256, 160, 320, 32, 128, 128)
            b.maxPool("pool4", kernel: 2, stride: 2, ceilMode: true)
            Self.inception(&b, "5a", 256, 160, 320, 32, 128, 128)
            Self.inception(&b, "5b", 384, 192, 384, 48, 128, 128)
            b.add("avgpool", .globalAveragePool)
            b.add("flatten", .flatten)
            b.dense("fc", 1000, relu: false)
        case .resnet18, .resnet50:
            b.conv("conv1", 64, kernel: 7, stride: 2, padding: 3)
            b.maxPool("maxpool", kernel: 3, stride: 2, padding: 1)
            let blocks = self == .resnet18 ? [2, 2, 2, 2] : [3, 4, 6, 3]
            for (stage, count) in blocks.enumerated() {
                let width = 64 << stage
                for block in 0..<count {
                    let stride = stage > 0 && block == 0 ? 2 : 1
                    Self.residualBlock(&b, "layer\(stage + 1).\(block)", width: width, stride: stride, bottleneck: self == .resnet50)
                }
            }
            b.add("avgpool", .globalAveragePool)
            b.add("flatten", .flatten)
            b.dense("fc", 1000, relu: false)
        }
        return b.network()
    }

    /// VGG stages: 3×3 "same" convolutions with ReLU, each stage ending in a 2×2 max pool; the
    /// last convolution of stage s has kernel `lastKernels[s]` when given (configuration C's 1×1).
    private static func vggFeatures(_ b: inout NetworkBuilder, _ stages: [[Int]], lastKernels: [Int: Int] = [:]) {
        var index = 0
        for (stage, channels) in stages.enumerated() {
            for (position, width) in channels.enumerated() {
                index += 1
                let kernel = position == channels.count - 1 ? lastKernels[stage] ?? 3 : 3
                b.conv("conv\(index)", width, kernel: kernel, padding: kernel / 2)
            }
            b.maxPool("pool\(stage + 1)", kernel: 2, stride: 2)
        }
    }

    /// Flatten, FC layers of `hidden` features with ReLU, and the FC layer of the classes.
    private static func classifier(_ b: inout NetworkBuilder, hidden: [Int], classes: Int) {
        b.add("flatten", .flatten)
        for (index, features) in hidden.enumerated() { b.dense("fc\(index + 1)", features) }
        b.dense("fc\(hidden.count + 1)", classes, relu: false)
    }

    /// An Inception module: 1×1; 1×1 then 3×3; 1×1 then 3×3 (torchvision's "5×5"); 3×3/1 max
    /// pool then 1×1; joined along the channels.
    private static func inception(
        _ b: inout NetworkBuilder, _ name: String, _ ch1x1: Int, _ ch3x3reduce: Int, _ ch3x3: Int, _ ch5x5reduce: Int, _ ch5x5: Int,
        _ poolProjection: Int
    ) {
        let input = b.last
        let branch1 = b.conv("inception\(name).branch1", from: input, ch1x1, kernel: 1)
        b.conv("inception\(name).branch2.0", from: input, ch3x3reduce, kernel: 1)
        let branch2 = b.conv("inception\(name).branch2.1", ch3x3, kernel: 3, padding: 1)
        b.conv("inception\(name).branch3.0", from: input, ch5x5reduce, kernel: 1)
        let branch3 = b.conv("inception\(name).branch3.1", ch5x5, kernel: 3, padding: 1)
        b.maxPool("inception\(name).branch4.0", from: input, kernel: 3, stride: 1, padding: 1, ceilMode: true)
        let branch4 = b.conv("inception\(name).branch4.1", poolProjection, kernel: 1)
        b.add("inception\(name)", .concat(axis: 0, inputs: 4), inputs: [branch1, branch2, branch3, branch4])
    }

    /// A residual block of ResNet: basic (two 3×3) or bottleneck (1×1, 3×3 with the stride,
    /// 1×1 to 4·width), with a 1×1 strided projection of the shortcut when the shape changes,
    /// and the ReLU after the sum.
    private static func residualBlock(_ b: inout NetworkBuilder, _ name: String, width: Int, stride: Int, bottleneck: Bool) {
        let input = b.last
        let inChannels = b.shapes[input]![0]
        let outChannels = bottleneck ? 4 * width : width
        let body: String
        if bottleneck {
            b.conv(name + ".conv1", width, kernel: 1)
            b.conv(name + ".conv2", width, kernel: 3, stride: stride, padding: 1)
            body = b.conv(name + ".conv3", outChannels, kernel: 1, relu: false)
        } else {
            b.conv(name + ".conv1", width, kernel: 3, stride: stride, padding: 1)
            body = b.conv(name + ".conv2", width, kernel: 3, padding: 1, relu: false)
        }
        var shortcut = input
        if stride != 1 || inChannels != outChannels {
            shortcut = b.conv(name + ".downsample", from: input, outChannels, kernel: 1, stride: stride, relu: false)
        }
        b.add(name + ".add", .add, inputs: [body, shortcut])
        b.add(name + ".relu", .relu)
    }
}
