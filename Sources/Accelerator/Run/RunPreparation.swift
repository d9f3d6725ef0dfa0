import Device
import Foundation
import Network
import Numerics

/// Everything of a run that does not depend on its read-time settings (``RunConfiguration/readTimePaths``):
/// the dataset, the quantized network with its float and digital predictions, the mapping and
/// the programmed chip. ``run(_:threads:progress:)`` then reads the chip and reports; a sweep
/// over drift times or read noise programs one chip and runs it many times.
public struct RunPreparation: Sendable {
    /// The configuration the preparation was made from.
    public let configuration: RunConfiguration
    /// The ONNX file of the network.
    public let modelFile: URL
    /// The quantized network (the digital baseline).
    public let network: QuantizedNetwork
    /// The test images run, shaped as the network's input.
    public let images: Tensor<Float>
    /// Their labels.
    public let labels: [Int]
    /// The training images used for calibration.
    public let calibrationImages: Tensor<Float>
    /// The device the arrays are programmed with.
    public let device: any MemoryDevice
    /// The network on the architecture.
    public let mapping: Mapping
    /// The programmed chip.
    public let chip: ProgrammedChip
    /// Predictions of the float network.
    public let floatPredictions: [Int]
    /// Predictions of the digital integer baseline.
    public let digitalPredictions: [Int]
    /// Wall-clock seconds spent programming the chip (simulation time, not the chip's).
    public let programmingSimulationSeconds: Double
    /// Wall-clock seconds spent on the float and digital baselines.
    public let baselineSimulationSeconds: Double

    /// Loads, quantizes, maps and programs what `configuration` describes, on `threads` threads.
    public init(_ configuration: RunConfiguration, threads: Int? = nil) throws {
        let (modelFile, float, network, calibrationImages) = try Self.network(for: configuration)
        let folder = try Self.datasetFolder(configuration)
        let test = try LabelledImages(folder: folder, split: .test)
        guard configuration.images <= test.count else {
            throw RunConfigurationError.outOfRange(
                path: "images", value: "\(configuration.images)", allowed: "1...\(test.count) (the test images of \(folder.path))")
        }
        let evaluated = test.prefix(configuration.images)
        let images = try evaluated.images(shapedAs: float.inputShape)
        var start = Self.now()
        let floatOutputs = try float.outputs(for: images, threads: threads)
        let digitalOutputs = try network.outputs(for: images, multiplier: DigitalMatrixMultiplier(), threads: threads)
        baselineSimulationSeconds = Self.now() - start
        start = Self.now()
        let (device, mapping, chip) = try Self.program(network, configuration, threads: threads)
        self.chip = chip
        programmingSimulationSeconds = Self.now() - start
        self.configuration = configuration
        self.modelFile = modelFile
        self.network = network
        self.images = images
        labels = evaluated.labels
        self.calibrationImages = calibrationImages
        self.device = device
        self.mapping = mapping
        floatPredictions = Classification.predictions(floatOutputs)
        digitalPredictions = Classification.predictions(digitalOutputs)
    }

    /// The network `configuration` names (a bundled model or an ONNX file), float and quantized
    /// as it says, calibrated on its calibration images (the first training images).
    public static func network(for configuration: RunConfiguration) throws
        -> (modelFile: URL, float: Network, quantized: QuantizedNetwork, calibrationImages: Tensor<Float>)
    {
        let modelFile = try ModelArchitecture.modelFile(configuration.network)
        let float = try ONNXFile.read(contentsOf: modelFile)
        let calibration = try LabelledImages(folder: datasetFolder(configuration), split: .train).prefix(configuration.calibrationImages)
        let calibrationImages = try calibration.images(shapedAs: float.inputShape)
        let quantized = try QuantizedNetwork(
            quantizing: float, calibrationImages: calibrationImages,
            settings: QuantizationSettings(weightBits: configuration.weightBits, activationBits: configuration.inputBits))
        return (modelFile, float, quantized, calibrationImages)
    }

    /// `network` mapped onto the architecture `configuration` describes and programmed on its
    /// device with its seed, on `threads` threads.
    public static func program(_ network: QuantizedNetwork, _ configuration: RunConfiguration, threads: Int? = nil) throws
        -> (device: any MemoryDevice, mapping: Mapping, chip: ProgrammedChip)
    {
        let device = try configuration.makeDevice()
        let mapping = try Mapping(network: network, architecture: configuration.architectureSpec())
        let chip = try ProgrammedChip(network: network, mapping: mapping, device: device, seed: configuration.seed, threads: threads)
        return (device, mapping, chip)
    }

    /// The dataset folder: the bundled MNIST for `mnist`, else the path.
    static func datasetFolder(_ configuration: RunConfiguration) throws -> URL {
        try LabelledImages.folder(configuration.dataset == "mnist" ? nil : configuration.dataset)
    }

    /// Calibration images the ADC ranges are set from (under a calibrated range policy).
    public static let adcCalibrationImages = 100

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
            throw RunConfigurationError.rejected(
                path: "(configuration)", reason: "differs from the prepared one in more than \(RunConfiguration.readTimePaths.joined(separator: ", "))")
        }
        let start = Self.now()
        let settings = try ChipReadout.Settings(configuration: configuration)
        var calibrationInputs: [Matrix<Int16>]?
        if settings.adc.rangePolicy.needsCalibration {
            let count = min(Self.adcCalibrationImages, calibrationImages.batchSize)
            let recorded = try network.forward(calibrationImages.slice(0..<count), multiplier: DigitalMatrixMultiplier(threads: threads), recording: true)
            calibrationInputs = network.matrixLayers.map { $0.inputMatrix(recorded.activations[$0.inputValue]!) }
        }
        let readout = try ChipReadout(chip: chip, network: network, settings: settings, calibrationInputs: calibrationInputs, threads: threads)
        let readoutSeconds = Self.now() - start
        let (outputs, records) = try network.run(
            images, multiplier: AnalogMatrixMultiplier(readout: readout), batchSize: Self.batchSize, threads: threads, progress: progress)
        let passSeconds = Self.now() - start - readoutSeconds
        let ledger = ChipLedger(network: network, mapping: mapping, matrixLedgers: LayerLedger.totals(records), images: images.batchSize)
        let performance = PerformanceEstimate(mapping: mapping, ledger: ledger, network: network)
        let cost = try RunCost.price(ledger, mapping: mapping, device: device, network: network, performance: performance)
        return RunReport(
            preparation: self, configuration: configuration, analogPredictions: Classification.predictions(outputs), ledger: ledger,
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
