import Accelerator
import DataFiles

/// `crossbar estimate`: a network's energy, latency, throughput and area on an architecture
/// from its mapping at full activity, next to the digital baseline, without images.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate a network's energy, throughput and area from its mapping at full activity, with the digital baseline.",
        discussion: """
            Maps the network (one copy; a board of several chips when it needs more tiles than a
            chip has), balances the pipeline with replication, and counts every action as if each
            slice of each input were converted, each row DAC switched and each cell read at full
            scale — the peak-activity accounting ISAAC's evaluation uses (Table I power × time).
            No images are read and nothing is programmed, so networks of any size are priced in
            seconds. --images sets how full the pipeline is (leakage over the pipelined run); at
            the default the figures are the pipeline's steady state. The precision is
            --weight-bits and --input-bits, or the architecture's as filed (ISAAC: 16 × 16 bits,
            beyond what the Int32 integer pass of `run` can hold). Without --device the arrays
            have the architecture's published figures. --chips sets the board; --iso-area gives the
            chip the digital baseline's area (throughput ratios are then ratios of throughput per
            area). --suite isaac runs ISAAC's benchmark suite
            (VGG A–E and the MSRA models A–C, ImageNet shapes) instead of --network.

            Examples:
              crossbar estimate --network vgg16 --arch isaac
              crossbar estimate --suite isaac --baseline dadiannao --iso-area
              crossbar estimate --suite isaac --chips 11 --json
              crossbar estimate --network resnet50 --arch prime --device reram
            """)

    /// Networks of ISAAC's benchmark suite (Shafiee et al., ISCA 2016, §VI), as the zoo names them.
    static let isaacSuite = ["vgg11", "vgg13", "vgg16c", "vgg16", "vgg19", "msra-a", "msra-b", "msra-c"]

    /// The run options (shared with `run`, `map` and `cost`).
    var options = RunOptions()
    @Option(help: "A benchmark suite instead of --network: isaac (VGG A–E, MSRA A–C).") var suite: String?
    @Option(help: "Chips on the board (default: the fewest that hold one copy of each network).") var chips: Int?
    @Flag(help: "A board of the digital baseline's area (at least the fewest chips that hold the network).") var isoArea: Bool
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        if let suite, suite != "isaac" { throw ValidationError("--suite must be isaac, got '\(suite)'") }
        if suite != nil && options.network != nil { throw ValidationError("--suite and --network exclude each other") }
        if let chips, chips < 1 { throw ValidationError("--chips must be at least 1, got \(chips)") }
        if chips != nil && isoArea { throw ValidationError("--chips and --iso-area exclude each other") }
    }

    func run() throws {
        let networks = suite == nil ? [nil] : Self.isaacSuite.map { Optional($0) }
        var estimates: [WorkloadEstimate] = []
        for name in networks {
            let configuration = try options.configuration(defaults: name.map { ["network": .string($0)] } ?? [:])
            let filed = configuration.architectureAsFiled
            let precision = (options.weightBits ?? filed.weightBits, options.inputBits ?? filed.inputBits)
            let device = options.device == nil ? nil : try configuration.makeDevice()
            estimates.append(
                isoArea
                    ? try WorkloadEstimate.atBaselineArea(configuration: configuration, precision: precision, device: device)
                    : try WorkloadEstimate(configuration: configuration, precision: precision, device: device, chips: chips))
        }
        if json {
            print(JSONValue.array(estimates.map(\.json)).canonicalJSON())
        } else {
            print(Self.table(estimates))
        }
    }

    /// One row per network: the chip's figures, the baseline's and their ratios.
    static func table(_ estimates: [WorkloadEstimate]) -> String {
        guard let first = estimates.first else { return "" }
        let spec = first.mapping.architecture
        var rows: [[String]] = [[
            "network", "GMACs", "chips", "tiles", "inf/s", "latency", "batch latency", "batch inf/s", "energy/inf", "on-chip", "GOPS/s/mm²", "GOPS/W", "baseline inf/s",
            "baseline energy", "baseline GOPS/s/mm²", "density ×", "energy ×",
        ]]
        for e in estimates {
            let d = e.cost.digital
            let digitalOpsPerSecond = e.operationsPerInference / d.latencyPerInferenceSeconds
            let digitalDensity = digitalOpsPerSecond / (d.areaSquareMetres * 1e6)
            rows.append([
                e.networkName, Format.fixed(Double(e.mapping.multiplyAccumulates) / 1e9, 2), "\(e.chips)",
                "\(min(e.mapping.architecture.tilesPerChip, e.mapping.replicatedTiles))",
                EngineeringFormat.format(e.throughputInferencesPerSecond, ""), EngineeringFormat.format(e.performance.latencySeconds, "s"),
                EngineeringFormat.format(e.batchLatencySeconds, "s"), EngineeringFormat.format(e.batchThroughputInferencesPerSecond, ""),
                EngineeringFormat.format(e.cost.energyPerInferenceJoules, "J"),
                EngineeringFormat.format(e.cost.onChipEnergyPerInferenceJoules, "J"),
                Format.fixed(e.operationsPerSecondPerSquareMillimetre / 1e9, 1), Format.fixed(e.operationsPerJoule / 1e9, 1),
                EngineeringFormat.format(1 / d.latencyPerInferenceSeconds, ""), EngineeringFormat.format(d.energyPerInferenceJoules, "J"),
                Format.fixed(digitalDensity / 1e9, 1),
                Format.fixed(e.operationsPerSecondPerSquareMillimetre / digitalDensity, 2),
                Format.fixed(d.energyPerInferenceJoules / e.cost.energyPerInferenceJoules, 2),
            ])
        }
        let header = "\(spec.name) at full activity, \(spec.weightBits)-bit weights, \(first.images) inferences through the pipeline, batches of \(first.batchSize); "
            + "baseline: \(first.cost.digital.name)"
        let notes = "inf/s pipelined; latency of one image; batch latency = latency + (batch − 1) × slowest stage, batch inf/s = batch / that; "
            + "density × = (GOPS/s/mm² on the workload) ÷ the baseline's; energy × = baseline energy ÷ chip energy, both with I/O"
        return ([header] + Mapping.aligned(rows, rightAligned: Set(1..<rows[0].count)) + [notes]).joined(separator: "\n")
    }
}
