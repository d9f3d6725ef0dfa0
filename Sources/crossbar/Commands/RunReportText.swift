import Accelerator
import Circuit
import Foundation

/// The text form of a ``RunReport``: what `crossbar run` prints.
struct RunReportText {
    let report: RunReport

    init(_ report: RunReport) { self.report = report }

    private func si(_ value: Double, _ unit: String) -> String { EngineeringFormat.format(value, unit) }

    /// `ideal`, `1 Ω per segment` or `3 Ω per row segment, 1 Ω per column segment`.
    private func wires(_ c: RunConfiguration) -> String {
        let (row, column) = (c.rowWireResistanceOhms, c.columnWireResistanceOhms)
        if row == 0 && column == 0 { return "ideal" }
        if row == column { return si(row, "Ω") + " per segment" }
        return si(row, "Ω") + " per row segment, " + si(column, "Ω") + " per column segment"
    }
    private func percent(_ value: Double, _ digits: Int = 2) -> String { Format.fixed(value * 100, digits) + " %" }
    private func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }

    var text: String {
        let c = report.configuration
        let preparation = report.preparation
        let spec = preparation.mapping.architecture
        let mapping = preparation.mapping
        let device = preparation.device
        var lines: [String] = []
        let flip = c.columnFlip ? ", column flip" : ""
        lines.append("\(URL(fileURLWithPath: preparation.networkName).lastPathComponent) on \(grouped(report.images)) \(preparation.dataset.format.rawValue) test images: \(device.name) (\(device.technology.rawValue)) on \(spec.name), seed \(c.seed)")
        if let training = HardwareAwareNoise.summary(preparation.networkMetadata) { lines.append("  network " + training) }
        lines.append(
            "  \(c.arrayRows)×\(c.arrayColumns) arrays, \(c.bitsPerCell)-bit cells, \(c.weightBits)-bit weights (\(c.signEncoding.rawValue)\(flip)), "
                + "\(c.inputBits)-bit inputs through \(c.dacBits)-bit DACs, \(c.adcBits)-bit \(spec.adcArchitecture.rawValue.uppercased()) ADC "
                + "(\(c.adcRangePolicy.rawValue) range) per \(spec.columnsPerADC) columns")
        lines.append(
            "  wires \(wires(c)); read "
                + "\(si(c.driftTimeSeconds, "s")) after programming; read noise \(c.readNoise ? "on" : "off")"
                + (c.driftCompensation ? "; global drift compensation" : ""))
        let adcErrors = [
            ("noise σ", c.adcNoiseLSB, "LSB"), ("INL peak", c.adcINLPeakLSB, "LSB"), ("DNL σ", c.adcDNLSigmaLSB, "LSB"),
            ("offset σ", c.adcOffsetSigmaLSB, "LSB"), ("gain error σ", c.adcGainErrorSigmaRelative * 100, "%"),
        ].filter { $0.1 != 0 }.map { "\($0.0) \(String(format: "%g", $0.1)) \($0.2)" }
        if !adcErrors.isEmpty || (c.adcRangePolicy == .calibrated && c.adcRecalibratesAtReadTime) {
            let calibration = c.adcRangePolicy != .calibrated ? "" : c.adcRecalibratesAtReadTime ? "; ranges refitted at the read time" : "; ranges fitted after programming"
            lines.append("  ADC " + (adcErrors.isEmpty ? "ideal" : adcErrors.joined(separator: ", ")) + calibration)
        }
        lines.append(
            "  quantization calibrated on \(grouped(preparation.calibrationImages.batchSize)) images of the \(preparation.calibrationSource.rawValue)")
        lines.append("")
        lines.append(
            "accuracy     analog \(percent(report.analogAccuracy))   digital \(percent(report.digitalAccuracy))   "
                + "float \(percent(report.floatAccuracy))")
        lines.append(
            "fidelity     top-1 agreement with digital \(percent(report.agreement))   logit RMS error / digital logit RMS "
                + Format.fixed(report.logitRelativeRMSError, 4))
        let cost = report.cost
        let energy = cost.energyPerInferenceJoules
        let io = cost.ioComponent?.name ?? "none"
        lines.append(
            "energy       \(si(energy, "J")) per inference with I/O (\(si(report.operationsPerInference, "OP"))), "
                + "\(Format.fixed(report.topsPerWatt, 2)) TOPS/W; on chip \(si(cost.onChipEnergyPerInferenceJoules, "J")), "
                + "\(Format.fixed(report.onChipTopsPerWatt, 2)) TOPS/W; I/O (\(io)) \(si(cost.ioEnergyPerInferenceJoules, "J"))")
        for (component, joules) in report.cost.energyByComponentJoules.sorted(by: { $0.value > $1.value }) {
            lines.append("  " + component.padding(toLength: 16, withPad: " ", startingAt: 0) + si(joules, "J").leftPadded(10) + "   " + percent(joules / energy, 1).leftPadded(7))
        }
        let layers = report.cost.energyByLayerJoules.filter { $0.joules > 0 }.map { "\($0.name) \(si($0.joules, "J"))" }
        lines.append("  by layer (dynamic): " + layers.joined(separator: ", "))
        lines.append("  static (leakage of \(report.cost.poweredTiles) powered tile(s) over the run): \(si(report.cost.staticEnergyPerInferenceJoules, "J"))")
        let digital = cost.digital
        lines.append("  digital baseline (baseline.kind \(report.configuration.baselineKind.rawValue), batch \(digital.batchSize)): \(digital.name)")
        lines.append(
            "    \(si(digital.energyPerInferenceJoules, "J")) per inference with I/O, \(si(digital.onChipEnergyPerInferenceJoules, "J")) on chip, "
                + "I/O (\(digital.ioComponent)) \(si(digital.ioEnergyPerInferenceJoules, "J")); analog/digital \(Format.fixed(cost.analogToDigitalEnergyRatio, 2)) "
                + "with I/O (\(io) against \(digital.ioComponent)), \(Format.fixed(cost.onChipAnalogToDigitalEnergyRatio, 2)) on chip (the figure to set "
                + "beside NeuroSim, which excludes DRAM and I/O)")
        let performance = report.performance
        let bottleneck = performance.stages.max { $0.seconds < $1.seconds }?.name ?? "-"
        lines.append(
            "latency      \(si(performance.latencySeconds, "s")) per inference (batch 1); pipelined throughput "
                + "\(grouped(Int(performance.throughputInferencesPerSecond.rounded()))) inferences/s (slowest stage \(bottleneck)); "
                + "batch of \(report.batchSize): \(si(performance.runSeconds(images: report.batchSize), "s")), "
                + "\(grouped(Int(performance.batchThroughputInferencesPerSecond(batchSize: report.batchSize).rounded()))) inferences/s")
        lines.append(
            "area         \(Format.fixed(report.cost.areaSquareMetres * 1e6, 2)) mm² chip (\(spec.tilesPerChip) tiles); the run powers "
                + "\(report.cost.poweredTiles) tile(s), \(Format.fixed(report.cost.poweredAreaSquareMetres * 1e6, 3)) mm²")
        lines.append(
            "mapping      \(mapping.arrays) arrays in \(mapping.imas) IMAs on \(mapping.tiles) tile(s) of \(grouped(spec.arraysPerChip)) arrays and "
                + "\(spec.tilesPerChip) tiles; \(percent(mapping.utilization, 1)) of allocated cells used; "
                + (mapping.fitsChip ? "fits the chip" : "does NOT fit the chip"))
        lines.append(
            "             with pipeline-balancing replication: \(grouped(mapping.replicatedArrays)) arrays, \(mapping.replicatedIMAs) IMAs, "
                + "\(mapping.replicatedTiles) tiles")
        let write = report.programming
        let faults = preparation.chip.faultCounts.filter { $0.key != .none }.values.reduce(0, +)
        let endurance = write.worstCellEnduranceFractionUsed == 0 ? "0" : String(format: "%.1e", write.worstCellEnduranceFractionUsed)
        lines.append(
            "programming  \(si(write.total.energyJoules, "J")), \(si(write.parallelSeconds, "s")) with arrays in parallel "
                + "(\(si(write.sequentialSeconds, "s")) cell by cell), \(EngineeringFormat.count(Double(write.total.pulses))) pulses; "
                + "endurance used by the busiest cell \(endurance); \(faults) faulty and \(preparation.chip.unverifiedCellCount) unverified cells "
                + "(simulated copy)")
        let conversions = report.ledger.totalActions[.adcConversion]
        let clipped = report.ledger.steps.reduce(0) { $0 + $1.clippedConversions }
        lines.append(
            "ADC          \(EngineeringFormat.count(Double(conversions))) conversions, \(grouped(clipped)) clipped "
                + "(\(percent(Double(clipped) / Double(max(1, conversions)), 3)))")
        lines.append(
            "checklist    (Sze et al. 2017 §VIII) \(si(spec.technologyNodeMetres, "m")) node; \(mapping.arrays) arrays, "
                + "\(percent(mapping.utilization, 1)) utilized; on-chip memory \(si(Double(report.onChipMemoryBytes), "B")) in "
                + "\(min(spec.tilesPerChip, mapping.replicatedTiles)) tile(s), weights \(si(mapping.weightBytes, "B")) in cells; batch size \(report.batchSize); "
                + "latency and throughput above; energy with and without off-chip input/output traffic above; area above")
        for warning in report.warnings { lines.append("warning      " + warning) }
        let total = preparation.programmingSimulationSeconds + preparation.baselineSimulationSeconds + report.readoutSimulationSeconds
            + report.inferenceSimulationSeconds
        let imagesPerSecond = Double(report.images) / report.inferenceSimulationSeconds
        lines.append(
            "simulated    in \(Format.fixed(total, 1)) s: programming \(Format.fixed(preparation.programmingSimulationSeconds, 1)) s, "
                + "float and digital baselines \(Format.fixed(preparation.baselineSimulationSeconds, 1)) s, reading the arrays "
                + "\(Format.fixed(report.readoutSimulationSeconds, 1)) s, analog inference \(Format.fixed(report.inferenceSimulationSeconds, 1)) s "
                + "(\(imagesPerSecond < 10 ? Format.fixed(imagesPerSecond, 2) : grouped(Int(imagesPerSecond.rounded()))) images/s)")
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
