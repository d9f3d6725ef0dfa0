import DataFiles
import Device
import Foundation
import Network
import Numerics

/// Everything of a run that does not depend on its read-time settings (``RunConfiguration/readTimePaths``):
/// the dataset, the quantized network with its float and digital predictions, the mapping, the
/// programmed chip and its ADC ranges calibrated after programming. ``run(_:threads:progress:)``
/// then reads the chip and reports; a sweep over drift times or read noise programs one chip,
/// calibrates it once and runs it many times.
public struct RunPreparation: Sendable {
    /// The configuration the preparation was made from.
    public let configuration: RunConfiguration
    /// The network as reports name it: a zoo architecture's name, else the ONNX file's path
    /// (a bundled model's file under `Experiments/models`).
    public let networkName: String
    /// The quantized network (the digital baseline).
    public let network: QuantizedNetwork
    /// The float network's ``Network/metadata`` (an ONNX file's `metadata_props`, e.g. how it
    /// was trained: ``HardwareAwareNoise/summary(_:)``).
    public let networkMetadata: [String: String]
    /// The dataset the images come from.
    public let dataset: ImageDataset
    /// The test images run, shaped as the network's input.
    public let images: Tensor<Float>
    /// Their labels.
    public let labels: [Int]
    /// The images used for calibration.
    public let calibrationImages: Tensor<Float>
    /// Where they come from: the dataset's training split, or its first test images when it has none.
    public let calibrationSource: ImageDataset.CalibrationSource
    /// The device the arrays are programmed with.
    public let device: any MemoryDevice
    /// The network on the architecture.
    public let mapping: Mapping
    /// The programmed chip.
    public let chip: ProgrammedChip
    /// The float weights on aihwkit analog tiles, when the architecture's `executionModel` is
    /// `analogTile`: its pass gives the run's analog predictions, while the bit-sliced pass of
    /// ``chip`` gives the ledger, energy and latency (aihwkit has no cost model).
    public let tileChip: AnalogTileChip?
    /// The chip's ADC ranges fitted right after programming, under a calibrated range policy
    /// (``ADCCalibration``): every read time of the chip uses them unless it recalibrates.
    public let adcCalibration: ADCCalibration?
    /// Logits of the float network, `[images, classes]`.
    public let floatLogits: Tensor<Float>
    /// Logits of the digital integer baseline, `[images, classes]`.
    public let digitalLogits: Tensor<Float>
    /// Wall-clock seconds spent programming the chip (simulation time, not the chip's).
    public let programmingSimulationSeconds: Double
    /// Wall-clock seconds spent on the float and digital baselines.
    public let baselineSimulationSeconds: Double

    /// Predictions of the float network.
    public var floatPredictions: [Int] { Classification.predictions(floatLogits) }
    /// Predictions of the digital integer baseline.
    public var digitalPredictions: [Int] { Classification.predictions(digitalLogits) }

    /// Loads, quantizes, maps and programs what `configuration` describes, on `threads` threads;
    /// `programmingProgress` is called with (arrays programmed, arrays) as arrays finish, from any
    /// thread.
    public init(
        _ configuration: RunConfiguration, threads: Int? = nil, programmingProgress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws {
        let (networkName, float) = try Self.floatNetwork(configuration)
        let dataset = try Self.dataset(configuration)
        guard configuration.images <= dataset.test.count else {
            throw RunConfigurationError.outOfRange(
                path: "images", value: "\(configuration.images)", allowed: "1...\(dataset.test.count) (the test images of \(dataset.folder.path))")
        }
        let evaluated = dataset.test.prefix(configuration.images)
        try evaluated.checkLabels(classes: float.outputShape.reduce(1, *), source: dataset.labelFile)
        let images = try evaluated.images(shapedAs: float.inputShape)
        let (calibration, calibrationSource) = try dataset.calibrationImages(count: configuration.calibrationImages)
        let calibrationImages = try calibration.images(shapedAs: float.inputShape)
        let network = try Self.quantize(float, configuration, calibrationImages: calibrationImages)
        var start = Self.now()
        floatLogits = try float.outputs(for: images, threads: threads)
        digitalLogits = try network.outputs(for: images, multiplier: DigitalMatrixMultiplier(), threads: threads)
        baselineSimulationSeconds = Self.now() - start
        start = Self.now()
        let (device, mapping, chip) = try Self.program(network, configuration, threads: threads, progress: programmingProgress)
        self.chip = chip
        let architecture = try configuration.architectureSpec()
        tileChip = architecture.executionModel == .analogTile
            ? try AnalogTileChip(network: float, architecture: architecture, device: device, seed: configuration.seed) : nil
        programmingSimulationSeconds = Self.now() - start
        let settings = try ChipReadout.Settings(configuration: configuration)
        adcCalibration = settings.adc.rangePolicy.needsCalibration
            ? try ChipReadout.calibrate(
                chip: chip, network: network, settings: settings,
                calibrationInputs: Self.layerCalibrationInputs(network, calibrationImages, threads: threads), threads: threads)
            : nil
        self.configuration = configuration
        self.networkName = networkName
        networkMetadata = float.metadata
        self.network = network
        self.dataset = dataset
        self.images = images
        labels = evaluated.labels
        self.calibrationImages = calibrationImages
        self.calibrationSource = calibrationSource
        self.device = device
        self.mapping = mapping
    }

    /// The float network `configuration` names — a zoo architecture (weights from the
    /// configuration's seed), a bundled model or an ONNX file — with the name reports give it.
    public static func floatNetwork(_ configuration: RunConfiguration) throws -> (name: String, network: Network) {
        let float = try ModelZoo.network(named: configuration.network, seed: configuration.seed)
        let name = ModelZoo(rawValue: configuration.network) != nil
            ? configuration.network : ProjectDirectory.reportedPath(try ModelArchitecture.modelFile(configuration.network))
        return (name, float)
    }

    /// `float` quantized to the configuration's bits, activation scales calibrated on `calibrationImages`.
    static func quantize(_ float: Network, _ configuration: RunConfiguration, calibrationImages: Tensor<Float>) throws -> QuantizedNetwork {
        try QuantizedNetwork(
            quantizing: float, calibrationImages: calibrationImages,
            settings: QuantizationSettings(weightBits: configuration.weightBits, activationBits: configuration.inputBits))
    }

    /// The network `configuration` names, quantized for mapping and costing without a dataset:
    /// the input shape comes from the graph, and the activation scales are calibrated on one
    /// image of uniform [0, 1) pixels drawn from the configuration's seed. Only the layers'
    /// shapes, the bit widths and the integer weights (per-channel scales from the weights
    /// alone) matter to the mapping, the cost and the programming, so they do not depend on it.
    public static func shapeNetwork(_ configuration: RunConfiguration) throws -> (name: String, quantized: QuantizedNetwork) {
        let (name, float) = try floatNetwork(configuration)
        var random = RandomStream(seed: configuration.seed, key: "shape-calibration image")
        let count = float.inputShape.reduce(1, *)
        let image = Tensor<Float>(shape: [1] + float.inputShape, elements: (0..<count).map { _ in Float.random(in: 0..<1, using: &random) })
        return (name, try quantize(float, configuration, calibrationImages: image))
    }

    /// `network` mapped onto the architecture `configuration` describes and programmed on its
    /// device with its seed, on `threads` threads; `progress` is called with (arrays programmed,
    /// arrays) as arrays finish.
    public static func program(
        _ network: QuantizedNetwork, _ configuration: RunConfiguration, threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> (device: any MemoryDevice, mapping: Mapping, chip: ProgrammedChip) {
        let device = try configuration.makeDevice()
        let mapping = try Mapping(network: network, architecture: configuration.architectureSpec())
        let chip = try ProgrammedChip(
            network: network, mapping: mapping, device: device, seed: configuration.seed, threads: threads, progress: progress)
        return (device, mapping, chip)
    }

    /// The dataset: the bundled MNIST for `mnist`, else the folder (MNIST IDX, CIFAR-10/100 or NPY).
    static func dataset(_ configuration: RunConfiguration) throws -> ImageDataset {
        try ImageDataset.open(path: configuration.dataset == "mnist" ? nil : configuration.dataset)
    }

    /// Calibration images the ADC ranges are set from (under a calibrated range policy).
    public static let adcCalibrationImages = 100

    /// Each matrix layer's input matrix over the first ``adcCalibrationImages`` calibration
    /// images, from the digital baseline: what calibrated ADC ranges are fitted on.
    static func layerCalibrationInputs(_ network: QuantizedNetwork, _ calibrationImages: Tensor<Float>, threads: Int?) throws -> [Matrix<Int16>] {
        let count = min(adcCalibrationImages, calibrationImages.batchSize)
        let recorded = try network.forward(calibrationImages.slice(0..<count), multiplier: DigitalMatrixMultiplier(threads: threads), recording: true)
        return network.matrixLayers.map { $0.inputMatrix(recorded.activations[$0.inputValue]!) }
    }

    /// Images per batch of the analog pass (results do not depend on it).
    static let batchSize = 100

    /// Runs the images through the chip read as `configuration` says; `configuration` may differ
    /// from the preparation's only at ``RunConfiguration/readTimePaths``. `progress` is called
    /// with (images done, images) as batches finish, from any thread.
    public func run(
        _ configuration: RunConfiguration, threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> RunReport {
        var other = configuration.json
        var own = self.configuration.json
        for path in RunConfiguration.readTimePaths {
            other.removeValue(at: path)
            own.removeValue(at: path)
        }
        guard other == own else {
            let mine = Dictionary(own.flattened().map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
            let theirs = Dictionary(other.flattened().map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
            let differing = Set(mine.keys).union(theirs.keys).sorted().first { mine[$0] != theirs[$0] } ?? "(configuration)"
            throw RunConfigurationError.rejected(
                path: differing,
                reason: "differs from the prepared configuration, which a run may change only in \(RunConfiguration.readTimePaths.joined(separator: ", "))")
        }
        let start = Self.now()
        let settings = try ChipReadout.Settings(configuration: configuration)
        let recalibrates = settings.adc.rangePolicy.needsCalibration && settings.recalibratesAtReadTime
        let readout = try ChipReadout(
            chip: chip, network: network, settings: settings,
            calibrationInputs: recalibrates ? Self.layerCalibrationInputs(network, calibrationImages, threads: threads) : nil,
            calibration: adcCalibration, threads: threads)
        let readoutSeconds = Self.now() - start
        let (outputs, records) = try network.run(
            images, multiplier: AnalogMatrixMultiplier(readout: readout), batchSize: Self.batchSize, threads: threads, progress: progress)
        var analogLogits = outputs
        if let tileChip {
            let tiles = AnalogTileReadout(
                chip: tileChip, atSeconds: configuration.driftTimeSeconds, readNoise: configuration.readNoise,
                driftCompensation: configuration.driftCompensation)
            analogLogits = try tileChip.network.outputs(for: images, multiplier: tiles, batchSize: Self.batchSize, threads: threads)
        }
        let passSeconds = Self.now() - start - readoutSeconds
        let ledger = ChipLedger(network: network, mapping: mapping, matrixLedgers: LayerLedger.totals(records), images: images.batchSize)
        let performance = PerformanceEstimate(mapping: mapping, ledger: ledger, network: network)
        let cost = try RunCost.price(
            ledger, mapping: mapping, device: device, network: network, performance: performance, baseline: configuration.baselineKind,
            batchSize: configuration.baselineBatchSize)
        return RunReport(
            preparation: self, configuration: configuration, analogLogits: analogLogits, ledger: ledger,
            warnings: Self.warnings(readout),
            performance: performance, cost: cost, programming: try ProgrammingCost(chip: chip), readoutSimulationSeconds: readoutSeconds, inferenceSimulationSeconds: passSeconds)
    }

    /// Settings that make the ADC lose most of the signal: a fixed range wider than the ADC
    /// resolves, or the offset encoding (whose result is a difference of two large converted
    /// values) without a lossless ADC; and a column wire that dominates its cells
    /// (``ColumnResistanceWarning``: STT-MRAM's 1.4 kΩ cells).
    static func warnings(_ readout: ChipReadout) -> [String] {
        let adc = readout.settings.adc
        let lossless = readout.layers.flatMap(\.cores).map(\.losslessADCBits).max() ?? 0
        var warnings: [String] = []
        if let rows = readout.layers.first?.cores.first?.arrayRows,
            let wire = ColumnResistanceWarning(
                device: readout.chip.device, rows: rows, wireResistanceOhmsPerCell: readout.settings.wires.columnOhmsPerSegment)
        {
            warnings.append(wire.description)
        }
        guard adc.resolutionBits < lossless else { return warnings }
        if !adc.rangePolicy.needsCalibration {
            warnings.append(
                "the \(adc.resolutionBits)-bit ADC has a fixed range that needs \(lossless) bits to resolve every level sum; "
                    + "small column sums round to 0 (try adc.rangePolicy=calibrated)")
        }
        if readout.layers.contains(where: { $0.cores.first?.weights.hasUnitColumn ?? false }) {
            warnings.append(
                "the offset encoding subtracts 2^(W−1)·Σx digitally from converted column sums, so ADC errors are amplified "
                    + "unless the ADC is lossless (\(lossless) bits); weights.encoding=differential avoids this")
        }
        return warnings
    }

    /// Monotonic seconds.
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
}
