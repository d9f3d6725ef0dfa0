import DataFiles
import Foundation
import Network
import Numerics

/// `crossbar eval`: float and integer (digital baseline) accuracy of a network on a dataset.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a network's float and int accuracy on a dataset's test images.",
        discussion: """
            Reads a bundled model (mlp, lenet5), a model-zoo architecture with seeded random
            weights (alexnet, vgg16, googlenet, resnet18, resnet50, vgg8, vgg11, vgg13, vgg16c, vgg19, msra-a, msra-b, msra-c) or any ONNX file, runs
            the float network and its post-training-quantized integer version (the digital
            baseline: per-channel symmetric weights, per-tensor activations calibrated on
            training images, exact Int32 accumulation, other layers dequantized, computed and
            requantized) on the test images, and prints both accuracies and the inference speed.
            A file's images are laid out as its graph's input declares.

            --dataset takes a folder of MNIST IDX files, CIFAR-10/100 binary batches
            (test_batch.bin / test.bin) or images.npy + labels.npy (N×C×H×W uint8 or float32,
            N integer labels), with an optional normalization.json ({"mean": [...], "std": [...]}
            per channel). Calibration images come from the training split where there is one,
            else from the first test images.

            Example:
              swift run -c release crossbar eval --network lenet5 --weight-bits 8 --input-bits 8 --json
            """)

    @Option(help: "Bundled model (mlp, lenet5), zoo architecture (alexnet, vgg16, googlenet, resnet18, resnet50, vgg8, vgg11, vgg13, vgg16c, vgg19, msra-a, msra-b, msra-c) or an ONNX file.")
    var network: String = "lenet5"
    @Option(help: "Dataset folder: MNIST IDX, CIFAR-10/100 binary or images.npy + labels.npy (default: the bundled MNIST).") var dataset: String?
    @Option(help: "Weight bits (2–16), symmetric per output channel.") var weightBits: Int = 8
    @Option(help: "Activation bits (2–15): every layer's input, including the image.") var inputBits: Int = 8
    @Option(help: "Test images to use (default: all).") var images: Int?
    @Option(help: "Images used to calibrate activation scales (from the training split where there is one).") var calibrationImages: Int = 1000
    @Option(help: "Calibrate to this percentile of |x| (default: the maximum).") var calibrationPercentile: Double?
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Option(help: "Seed of a zoo architecture's random weights.") var seed: UInt64 = 1
    @Option(help: "Folder to write the logits to, as NPY float32 N×classes: float.npy and digital.npy.") var saveLogits: String?
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard QuantizationSettings.weightBitRange.contains(weightBits) else { throw ValidationError("--weight-bits must be in 2...16, got \(weightBits)") }
        guard QuantizationSettings.activationBitRange.contains(inputBits) else { throw ValidationError("--input-bits must be in 2...15, got \(inputBits)") }
        if let images, images < 1 { throw ValidationError("--images must be at least 1, got \(images)") }
        guard (1...60000).contains(calibrationImages) else { throw ValidationError("--calibration-images must be in 1...60000, got \(calibrationImages)") }
        if let p = calibrationPercentile, !(p > 0 && p <= 100) { throw ValidationError("--calibration-percentile must be in (0, 100], got \(p)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    }

    /// The `--json` record.
    struct Result: Encodable {
        struct Accuracy: Encodable {
            let float: Double
            let int: Double
        }
        struct Quantization: Encodable {
            let weightBits: Int
            let inputBits: Int
            let calibrationImages: Int
            let calibrationSource: String
            let calibration: String
        }
        let network: String
        let dataset: String
        let images: Int
        let accuracy: Accuracy
        let imagesPerSecond: Double
        let intImagesPerSecond: Double
        let quantization: Quantization
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let logits = try saveLogits.map(LogitsFolder.init(path:))
        let model = try ModelZoo.network(named: network, seed: seed)
        let networkName = ModelZoo(rawValue: network) != nil ? network : ProjectDirectory.reportedPath(try ModelArchitecture.modelFile(network))
        let data = try ImageDataset.open(path: dataset)
        let evaluated = images.map { data.test.prefix($0) } ?? data.test
        let classes = model.outputShape.reduce(1, *)
        try evaluated.checkLabels(classes: classes, source: data.labelFile)
        let (calibration, calibrationSource) = try data.calibrationImages(count: calibrationImages)
        let inputs = try evaluated.images(shapedAs: model.inputShape)
        let settings = try QuantizationSettings(
            weightBits: weightBits, activationBits: inputBits, calibration: calibrationPercentile.map { .percentile($0) } ?? .maximum)

        var start = Stopwatch.now()
        let floatOutputs = try model.outputs(for: inputs)
        let floatSeconds = Stopwatch.now() - start
        let quantized = try QuantizedNetwork(quantizing: model, calibrationImages: calibration.images(shapedAs: model.inputShape), settings: settings)
        start = Stopwatch.now()
        let intOutputs = try quantized.outputs(for: inputs, multiplier: DigitalMatrixMultiplier())
        let intSeconds = Stopwatch.now() - start
        if let logits {
            try logits.write(floatOutputs, name: "float")
            try logits.write(intOutputs, name: "digital")
        }
        let floatAccuracy = Classification.accuracy(Classification.predictions(floatOutputs), labels: evaluated.labels)
        let intAccuracy = Classification.accuracy(Classification.predictions(intOutputs), labels: evaluated.labels)
        let calibrationName = calibrationPercentile.map { "percentile \($0)" } ?? "max"
        let result = Result(
            network: networkName, dataset: ProjectDirectory.reportedPath(data.folder), images: evaluated.count,
            accuracy: .init(float: floatAccuracy, int: intAccuracy),
            imagesPerSecond: Double(evaluated.count) / floatSeconds, intImagesPerSecond: Double(evaluated.count) / intSeconds,
            quantization: .init(
                weightBits: weightBits, inputBits: inputBits, calibrationImages: calibration.count, calibrationSource: calibrationSource.rawValue,
                calibration: calibrationName))
        if json {
            try JSONOutput.print(result)
            return
        }
        print("\(networkName) on \(evaluated.count) \(data.format.rawValue) test images (\(Parallel.defaultThreadCount) threads)")
        print(
            "  float accuracy  \(Format.fixed(floatAccuracy * 100, 2)) %   \(Format.fixed(result.imagesPerSecond, 0)) images/s "
                + "(\(Format.fixed(floatSeconds, 2)) s)")
        print(
            "  int accuracy    \(Format.fixed(intAccuracy * 100, 2)) %   \(Format.fixed(result.intImagesPerSecond, 0)) images/s "
                + "(\(Format.fixed(intSeconds, 2)) s)")
        print(
            "  quantization: \(weightBits)-bit weights per output channel, \(inputBits)-bit activations calibrated on "
                + "\(calibration.count) images of the \(calibrationSource.rawValue) (\(calibrationName))")
    }
}
