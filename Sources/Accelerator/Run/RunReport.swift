import Circuit
import DataFiles
import Device
import Network
import Numerics

/// The outcome of a run: accuracy of the analog chip against the digital integer baseline and
/// the float network on the same images, with energy, latency, throughput, area and the
/// one-time programming cost, and the items of the reporting checklist of Sze et al.,
/// "Efficient Processing of Deep Neural Networks: A Tutorial and Survey", Proc. IEEE 105(12),
/// 2017, §VIII (technology node, arrays and utilization, on-chip memory, batch size, latency and
/// throughput at that batch size, energy including off-chip traffic, area).
///
/// ``json(includingTiming:)`` keys (stable; energies per inference in joules):
/// - `accuracy` {`analog`, `digital`, `float`}: fractions of correct predictions;
/// - `agreement`: fraction of images whose analog prediction equals the digital one (top-1
///   agreement), and `logitRelativeRMSError`: RMS(analog − digital logits) / RMS(digital
///   logits) — the fidelity measures that stay meaningful when labels are not;
/// - `images`, `network` (the zoo architecture's name or the ONNX file), `dataset` {`folder`,
///   `format`}, `calibration` {`images`, `source`: `training split` or `evaluated images`},
///   `device` {`name`, `technology`};
/// - `energyPerInferenceJoules` (dynamic + static), `energyByComponentJoules` {`dac`, `array`,
///   `adc`, `sampleAndHold`, `shiftAdd`, `buffers`, `interconnect`, `digital`, and `columnMux`,
///   `rowDriver`, `accumulation` on chips with NeuroSim's periphery: J},
///   `energyByChipComponentJoules` {chip component: J}, `staticEnergyPerInferenceJoules`,
///   `energyByLayerJoules` {step: dynamic J};
/// - `onChipEnergyPerInferenceJoules` (everything but the off-chip links) and
///   `ioEnergyPerInferenceJoules` (the off-chip links: ``RunCost/ioComponent``), which add up to
///   `energyPerInferenceJoules`;
/// - `digital` {`name`, `energyPerInferenceJoules`, `onChipEnergyPerInferenceJoules`,
///   `ioEnergyPerInferenceJoules` and `ioComponent` (DRAM, or HyperTransport for DaDianNao),
///   `energyByComponentJoules`, `counts`, …}: the same quantized network on the digital
///   baseline `baseline.kind` picks (``DigitalBaselineEstimate``), and
///   `analogToDigitalEnergyRatio` (both with I/O) and `onChipAnalogToDigitalEnergyRatio`;
/// - `operationsPerInference` (2 per multiply-accumulate of the network), `topsPerWatt` (with
///   I/O), `onChipTopsPerWatt`;
/// - `latencyPerInferenceSeconds` (batch size 1), `throughputInferencesPerSecond` (pipelined),
///   `stages` [{`name`, `secondsPerImage`, `sliceSeconds`, `slicesPerVector`, `replication`}],
///   `batch` {`size` (`pipeline.batchSize`), `latencySeconds` (L₁ + (B − 1)·T_max),
///   `throughputInferencesPerSecond` (B / that)} (``PerformanceEstimate/runSeconds(images:)``);
/// - `areaSquareMillimetres` (the chip), `poweredAreaSquareMillimetres` (the tiles the run powers),
///   `chip` {`peakPowerWatts`, `peakTopsPerWatt`, `tiles`, `poweredTiles`};
/// - `mapping` {`arrays`, `tiles`, `imas`, `utilization`, `fitsChip`, …, `layers` […]} (``Mapping/json``);
/// - `architecture` {`name`, `file`, `parameters` {key: value}, `overriddenKeys`}: the architecture
///   as run (``ArchitectureSpec/json``);
/// - `programming` (``ProgrammingCost``: `energyJoules`, `timeSeconds` (arrays in parallel),
///   `sequentialSeconds`, `pulses`, `cells`, `enduranceFractionUsed`, …, plus `faults`
///   {kind: cells} and `unverifiedCells`) for every array copy on the chip;
/// - `adc` {`conversions`, `clippedConversions`};
/// - `ledger` {step: {`actions` {action: count}, `arrayReadEnergyJoules`, `vectors`,
///   `convertedSlices`, `sliceMultiplyAccumulates`, `computedMultiplyAccumulates`,
///   `networkMultiplyAccumulates`}};
/// - `checklist` {`technologyNodeMetres`, `arrays`, `utilization`, `onChipMemoryBytes`,
///   `weightBytes`, `batchSize`, `latencySeconds`, `throughputInferencesPerSecond` (of the batch),
///   `energyIncludesOffChipTraffic`, `areaSquareMillimetres`};
/// - `warnings` [text]: settings that lose most of the signal (an ADC too coarse for its range);
/// - `configuration`: the full ``RunConfiguration/json``; `crossbarVersion`;
/// - when the network file carries ONNX `metadata_props`: `networkMetadata` {key: value} (a
///   hardware-aware-trained model's keys start with ``HardwareAwareNoise/metadataPrefix``);
/// - `training`: `"hardware-aware"` when the model's metadata says Crossbar trained it so, else
///   `"conventional"` (a model trained hardware-aware elsewhere carries no such record);
/// - with timing only: `timing` {`programmingSeconds`, `baselineSeconds`, `readoutSeconds`
///   (G_eff, sensed matrices, ADC ranges), `inferenceSeconds` (the analog pass), `imagesPerSecond`
///   (of the analog pass)} — wall-clock seconds of the simulation, not of the chip.
public struct RunReport: Sendable {
    /// The configuration run.
    public let configuration: RunConfiguration
    /// The preparation it ran on.
    public let preparation: RunPreparation
    /// Logits of the analog chip, `[images, classes]`.
    public let analogLogits: Tensor<Float>
    /// What the chip did.
    public let ledger: ChipLedger
    /// Settings that make the results poor for reasons a user may not expect.
    public let warnings: [String]
    /// Latency and throughput.
    public let performance: PerformanceEstimate
    /// Energy and area.
    public let cost: RunCost
    /// The write cost of every array copy on the chip.
    public let programming: ProgrammingCost
    /// Wall-clock seconds spent reading the programmed chip (G_eff, sensed matrices, ADC ranges).
    public let readoutSimulationSeconds: Double
    /// Wall-clock seconds of the analog pass over the images.
    public let inferenceSimulationSeconds: Double

    init(
        preparation: RunPreparation, configuration: RunConfiguration, analogLogits: Tensor<Float>, ledger: ChipLedger, warnings: [String],
        performance: PerformanceEstimate, cost: RunCost, programming: ProgrammingCost, readoutSimulationSeconds: Double,
        inferenceSimulationSeconds: Double
    ) {
        self.programming = programming
        self.readoutSimulationSeconds = readoutSimulationSeconds
        self.preparation = preparation
        self.configuration = configuration
        self.analogLogits = analogLogits
        self.ledger = ledger
        self.warnings = warnings
        self.performance = performance
        self.cost = cost
        self.inferenceSimulationSeconds = inferenceSimulationSeconds
    }

    /// Analog predictions, one per image.
    public var analogPredictions: [Int] { Classification.predictions(analogLogits) }
    /// Images run.
    public var images: Int { analogLogits.batchSize }
    /// Fraction of correct analog predictions.
    public var analogAccuracy: Double { Classification.accuracy(analogPredictions, labels: preparation.labels) }
    /// Fraction of correct digital predictions.
    public var digitalAccuracy: Double { Classification.accuracy(preparation.digitalPredictions, labels: preparation.labels) }
    /// Fraction of correct float predictions.
    public var floatAccuracy: Double { Classification.accuracy(preparation.floatPredictions, labels: preparation.labels) }
    /// Fraction of analog predictions equal to the digital ones.
    public var agreement: Double { Classification.agreement(analogPredictions, preparation.digitalPredictions) }
    /// RMS(analog − digital logits) / RMS(digital logits) over every image and class.
    public var logitRelativeRMSError: Double { Classification.relativeRMSError(analogLogits, reference: preparation.digitalLogits) }
    /// Operations per inference: 2 per multiply-accumulate of the network's Conv2D/Dense layers.
    public var operationsPerInference: Double {
        Double(preparation.mapping.multiplyAccumulates) * 2
    }
    /// Tera-operations per second per watt, I/O included: operations per joule / 10¹².
    public var topsPerWatt: Double { operationsPerInference / cost.energyPerInferenceJoules / 1e12 }
    /// Tera-operations per second per watt of the chip without its I/O.
    public var onChipTopsPerWatt: Double { operationsPerInference / cost.onChipEnergyPerInferenceJoules / 1e12 }
    /// On-chip memory of the tiles the mapping occupies (buffers and registers), bytes.
    public var onChipMemoryBytes: Int {
        let spec = preparation.mapping.architecture
        let perTile = spec.edramBytesPerTile + spec.bufferSubarrayBytesPerTile + spec.outputRegisterBytesPerTile
            + spec.imasPerTile * (spec.inputRegisterBytesPerIMA + spec.outputRegisterBytesPerIMA)
        return perTile * min(spec.tilesPerChip, preparation.mapping.replicatedTiles)
    }

    /// Images entering the pipeline back to back that the batch latency is given for
    /// (`pipeline.batchSize`).
    public var batchSize: Int { configuration.pipelineBatchSize }

    /// The report as JSON (see the type's key list); timing fields vary between runs.
    public func json(includingTiming: Bool) throws -> JSONValue {
        let mapping = preparation.mapping
        let totals = ledger.totalActions
        func number(_ value: Double) -> JSONValue { .number(value) }
        func count(_ value: Int) -> JSONValue { .number(Double(value)) }
        var energyByLayer: [String: JSONValue] = [:]
        for (name, joules) in cost.energyByLayerJoules { energyByLayer[name] = number(joules) }
        var ledgerJSON: [String: JSONValue] = [:]
        for step in ledger.steps {
            ledgerJSON[step.name] = [
                "actions": .object(Dictionary(uniqueKeysWithValues: step.actions.counts.map { ($0.key.rawValue, count($0.value)) })),
                "arrayReadEnergyJoules": number(step.arrayReadEnergyJoules), "vectors": count(step.vectors),
                "convertedSlices": count(step.convertedSlices), "sliceMultiplyAccumulates": count(step.sliceMultiplyAccumulates),
                "computedMultiplyAccumulates": count(step.computedMultiplyAccumulates),
                "networkMultiplyAccumulates": count(step.networkMultiplyAccumulates),
            ]
        }
        var programmingJSON = try JSONValue.encoding(programming)
        let faults = preparation.chip.faultCounts.filter { $0.key != .none }
        var tree: JSONValue = [
            "accuracy": ["analog": number(analogAccuracy), "digital": number(digitalAccuracy), "float": number(floatAccuracy)],
            "agreement": number(agreement), "logitRelativeRMSError": number(logitRelativeRMSError), "images": count(images),
            "network": .string(preparation.networkName),
            "dataset": [
                "folder": .string(ProjectDirectory.reportedPath(preparation.dataset.folder)), "format": .string(preparation.dataset.format.rawValue),
            ],
            "calibration": [
                "images": count(preparation.calibrationImages.batchSize), "source": .string(preparation.calibrationSource.rawValue),
            ],
            "device": ["name": .string(preparation.device.name), "technology": .string(preparation.device.technology.rawValue)],
            "energyPerInferenceJoules": number(cost.energyPerInferenceJoules),
            "onChipEnergyPerInferenceJoules": number(cost.onChipEnergyPerInferenceJoules),
            "ioEnergyPerInferenceJoules": number(cost.ioEnergyPerInferenceJoules),
            "energyByComponentJoules": .object(cost.energyByComponentJoules.mapValues(number)),
            "energyByChipComponentJoules": .object(cost.energyByChipComponentJoules.mapValues(number)),
            "staticEnergyPerInferenceJoules": number(cost.staticEnergyPerInferenceJoules),
            "energyByLayerJoules": .object(energyByLayer), "digital": try JSONValue.encoding(cost.digital),
            "analogToDigitalEnergyRatio": number(cost.analogToDigitalEnergyRatio),
            "onChipAnalogToDigitalEnergyRatio": number(cost.onChipAnalogToDigitalEnergyRatio),
            "operationsPerInference": number(operationsPerInference), "topsPerWatt": number(topsPerWatt),
            "onChipTopsPerWatt": number(onChipTopsPerWatt),
            "latencyPerInferenceSeconds": number(performance.latencySeconds),
            "throughputInferencesPerSecond": number(performance.throughputInferencesPerSecond),
            "stages": .array(performance.stages.map { stage in
                [
                    "name": .string(stage.name), "secondsPerImage": number(stage.seconds), "sliceSeconds": number(stage.sliceSeconds),
                    "slicesPerVector": number(stage.slicesPerVector), "replication": count(stage.replication),
                ]
            }),
            "batch": [
                "size": count(batchSize), "latencySeconds": number(performance.runSeconds(images: batchSize)),
                "throughputInferencesPerSecond": number(performance.batchThroughputInferencesPerSecond(batchSize: batchSize)),
            ],
            "areaSquareMillimetres": number(cost.areaSquareMetres * 1e6),
            "poweredAreaSquareMillimetres": number(cost.poweredAreaSquareMetres * 1e6),
            "chip": [
                "peakPowerWatts": number(cost.rollUp.chipPowerWatts), "peakTopsPerWatt": number(cost.rollUp.peakTopsPerWatt),
                "tiles": count(mapping.architecture.tilesPerChip), "poweredTiles": count(cost.poweredTiles),
            ],
            "mapping": mapping.json, "architecture": mapping.architecture.json,
            "adc": [
                "conversions": count(totals[.adcConversion]),
                "clippedConversions": count(ledger.steps.reduce(0) { $0 + $1.clippedConversions }),
            ],
            "ledger": .object(ledgerJSON),
            "checklist": [
                "technologyNodeMetres": number(mapping.architecture.technologyNodeMetres), "arrays": count(mapping.arrays),
                "utilization": number(mapping.utilization), "onChipMemoryBytes": count(onChipMemoryBytes),
                "weightBytes": number(mapping.weightBytes), "batchSize": count(batchSize),
                "latencySeconds": number(performance.runSeconds(images: batchSize)),
                "throughputInferencesPerSecond": number(performance.batchThroughputInferencesPerSecond(batchSize: batchSize)),
                "energyIncludesOffChipTraffic": .bool(cost.includesOffChipTraffic),
                "areaSquareMillimetres": number(cost.areaSquareMetres * 1e6),
            ],
            "warnings": .array(warnings.map(JSONValue.string)),
            "configuration": configuration.json, "crossbarVersion": .string(CrossbarVersion.current),
        ]
        try programmingJSON.set(.object(Dictionary(uniqueKeysWithValues: faults.map { ($0.key.rawValue, count($0.value)) })), at: "faults")
        try programmingJSON.set(count(preparation.chip.unverifiedCellCount), at: "unverifiedCells")
        try tree.set(programmingJSON, at: "programming")
        try tree.set(.string(HardwareAwareNoise.summary(preparation.networkMetadata) == nil ? "conventional" : "hardware-aware"), at: "training")
        if !preparation.networkMetadata.isEmpty {
            try tree.set(.object(preparation.networkMetadata.mapValues(JSONValue.string)), at: "networkMetadata")
        }
        if includingTiming {
            try tree.set(
                [
                    "programmingSeconds": number(preparation.programmingSimulationSeconds),
                    "baselineSeconds": number(preparation.baselineSimulationSeconds),
                    "readoutSeconds": number(readoutSimulationSeconds), "inferenceSeconds": number(inferenceSimulationSeconds),
                    "imagesPerSecond": number(Double(images) / inferenceSimulationSeconds),
                ], at: "timing")
        }
        return tree
    }
}
