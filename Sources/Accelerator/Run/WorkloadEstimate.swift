import DataFiles
import Device
import Foundation
import Network

/// Energy, latency, throughput and area of a network on an architecture estimated from the
/// mapping alone — no images, no programming — at full activity (``ChipLedger/init(fullActivityOf:mapping:images:cellReadJoules:)``),
/// the way ISAAC evaluates its benchmarks: Table I's powers over the pipeline's time (Shafiee
/// et al., ISCA 2016, §VI). It prices networks too large to simulate and puts every
/// architecture on one footing; a run with images measures the data-dependent savings instead.
///
/// A network whose single copy needs more tiles than a chip has runs on a board of n chips,
/// at least n = ⌈tiles / tiles per chip⌉ (a larger board can be asked for, to compare networks
/// at the same area): the architecture with n times the tiles and n times the off-chip links
/// (each chip keeps its own), mapped and replicated over the board. Traffic between the board's
/// chips is priced as on-chip router hops, an optimistic simplification.
///
/// The image count sets how far the pipeline is filled: energy counts the leakage of the powered
/// tiles over ``PerformanceEstimate/runSeconds(images:)``, so at many images the figures are the
/// pipeline's steady state (one image per slowest stage) and at one image a single inference's.
public struct WorkloadEstimate: Sendable {
    /// The network as reports name it.
    public let networkName: String
    /// Chips of the board the network runs on.
    public let chips: Int
    /// The network on the board.
    public let mapping: Mapping
    /// Latency and throughput.
    public let performance: PerformanceEstimate
    /// Energy and area, with the digital baseline.
    public let cost: RunCost
    /// Inferences the estimate covers.
    public let images: Int
    /// Images entering the pipeline back to back that ``batchLatencySeconds`` is given for.
    public let batchSize: Int

    /// The estimate of `images` inferences of `network` (named `networkName`) on `architecture`,
    /// its arrays made of `device` (`nil`: the architecture's published array figures), with
    /// leakage fraction λ and the digital `baseline` of the same network (`baselineBatchSize`
    /// images sharing each of its weight fetches), on a board of
    /// `requested` chips (default: the fewest that hold one copy). The network gives the
    /// structure (layer shapes, poolings); the precision is the architecture's weight and input
    /// bits, on the chip and on the baseline alike, so a network can be priced at a precision its
    /// Int32 integer pass cannot run (ISAAC's 16 × 16 bits). `batchSize` images entering the
    /// pipeline back to back set ``batchLatencySeconds``.
    public init(
        network: QuantizedNetwork, networkName: String, architecture: ArchitectureSpec, device: (any MemoryDevice)?, images: Int,
        chips requested: Int? = nil, leakageFraction: Double = ChipCostModel.defaultLeakageFraction,
        baseline: DigitalBaselineKind = .macArray, baselineBatchSize: Int = 1, batchSize: Int = 1
    ) throws {
        try CostModelError.require(images, in: 1...1_000_000_000, owner: "WorkloadEstimate", field: "images")
        try CostModelError.require(batchSize, in: 1...1_000_000, owner: "WorkloadEstimate", field: "batchSize")
        let shapes = network.matrixLayers.map(MatrixLayerShape.init)
        let single = try Mapping(layers: shapes, architecture: architecture)
        let needed = (single.tiles + architecture.tilesPerChip - 1) / architecture.tilesPerChip
        if let requested { try CostModelError.require(requested, in: needed...100_000, owner: "WorkloadEstimate", field: "chips") }
        let chips = requested ?? needed
        let board = chips == 1 ? architecture : try architecture.overriding(
            ["tilesPerChip": .number(Double(chips * architecture.tilesPerChip)), "offChipLinks": .number(Double(chips * architecture.offChipLinks))],
            origin: "a board of \(chips) chips")
        let mapping = chips == 1 ? single : try Mapping(layers: shapes, architecture: board)
        let model = try ChipCostModel(architecture: board, device: device, leakageFraction: leakageFraction)
        let cellRead = model.component(pricing: .cellRead).flatMap { model.components[$0]!.energyPerActionJoules[.cellRead] } ?? 0
        let ledger = try ChipLedger(fullActivityOf: network, mapping: mapping, images: images, cellReadJoules: cellRead)
        let performance = PerformanceEstimate(mapping: mapping, ledger: ledger, network: network)
        let poweredTiles = min(board.tilesPerChip, mapping.replicatedTiles)
        let energy = try model.price(ledger.steps, images: images, runSeconds: performance.runSeconds(images: images), poweredTiles: poweredTiles)
        let digital = try baseline.estimate(
            NetworkWorkload(network).atPrecision(weightBits: architecture.weightBits, inputBits: architecture.inputBits), matching: board,
            leakageFraction: leakageFraction, batchSize: baselineBatchSize)
        self.networkName = networkName
        self.chips = chips
        self.mapping = mapping
        self.performance = performance
        self.images = images
        self.batchSize = batchSize
        cost = RunCost(
            energy: energy, rollUp: model.rollUp(), digital: digital, poweredTiles: poweredTiles,
            ioComponent: model.component(pricing: .offChipBitTransfer))
    }

    /// The estimate of what `configuration` describes (network, architecture and its settings,
    /// images, digital baseline) at `precision` (``structure(of:precision:)``), with `device` in the arrays (`nil`:
    /// the architecture's published array figures), on a board of `chips` chips (default: the
    /// fewest that hold the network).
    public init(
        configuration: RunConfiguration, precision: (weightBits: Int, inputBits: Int)? = nil, device: (any MemoryDevice)?,
        chips: Int? = nil
    ) throws {
        self = try Self.estimate(configuration, structure: Self.structure(of: configuration, precision: precision), device: device, chips: chips)
    }

    /// The estimate of `configuration`'s images and baseline on `structure`'s network and
    /// architecture, on a board of `chips` chips.
    private static func estimate(
        _ configuration: RunConfiguration, structure: (name: String, network: QuantizedNetwork, architecture: ArchitectureSpec),
        device: (any MemoryDevice)?, chips: Int?
    ) throws -> WorkloadEstimate {
        try WorkloadEstimate(
            network: structure.network, networkName: structure.name, architecture: structure.architecture, device: device,
            images: configuration.images, chips: chips, baseline: configuration.baselineKind, baselineBatchSize: configuration.baselineBatchSize,
            batchSize: configuration.pipelineBatchSize)
    }

    /// The estimate of ``init(configuration:precision:device:chips:)`` on the board whose area
    /// is closest to its digital baseline's (at least the fewest chips that hold the network):
    /// the two compared at the same silicon, as ISAAC sets itself beside DaDianNao (Shafiee et
    /// al., ISCA 2016, §VIII), so that the ratio of throughputs is that of throughput per area.
    public static func atBaselineArea(
        configuration: RunConfiguration, precision: (weightBits: Int, inputBits: Int)? = nil, device: (any MemoryDevice)?
    ) throws -> WorkloadEstimate {
        // The network is quantized once for both boards (a VGG's structure pass takes seconds).
        let structure = try structure(of: configuration, precision: precision)
        let fewest = try estimate(configuration, structure: structure, device: device, chips: nil)
        let chipArea = fewest.areaSquareMetres / Double(fewest.chips)
        let chips = max(fewest.chips, Int((fewest.cost.digital.areaSquareMetres / chipArea).rounded()))
        return chips == fewest.chips ? fewest : try estimate(configuration, structure: structure, device: device, chips: chips)
    }

    /// The network `configuration` names, quantized at 8 bits for its structure (its Int32
    /// integer pass always holds them), reported by file name, and the architecture the
    /// configuration runs with its weight and input bits set to `precision` (default: the
    /// configuration's).
    public static func structure(of configuration: RunConfiguration, precision: (weightBits: Int, inputBits: Int)? = nil) throws
        -> (name: String, network: QuantizedNetwork, architecture: ArchitectureSpec)
    {
        let structure = try configuration.setting(8, at: "weights.bits").setting(8, at: "inputs.bits")
        let (name, network) = try RunPreparation.shapeNetwork(structure)
        let bits = precision ?? (configuration.weightBits, configuration.inputBits)
        let architecture = try structure.architectureSpec().overriding(
            ["weightBits": .number(Double(bits.weightBits)), "inputBits": .number(Double(bits.inputBits))], origin: "estimate precision")
        return (URL(fileURLWithPath: name).lastPathComponent, network, architecture)
    }

    /// Operations per inference: 2 per multiply-accumulate of the network.
    public var operationsPerInference: Double { 2 * Double(mapping.multiplyAccumulates) }
    /// Inferences per second with the pipeline full.
    public var throughputInferencesPerSecond: Double { performance.throughputInferencesPerSecond }
    /// Latency of a batch of ``batchSize`` images, L₁ + (B − 1)·T_max, seconds.
    public var batchLatencySeconds: Double { performance.runSeconds(images: batchSize) }
    /// Inferences per second of a batch of ``batchSize`` images.
    public var batchThroughputInferencesPerSecond: Double { performance.batchThroughputInferencesPerSecond(batchSize: batchSize) }
    /// Operations per second with the pipeline full.
    public var operationsPerSecond: Double { operationsPerInference * throughputInferencesPerSecond }
    /// Area of the board, square metres.
    public var areaSquareMetres: Double { cost.areaSquareMetres }
    /// Operations per second per square millimetre of the board (computational density on the workload).
    public var operationsPerSecondPerSquareMillimetre: Double { operationsPerSecond / (areaSquareMetres * 1e6) }
    /// Operations per joule, energy with I/O.
    public var operationsPerJoule: Double { operationsPerInference / cost.energyPerInferenceJoules }
    /// Operations per joule, on-chip energy.
    public var onChipOperationsPerJoule: Double { operationsPerInference / cost.onChipEnergyPerInferenceJoules }

    /// The estimate as JSON: `network`, `chips`, `images`, `multiplyAccumulatesPerInference`,
    /// `operationsPerInference`, `throughputInferencesPerSecond`, `latencySeconds` (batch 1),
    /// `batch` {`size`, `latencySeconds`, `throughputInferencesPerSecond`},
    /// `energyPerInferenceJoules` (with I/O), `onChipEnergyPerInferenceJoules`,
    /// `ioEnergyPerInferenceJoules`, `energyByComponentJoules`, `areaSquareMillimetres`,
    /// `poweredTiles`, `opsPerSecondPerSquareMillimetre`, `opsPerJoule`, `onChipOpsPerJoule`,
    /// `digital` {`name`, `energyPerInferenceJoules`, `energyByComponentJoules`, `onChipEnergyPerInferenceJoules`,
    /// `latencySeconds`, `areaSquareMillimetres`}, and `architecture` (name).
    public var json: JSONValue {
        let d = cost.digital
        return [
            "network": .string(networkName), "architecture": .string(mapping.architecture.name), "chips": .number(Double(chips)),
            "images": .number(Double(images)), "multiplyAccumulatesPerInference": .number(Double(mapping.multiplyAccumulates)),
            "operationsPerInference": .number(operationsPerInference),
            "throughputInferencesPerSecond": .number(throughputInferencesPerSecond), "latencySeconds": .number(performance.latencySeconds),
            "batch": [
                "size": .number(Double(batchSize)), "latencySeconds": .number(batchLatencySeconds),
                "throughputInferencesPerSecond": .number(batchThroughputInferencesPerSecond),
            ],
            "energyPerInferenceJoules": .number(cost.energyPerInferenceJoules),
            "onChipEnergyPerInferenceJoules": .number(cost.onChipEnergyPerInferenceJoules),
            "ioEnergyPerInferenceJoules": .number(cost.ioEnergyPerInferenceJoules),
            "energyByComponentJoules": .object(cost.energyByComponentJoules.mapValues { .number($0) }),
            "areaSquareMillimetres": .number(areaSquareMetres * 1e6), "poweredTiles": .number(Double(cost.poweredTiles)),
            "opsPerSecondPerSquareMillimetre": .number(operationsPerSecondPerSquareMillimetre), "opsPerJoule": .number(operationsPerJoule),
            "onChipOpsPerJoule": .number(onChipOperationsPerJoule),
            "digital": [
                "name": .string(d.name), "energyPerInferenceJoules": .number(d.energyPerInferenceJoules),
                "energyByComponentJoules": .object(d.energyByComponentJoules.mapValues { .number($0) }),
                "onChipEnergyPerInferenceJoules": .number(d.onChipEnergyPerInferenceJoules),
                "latencySeconds": .number(d.latencyPerInferenceSeconds), "areaSquareMillimetres": .number(d.areaSquareMetres * 1e6),
            ],
        ]
    }
}
