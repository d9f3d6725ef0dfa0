import Foundation
import Network
import Numerics

extension ModelArchitecture: ExpressibleByArgument {}

/// `crossbar train`: trains a bundled architecture on MNIST and writes it as ONNX.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the MLP or LeNet-5 on MNIST and save it as an ONNX model.",
        discussion: """
            SGD with momentum 0.9, batch 64, cosine learning-rate decay and weight decay 5e-4 on the
            60,000 training images; the test accuracy is printed after every epoch. The result
            depends only on the seed (not on the thread count). The bundled models in
            Experiments/models/ were made with the default settings.

            Example:
              swift run -c release crossbar train --network lenet5 --out lenet5.onnx
            """)

    @Option(help: "Architecture to train.") var network: ModelArchitecture = .lenet5
    @Option(help: "Passes over the training set (default: 20 for mlp, 15 for lenet5).") var epochs: Int?
    @Option(help: "Seed of the initial weights and the shuffling.") var seed: UInt64 = 1
    @Option(help: "Output ONNX file (default: <network>.onnx in the current folder).") var out: String?
    @Option(help: "Folder of MNIST-layout IDX files (default: the bundled MNIST).") var dataset: String?
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Print one JSON object at the end instead of text.") var json: Bool

    func validate() throws {
        if let epochs, !(1...1000).contains(epochs) { throw ValidationError("--epochs must be in 1...1000, got \(epochs)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    }

    /// The `--json` record.
    struct Result: Encodable {
        let network: String
        let epochs: Int
        let seed: UInt64
        let testAccuracy: Double
        let trainingSeconds: Double
        let out: String
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let folder = try LabelledImages.folder(dataset)
        let training = try LabelledImages(folder: folder, split: .train)
        let test = try LabelledImages(folder: folder, split: .test)
        var configuration = network.trainingConfiguration(seed: seed)
        if let epochs { configuration.epochs = epochs }
        let outURL = URL(fileURLWithPath: out ?? "\(network.rawValue).onnx")
        if !json {
            print("Training \(network.rawValue) on \(training.count) images for \(configuration.epochs) epochs (seed \(seed))")
        }
        let start = Stopwatch.now()
        var accuracy = 0.0
        let trained = try Trainer(configuration: configuration).train(network.makeNetwork(seed: seed), on: training) { report, current in
            accuracy = Classification.accuracy(Classification.predictions(try current.outputs(for: test.images)), labels: test.labels)
            if !json {
                print(
                    "epoch \(report.epoch)/\(configuration.epochs)  loss \(Format.fixed(report.meanLoss, 4))  "
                        + "lr \(Format.fixed(Double(report.learningRate), 4))  test accuracy \(Format.fixed(accuracy * 100, 2)) %  "
                        + "(\(Format.fixed(Stopwatch.now() - start, 1)) s)")
                fflush(nil)  // show progress at once even when stdout is a file
            }
        }
        let seconds = Stopwatch.now() - start
        try ONNXFile.write(trained, to: outURL)
        if json {
            try JSONOutput.print(
                Result(network: network.rawValue, epochs: configuration.epochs, seed: seed, testAccuracy: accuracy, trainingSeconds: seconds, out: outURL.path))
        } else {
            print("Test accuracy \(Format.fixed(accuracy * 100, 2)) % after \(Format.fixed(seconds, 1)) s; wrote \(outURL.path)")
        }
    }
}
