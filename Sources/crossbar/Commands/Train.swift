import Accelerator
import Foundation
import Network
import Numerics

/// `crossbar train`: trains a bundled architecture on MNIST, or fine-tunes any network
/// hardware-aware for a chip, and writes it as ONNX.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the MLP or LeNet-5 on MNIST, or fine-tune a network hardware-aware for a chip; save it as ONNX.",
        discussion: """
            SGD with momentum 0.9, batch 64, cosine learning-rate decay and weight decay 5e-4 on the
            training split; the float test accuracy is printed after every epoch. The result
            depends only on the seed (not on the thread count). The bundled models in
            Experiments/models/ were made with the default settings (without --hardware-aware,
            --network is mlp or lenet5, trained from weights drawn from the seed).

            --hardware-aware takes --network, --dataset, --device, --arch, --set and the other run
            options as `crossbar run` does (a bundled name means its trained file: fine-tuning)
            and trains with the chip in the forward pass: every step, each Dense/Conv2D weight is
            quantized, encoded and bit-sliced as the mapper does, each cell's conductance drawn
            from the device model (programming, faults, drift at a read time from --read-time
            with the run's drift compensation, read noise, and with resistive wires IR drop as
            each cell's fixed G_eff/G from the exact solution of its array at the starting
            weights; --inject chooses, --noise-scale multiplies the programming error and the
            read noise), decoded into the weight the chip computes with, and each product runs
            through the chip's DACs and ADCs with their ranges calibrated as `crossbar run`
            calibrates them (not with ISAAC's column flip, SRAM or BatchNorm); on analog tiles (--arch aihwkit) each product also runs through the
            tile periphery (noise management, DAC, output noise, ADC), after the network is
            rescaled to the tile's weight range (--weight-range: aihwkit tiles keep the network's
            weight units, so their output noise is smaller against larger weights; the rescaled
            network classifies as before, its logits multiplied). Gradients pass straight
            through to the float weights, which are clipped after every step to --clip-sigma
            standard deviations of each layer's weights (aihwkit's layer-Gaussian clipping). The
            first line names the effects injected. The ONNX file records
            what it was trained for (metadata_props), and `crossbar run` reports it.

            Examples:
              swift run -c release crossbar train --network lenet5 --out lenet5.onnx
              crossbar train --hardware-aware --out lenet5-hwa.onnx
              crossbar train --hardware-aware --network mlp --device pcm-aihwkit --arch aihwkit --read-time 1:31536000
            """)

    /// The chip and the network, as `crossbar run` takes them.
    var options = RunOptions()
    @Flag(help: "Train with the chip's non-idealities in the forward pass (fine-tuning the given network).") var hardwareAware: Bool
    @Option(help: "Passes over the training set (default: 20 for mlp, 15 for lenet5; 3 hardware-aware).") var epochs: Int?
    @Option(help: "Initial learning rate (default: 0.05; 0.01 hardware-aware).") var learningRate: Double?
    @Option(help: "Clip each layer's weights after every step to ± this many standard deviations of them, aihwkit's LAYER_GAUSSIAN (default: 2.5 hardware-aware, else 0: none).")
    var clipSigma: Double?
    @Option(help: "Hardware-aware: multiplier on the programming error and read noise the device draws (default: 1).") var noiseScale: Double?
    @Option(help: "Hardware-aware: effects injected, from programming, faults, drift, read, periphery, irdrop (default: all).") var inject: String?
    @Option(help: "Hardware-aware: read time after programming, seconds: T, or T1:T2 for log-uniform per step (default: the run's --drift-time).")
    var readTime: String?
    @Option(help: "Hardware-aware: before training, scale each layer's weights (and the biases after it) to ± this range in the tile's weight units, the network computing the same classification (default: 1 on analog tiles, whose output noise and bound are in those units; 0 keeps the network's own scale, as on bit-sliced chips).")
    var weightRange: Double?
    @Option(help: "Output ONNX file (default: <network>.onnx, <network>-hwa.onnx hardware-aware, in the current folder).") var out: String?
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Print one JSON object at the end instead of text.") var json: Bool

    func validate() throws {
        if let epochs, !(1...1000).contains(epochs) { throw ValidationError("--epochs must be in 1...1000, got \(epochs)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
        if let learningRate, !(learningRate > 0 && learningRate <= 10) {
            throw ValidationError("--learning-rate must be in (0, 10], got \(learningRate)")
        }
        if let clipSigma, !(clipSigma >= 0 && clipSigma <= 100) { throw ValidationError("--clip-sigma must be in 0...100 (0: no clipping), got \(clipSigma)") }
        if let noiseScale, !(noiseScale >= 0 && noiseScale <= 100) { throw ValidationError("--noise-scale must be in 0...100, got \(noiseScale)") }
        if let weightRange, !(weightRange >= 0 && weightRange <= 1000) { throw ValidationError("--weight-range must be in 0...1000 (0: keep the network's scale), got \(weightRange)") }
        if !hardwareAware {
            if let given = [
                ("--noise-scale", noiseScale != nil), ("--inject", inject != nil), ("--read-time", readTime != nil), ("--weight-range", weightRange != nil),
            ].first(where: \.1) {
                throw ValidationError("\(given.0) applies only with --hardware-aware")
            }
            let name = options.network ?? "lenet5"
            guard ModelArchitecture(rawValue: name) != nil else {
                throw ValidationError("--network must be mlp or lenet5 without --hardware-aware (trained from scratch), got '\(name)'")
            }
        }
        _ = try effects()
        _ = try readTimeDistribution(default: 1)
    }

    /// `--inject` as a set of effects.
    func effects() throws -> Set<HardwareAwareEffect> {
        guard let inject else { return Set(HardwareAwareEffect.allCases) }
        let names = inject.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return Set(try names.map { name in
            guard let effect = HardwareAwareEffect(rawValue: name) else {
                throw ValidationError(
                    "--inject takes a comma-separated list of \(HardwareAwareEffect.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'"
                        + (["adc", "dac"].contains(name) ? " (the converters are the periphery effect, injected on analog tiles)" : ""))
            }
            return effect
        })
    }

    /// `--read-time` (or `seconds` when it is not given).
    func readTimeDistribution(default seconds: Double) throws -> ReadTimeDistribution {
        guard let readTime else { return .fixed(seconds) }
        let parts = readTime.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }) else {
            throw ValidationError("--read-time takes T or T1:T2 (seconds ≥ 0), got '\(readTime)'")
        }
        if parts.count == 1 { return .fixed(parts[0]!) }
        guard parts[0]! > 0, parts[0]! <= parts[1]! else {
            throw ValidationError("--read-time T1:T2 needs 0 < T1 ≤ T2 (log-uniform), got '\(readTime)'")
        }
        return .logUniform(parts[0]!...parts[1]!)
    }

    /// The `--json` record.
    struct Result: Encodable {
        let network: String
        let hardwareAware: Bool
        let epochs: Int
        let learningRate: Float
        let seed: UInt64
        let trainingImages: Int
        let testAccuracy: Double
        /// Seconds of the training steps alone (without the per-epoch test evaluation).
        let trainingSeconds: Double
        let epochsPerMinute: Double
        let metadata: [String: String]
        let out: String
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let run = try options.configuration()
        let name = options.network ?? "lenet5"
        var network: Network
        var configuration: TrainingConfiguration
        let training: LabelledImages, test: LabelledImages
        var noise: HardwareAwareNoise?
        if hardwareAware {
            network = try RunPreparation.floatNetwork(run).network
            configuration = TrainingConfiguration(epochs: 3, learningRate: 0.01, seed: run.seed, weightClipSigma: 2.5)
            let dataset = try ImageDataset.open(path: run.dataset == "mnist" ? nil : run.dataset)
            let split = try dataset.calibrationImages(count: Int.max).images
            training = LabelledImages(images: try split.images(shapedAs: network.inputShape), labels: split.labels)
            let evaluated = dataset.test.prefix(run.images)
            test = LabelledImages(images: try evaluated.images(shapedAs: network.inputShape), labels: evaluated.labels)
        } else {
            let architecture = ModelArchitecture(rawValue: name)!
            network = architecture.makeNetwork(seed: run.seed)
            configuration = architecture.trainingConfiguration(seed: run.seed)
            let folder = try LabelledImages.folder(options.dataset)
            training = try LabelledImages(folder: folder, split: .train)
            test = try LabelledImages(folder: folder, split: .test).prefix(run.images)
        }
        if let epochs { configuration.epochs = epochs }
        if let learningRate { configuration.learningRate = Float(learningRate) }
        if let clipSigma { configuration.weightClipSigma = Float(clipSigma) }
        var rangeScaling: WeightRangeScaling?
        if hardwareAware {
            let range = try weightRange ?? HardwareAwareNoise.defaultWeightRange(for: run)
            if range > 0 {
                rangeScaling = try WeightRangeScaling(network, range: range, clipSigma: configuration.weightClipSigma)
                network = rangeScaling!.network
            }
            noise = try HardwareAwareNoise(
                configuration: run, network: network, effects: effects(), noiseScale: noiseScale ?? 1,
                readTime: readTimeDistribution(default: run.driftTimeSeconds), seed: run.seed,
                calibrationImages: training.images.slice(0..<min(run.calibrationImages, training.count)))
        }
        let baseName = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        let outURL = URL(fileURLWithPath: out ?? (hardwareAware ? "\(baseName)-hwa.onnx" : "\(baseName).onnx"))
        _ = try OutputFolder(outURL.deletingLastPathComponent())  // fail now, not after training
        if !json {
            print(
                "Training \(name)\(noise.map { " hardware-aware for \(run.devicePreset) on \(run.architecture) (\($0.effects.sorted().map(\.rawValue).joined(separator: ", ")))" } ?? "") on \(training.count) images "
                    + "for \(configuration.epochs) epochs (learning rate \(configuration.learningRate), seed \(run.seed))"
                    + (rangeScaling.map { ", weights scaled to ±\($0.range) (layers ×\($0.layerScales.map { Format.fixed($0, 3) }.joined(separator: ", ×")))" } ?? ""))
            fflush(nil)
        }
        let progress = ProgressLine("steps")
        var evaluationSeconds = 0.0
        let start = Stopwatch.now()
        var accuracy = 0.0
        var trained = try Trainer(configuration: configuration).train(
            network, on: training, threads: threads, outputScale: Float(rangeScaling?.logitScale ?? 1),
            parameterScales: rangeScaling?.parameterScales,
            forwardPass: { current, step in try noise?.chipForward(current, step: step, threads: threads) ?? (current, nil) },
            afterStep: { done, total in progress.update(done, of: total) },
            afterEpoch: { report, current in
                let evaluationStart = Stopwatch.now()
                accuracy = Classification.accuracy(Classification.predictions(try current.outputs(for: test.images)), labels: test.labels)
                evaluationSeconds += Stopwatch.now() - evaluationStart
                if !json {
                    progress.finish()
                    print(
                        "epoch \(report.epoch)/\(configuration.epochs)  loss \(Format.fixed(report.meanLoss, 4))  "
                            + "lr \(Format.fixed(Double(report.learningRate), 4))  float test accuracy \(Format.fixed(accuracy * 100, 2)) %  "
                            + "(\(Format.fixed(Stopwatch.now() - start, 1)) s)")
                    fflush(nil)  // show progress at once even when stdout is a file
                }
            })
        progress.finish()
        let seconds = Stopwatch.now() - start - evaluationSeconds
        if let noise {
            trained.metadata = network.metadata.merging(
                noise.metadata(training: configuration, startedFrom: name, rangeScaling: rangeScaling)) { _, new in new }
        }
        try ONNXFile.write(trained, to: outURL)
        let perMinute = Double(configuration.epochs) / (seconds / 60)
        if json {
            try JSONOutput.print(
                Result(
                    network: name, hardwareAware: hardwareAware, epochs: configuration.epochs, learningRate: configuration.learningRate, seed: run.seed,
                    trainingImages: training.count, testAccuracy: accuracy, trainingSeconds: seconds, epochsPerMinute: perMinute,
                    metadata: trained.metadata, out: outURL.path))
        } else {
            print(
                "Float test accuracy \(Format.fixed(accuracy * 100, 2)) % after \(Format.fixed(seconds, 1)) s of training "
                    + "(\(Format.fixed(perMinute, 2)) epochs per minute); wrote \(outURL.path)")
        }
    }
}
