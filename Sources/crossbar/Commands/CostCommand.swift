import Accelerator
import DataFiles
import Device
import Foundation

/// `crossbar cost`: the chip's component table (each row's model) rolled up to an IMA, a tile and the chip,
/// next to the paper's figures; with a network, the digital baseline's energy per inference.
struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Roll up an architecture's power, area and peak efficiency from its component figures.",
        discussion: """
            Prints every component of one IMA, one tile and the chip — count, peak power and
            area — with the paper's figures and the deviation where the paper publishes them
            (ISAAC's Table I and IV), the peak throughput and efficiency, and each component's
            energy per action, static power and source: the figures `crossbar run` prices its
            action counts with. Component figures start from ISAAC's Table I at 32 nm and scale
            with the node (energy ∝ F·V², area ∝ F²) and with size; a fraction λ of each
            component's peak power is leakage (--leakage-fraction).

            With --device, the arrays take the device's cell area and read energy. With
            --network, the digital baseline --baseline picks (macArray: a 16×16 MAC grid with a
            line buffer, SRAMs sized to the network and DRAM; dadiannao: DaDianNao with eDRAM
            and HyperTransport, with its peak figures against ISAAC's Table IV; eyeriss: a
            row-stationary 12×14 PE array with Sze et al.'s energy per access), at the same
            node, is priced on that network quantized to --weight-bits and --input-bits; with --network and --device, the network is also mapped onto the
            architecture (at those bits) and programmed with write-verify, and the programming
            energy, time and endurance used are reported.

            Examples:
              crossbar cost --arch isaac
              crossbar cost --arch prime --json
              crossbar cost --arch isaac --node 22 --leakage-fraction 0.2
              crossbar cost --arch isaac --network lenet5 --device reram
              crossbar cost --arch isaac --network vgg16 --baseline dadiannao
            """)

    /// The run options (shared with `run`, `map` and `bench run`): the architecture, and the
    /// network and device with their bits and seed. Without --device the arrays have the paper's
    /// figures; without --network there is no digital baseline.
    var options = RunOptions()
    @Option(help: "Technology node in nanometres (default: the architecture's).") var node: Double?
    @Option(help: "Fraction of each component's peak power that is static, in [0, 1).") var leakageFraction: Double = ChipCostModel.defaultLeakageFraction
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard leakageFraction >= 0 && leakageFraction < 1 else { throw ValidationError("--leakage-fraction must be in [0, 1), got \(leakageFraction)") }
        if let node, !(7...130).contains(node) { throw ValidationError("--node must be in 7...130 nm, got \(node)") }
    }

    /// The configuration the options describe.
    private func configuration() throws -> RunConfiguration {
        try options.configuration()
    }

    /// The `--json` record: the roll-up's keys at the top level, then the comparison with the
    /// paper and the digital baseline.
    struct Output: Encodable {
        let rollUp: ChipRollUp
        let published: PublishedChipFigures?
        let device: String?
        let digitalBaseline: (any DigitalBaselineEstimate)?
        let programming: ProgrammingCost?

        private enum CodingKeys: String, CodingKey { case comparison, publishedCitation, notes, device, digitalBaseline, programming }

        func encode(to encoder: any Encoder) throws {
            try rollUp.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(published?.compare(rollUp) ?? [], forKey: .comparison)
            try container.encodeIfPresent(published?.citation, forKey: .publishedCitation)
            try container.encode(published?.notes ?? [], forKey: .notes)
            try container.encodeIfPresent(device, forKey: .device)
            if let digitalBaseline { try container.encode(digitalBaseline, forKey: .digitalBaseline) }
            try container.encodeIfPresent(programming, forKey: .programming)
        }
    }

    func run() throws {
        let configuration = try configuration()
        var spec = configuration.architectureAsFiled
        if let node { spec = try spec.overriding(["technologyNodeMetres": .number(node * 1e-9)], origin: "--node") }
        let memory = options.device == nil ? nil : try configuration.makeDevice()
        let model = try ChipCostModel(architecture: spec, device: memory, leakageFraction: leakageFraction)
        let rollUp = model.rollUp()
        let published = node == nil && memory == nil ? PublishedChipFigures.named(spec.name) : nil
        let quantized = options.network == nil ? nil : try RunPreparation.shapeNetwork(configuration).quantized
        let baseline = try quantized.map {
            try configuration.baselineKind.estimate(
                NetworkWorkload($0), matching: model.architecture, leakageFraction: leakageFraction, batchSize: configuration.baselineBatchSize)
        }
        var programming: ProgrammingCost?
        if let quantized, memory != nil { programming = try ProgrammingCost(chip: RunPreparation.program(quantized, configuration).chip) }
        if json {
            try JSONOutput.print(
                Output(rollUp: rollUp, published: published, device: memory?.name, digitalBaseline: baseline, programming: programming))
            return
        }
        print(header(spec, model: model, device: memory))
        print(table(rollUp, model: model, published: published))
        print(peak(rollUp, published: published))
        print(perAction(model))
        if let published, !published.notes.isEmpty {
            print("\nNotes on the comparison (\(published.citation)):")
            for note in published.notes { print("  - " + note) }
        } else if node != nil || memory != nil, PublishedChipFigures.named(spec.name) != nil {
            print("\n(no paper column: --node or --device changes the chip the paper describes)")
        }
        if let baseline { print(digitalText(baseline, configuration)) }
        if let programming { print(programmingText(programming, configuration)) }
    }

    // MARK: Text

    private func header(_ spec: ArchitectureSpec, model: ChipCostModel, device: (any MemoryDevice)?) -> String {
        let o = model.architecture
        let slices = o.slicesPerInput
        return """
            \(spec.name) (\(ProjectDirectory.reportedPath(URL(fileURLWithPath: spec.file)))): \(Format.fixed(o.technologyNodeMetres * 1e9, 0)) nm, \(EngineeringFormat.format(o.clockHz, "Hz")), \
            \(o.tilesPerChip) tiles × \(o.imasPerTile) IMAs × \(o.arraysPerIMA) arrays of \(o.arrayRows)×\(o.arrayColumns), \(o.bitsPerCell)-bit cells\
            \(device.map { " of \($0.name)" } ?? "")
              \(o.weightBits)-bit weights (\(o.cellsPerWeight) cells\(o.differentialWeights ? ", positive/negative columns" : "")), \
            \(o.inputBits)-bit inputs in \(slices) slices of \(o.dacBits) bit(s) × \(EngineeringFormat.format(model.activity.cycleSeconds, "s")), \
            \(o.adcBits)-bit \(o.adcArchitecture.rawValue) ADC at \(EngineeringFormat.format(o.adcSampleRateHz, "S/s")) per \(o.columnsPerADC) columns
              leakage λ = \(Format.fixed(model.leakageFraction * 100, 0)) % of each component's peak power (an assumption; \
            --leakage-fraction); power is peak power
            """
    }

    private func table(_ rollUp: ChipRollUp, model: ChipCostModel, published: PublishedChipFigures?) -> String {
        var lines: [String] = []
        func deviation(_ ours: Double, _ paper: Double?) -> String {
            guard let paper else { return "" }
            return percent(ours / paper - 1)
        }
        func mm2(_ value: Double) -> String { String(format: "%.5f", value * 1e6) }
        func line(_ name: String, _ count: String, _ power: Double, _ paperPower: Double?, _ area: Double, _ paperArea: Double?) {
            lines.append(
                name.padding(toLength: 26, withPad: " ", startingAt: 0) + count.leftPadded(8) + "  "
                    + EngineeringFormat.format(power, "W", digits: 4).leftPadded(10) + (paperPower.map { EngineeringFormat.format($0, "W", digits: 4) } ?? "").leftPadded(11)
                    + deviation(power, paperPower).leftPadded(9) + "  " + mm2(area).leftPadded(10) + (paperArea.map(mm2) ?? "").leftPadded(10)
                    + deviation(area, paperArea).leftPadded(9))
        }
        lines.append(
            "component".padding(toLength: 26, withPad: " ", startingAt: 0) + "count".leftPadded(8) + "  " + "power".leftPadded(10)
                + "paper".leftPadded(11) + "dev".leftPadded(9) + "  " + "area mm²".leftPadded(10) + "paper".leftPadded(10) + "dev".leftPadded(9))
        let o = model.architecture
        for level in ChipComponent.Level.allCases {
            lines.append(["ima": "One IMA", "tile": "One tile", "chip": "The chip"][level.rawValue]!)
            switch level {
            case .tile:
                line("  IMAs", "\(o.imasPerTile)", Double(o.imasPerTile) * rollUp.imaPowerWatts, published?.imasPerTilePowerWatts,
                    Double(o.imasPerTile) * rollUp.imaAreaSquareMetres, published?.imasPerTileAreaSquareMetres)
            case .chip:
                line("  tiles", "\(o.tilesPerChip)", Double(o.tilesPerChip) * rollUp.tilePowerWatts, nil, Double(o.tilesPerChip) * rollUp.tileAreaSquareMetres, nil)
            case .ima:
                break
            }
            for row in rollUp.rows where row.component.level == level {
                line("  " + model.label(row.component), row.countLabel, row.powerWatts, published?.componentPowerWatts[row.component.name],
                    row.areaSquareMetres, published?.componentAreaSquareMetres[row.component.name])
            }
            switch level {
            case .ima: line("  IMA total", "", rollUp.imaPowerWatts, nil, rollUp.imaAreaSquareMetres, nil)
            case .tile: line("  tile total", "", rollUp.tilePowerWatts, published?.tilePowerWatts, rollUp.tileAreaSquareMetres, published?.tileAreaSquareMetres)
            case .chip: line("  chip total", "", rollUp.chipPowerWatts, published?.chipPowerWatts, rollUp.chipAreaSquareMetres, published?.chipAreaSquareMetres)
            }
        }
        return "\n" + lines.joined(separator: "\n")
    }

    /// A relative deviation as a signed percentage with one decimal (`+0.9 %`; `0.0 %` when it
    /// rounds to zero).
    private func percent(_ deviation: Double) -> String {
        abs(deviation) < 0.0005 ? "0.0 %" : String(format: "%+.1f %%", deviation * 100)
    }

    private func bytes(_ count: Int) -> String { count >= 1024 && count % 1024 == 0 ? "\(count / 1024) KB" : "\(count) B" }

    private func peak(_ rollUp: ChipRollUp, published: PublishedChipFigures?) -> String {
        let o = rollUp.architecture
        func compared(_ ours: Double, _ paper: Double?, _ unit: String) -> String {
            let value = Format.fixed(ours, 2) + " " + unit
            guard let paper else { return value + " (not published)" }
            return value + " (paper \(Format.fixed(paper, 2)), " + percent(ours / paper - 1) + ")"
        }
        return """

            Peak (\(o.weightBits)-bit weights × \(o.inputBits)-bit inputs, multiply and add = 2 ops): \
            \(EngineeringFormat.format(rollUp.peakOperationsPerSecond, "OPS", digits: 4))
              efficiency  \(compared(rollUp.peakGopsPerWatt, published?.peakGopsPerWatt, "GOPS/W")) = \(Format.fixed(rollUp.peakTopsPerWatt, 3)) TOPS/W
              density     \(compared(rollUp.peakGopsPerSecondPerSquareMillimetre, published?.peakGopsPerSecondPerSquareMillimetre, "GOPS/(s·mm²)"))
            """
    }

    private func perAction(_ model: ChipCostModel) -> String {
        var lines = [
            "",
            "Per instance at \(Format.fixed(model.architecture.technologyNodeMetres * 1e9, 0)) nm (what `crossbar run` prices its action counts with):",
        ]
        for component in model.table.components {
            let figures = model.components[component]!
            let actions = figures.energyPerActionJoules.sorted { $0.key < $1.key }
                .map { "\($0.key) \(EngineeringFormat.format($0.value, "J"))" }.joined(separator: ", ")
            lines.append(
                "  " + component.name.padding(toLength: 20, withPad: " ", startingAt: 0) + actions
                    + "; static \(EngineeringFormat.format(figures.staticPowerWatts, "W")); \(EngineeringFormat.format(figures.latencySeconds, "s")) per action")
            lines.append("      source: " + figures.source)
        }
        return lines.joined(separator: "\n")
    }

    private func programmingText(_ cost: ProgrammingCost, _ configuration: RunConfiguration) -> String {
        let perCell = "\(Format.fixed(cost.enduranceCyclesPerCell, 2)) cycles per cell"
        let endurance = cost.deviceEnduranceCycles.isFinite
            ? perCell + ", " + String(format: "%.2g", cost.enduranceFractionUsed) + " of the "
                + "\(EngineeringFormat.count(cost.deviceEnduranceCycles))-cycle median endurance (rewritable about "
                + "\(EngineeringFormat.count(cost.reprogrammingsToWearOut)) times); busiest cell \(cost.mostCyclesOnOneCell) cycles ("
                + String(format: "%.2g", cost.worstCellEnduranceFractionUsed) + ")"
            : perCell + "; the device's endurance is unlimited"
        return """

            Programming \(configuration.network) on \(cost.device) (\(configuration.weightBits)-bit weights, write-verify, seed \(configuration.seed)): \(cost.arrays) arrays \
            (pipeline copies included), \(cost.cells) cells
              energy \(EngineeringFormat.format(cost.total.energyJoules, "J")) (\(EngineeringFormat.format(cost.energyPerCellJoules, "J")) per cell), \
            \(Format.fixed(cost.pulsesPerCell, 2)) pulses per cell
              time \(EngineeringFormat.format(cost.parallelSeconds, "s")) with every array written in parallel, \
            \(EngineeringFormat.format(cost.sequentialSeconds, "s")) one array at a time
              endurance: \(endurance)
            """
    }

    private func digitalText(_ baseline: any DigitalBaselineEstimate, _ configuration: RunConfiguration) -> String {
        let total = baseline.energyPerInferenceJoules
        var lines = [
            "",
            "Digital baseline (baseline.kind \(configuration.baselineKind.rawValue)) for \(configuration.network): \(configuration.weightBits)-bit weights, "
                + "\(configuration.inputBits)-bit activations on \(baseline.name), \(EngineeringFormat.format(baseline.clockHz, "Hz")), batch \(baseline.batchSize)",
            "  MACs per inference \(baseline.workload.macsPerImage) (the network's), \(baseline.cyclesPerInference) cycles = "
                + "\(EngineeringFormat.format(baseline.latencyPerInferenceSeconds, "s")), peak \(EngineeringFormat.format(baseline.peakPowerWatts, "W")), "
                + "\(Format.fixed(baseline.areaSquareMetres * 1e6, 3)) mm²",
            "  energy per inference \(EngineeringFormat.format(total, "J")) (on chip \(EngineeringFormat.format(baseline.onChipEnergyPerInferenceJoules, "J")), "
                + "I/O = \(baseline.ioComponent)):",
        ]
        for (name, joules) in baseline.energyByComponentJoules.sorted(by: { $0.value > $1.value }) {
            lines.append("    " + name.padding(toLength: 18, withPad: " ", startingAt: 0) + EngineeringFormat.format(joules, "J").leftPadded(10)
                + String(format: "%7.1f %%", joules / total * 100))
        }
        lines.append(
            baseline.weightsResident
                ? "  weights stay on chip: loading them once costs \(EngineeringFormat.format(baseline.weightLoadJoules, "J")) (not per inference)"
                : "  weights do not stay on chip: they stream from DRAM every batch")
        if let dadiannao = baseline as? DaDianNaoBaseline {
            let peak = dadiannao.peak
            let density = peak.opsPerSecond / 1e9 / (peak.squareMetres * 1e6), efficiency = peak.opsPerSecond / 1e9 / peak.watts
            let table = DaDianNaoBaseline.tableIV
            lines.append(
                "  \(dadiannao.chips) chip(s); one chip at peak, \(dadiannao.peakBits)-bit: \(Format.fixed(peak.opsPerSecond / 1e12, 2)) TOPS, "
                    + "\(Format.fixed(peak.watts, 1)) W, \(Format.fixed(peak.squareMetres * 1e6, 1)) mm²: \(Format.fixed(density, 2)) GOPS/s/mm² "
                    + "(ISAAC Table IV \(table.gopsPerSquareMillimetre), \(String(format: "%+.1f %%", (density / table.gopsPerSquareMillimetre - 1) * 100))), "
                    + "\(Format.fixed(efficiency, 1)) GOPS/W (Table IV \(table.gopsPerWatt), \(String(format: "%+.1f %%", (efficiency / table.gopsPerWatt - 1) * 100)))")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
