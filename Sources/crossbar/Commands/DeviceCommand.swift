import Device
import Numerics

/// `crossbar device`: program cells of one device and report the statistics.
struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Program N cells of a device to one level or conductance and report conductance, pulses, cost and faults.",
        discussion: """
            Programs --cells fresh cells of the preset (a name from `crossbar devices` or a .json
            file) to --level, or to any conductance with --target-conductance (multi-level
            devices), then prints the achieved conductance (mean, σ, min, max), write pulses
            (mean, p99), write energy and latency per cell, fault counts and, for each --time, the
            conductance after that many seconds (drift, relaxation) without read noise, one read
            of every cell at that time with its read noise, and the mean read-noise σ.
            --set replaces preset parameters, e.g. --set d2dSigmaRelative=0.1.

            Examples:
              crossbar device reram --level 2 --cells 1000
              crossbar device pcm --bits 4 --level 15 --time 1 3600 86400 31536000
              crossbar device pcm-aihwkit --target-conductance 10e-6 --cells 200000 --time 20 3600 --json
              crossbar device Devices/sttmram.json --set writePulseSeconds=4e-9 --json
            """)

    @Argument(help: "Preset name (reram, pcm, pcm-aihwkit, reram-aihwkit, sttmram, sram, ideal) or preset file (.json).") var preset: String
    @Option(help: "Level to program (default: the top level).") var level: Int?
    @Option(help: "Conductance to program instead of a level, siemens (multi-level devices).") var targetConductance: Double?
    @Option(help: "Bits per cell (default: the preset's).") var bits: Int?
    @Option(help: "Cells to program.") var cells: Int = 1000
    @Option(help: "Times after programming to report, seconds.") var time: [Double] = []
    @Option(help: "Seed of the random stream.") var seed: UInt64 = 1
    @Option(help: "Replace a preset parameter: KEY=VALUE (several allowed).") var set: [String] = []
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard (1...1_000_000).contains(cells) else { throw ValidationError("--cells must be in 1...1000000, got \(cells)") }
        if let bits, !(1...16).contains(bits) { throw ValidationError("--bits must be in 1...16, got \(bits)") }
        if let level, level < 0 { throw ValidationError("--level must be ≥ 0, got \(level)") }
        if let targetConductance {
            guard targetConductance.isFinite, targetConductance >= 0 else {
                throw ValidationError("--target-conductance must be a conductance ≥ 0 S, got \(targetConductance)")
            }
            guard level == nil, bits == nil else {
                throw ValidationError("--target-conductance replaces --level and --bits; give one or the other")
            }
        }
        for seconds in time where !(seconds > 0) {
            throw ValidationError("--time values must be positive seconds, got \(seconds)")
        }
        _ = try overrides()
    }

    /// The `--set` pairs as preset overrides.
    private func overrides() throws -> [String: PresetValue] {
        var values: [String: PresetValue] = [:]
        for pair in set {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
                throw ValidationError("--set takes KEY=NUMBER, got '\(pair)'")
            }
            values[String(parts[0])] = .number(value)
        }
        return values
    }

    /// Why the requested level does not fit the device.
    struct LevelError: Error, CustomStringConvertible {
        let description: String
    }

    func run() throws {
        let device = try DevicePreset.device(preset, overriding: try overrides())
        if let targetConductance {
            try show(characterization(of: device, atSiemens: targetConductance))
            return
        }
        let bitsPerCell = bits ?? device.bitsPerCell
        guard bitsPerCell <= device.maximumBitsPerCell else {
            throw LevelError(description: "\(device.name) supports at most \(device.maximumBitsPerCell) bit(s) per cell, got --bits \(bitsPerCell)")
        }
        let levelCount = 1 << bitsPerCell
        let chosenLevel = level ?? levelCount - 1
        guard chosenLevel < levelCount else {
            throw LevelError(description: "--level must be in 0...\(levelCount - 1) for \(bitsPerCell) bit(s) per cell, got \(chosenLevel)")
        }
        try show(
            DeviceCharacterization(
                device: device, level: chosenLevel, levelCount: levelCount, cells: cells, seed: seed, times: time))
    }

    /// Cells of `device` programmed to `siemens`, which must lie in its window.
    private func characterization(of device: any MemoryDevice, atSiemens siemens: Double) throws -> DeviceCharacterization {
        guard let analog = device as? any ConductanceProgrammable else {
            throw LevelError(
                description: "\(device.name) (\(device.technology.rawValue)) stores levels only; --target-conductance needs "
                    + "a multi-level device (reram, pcm and their -aihwkit presets)")
        }
        guard (device.conductanceMinSiemens...device.conductanceMaxSiemens).contains(siemens) else {
            throw LevelError(
                description: "--target-conductance must be in \(device.conductanceMinSiemens)...\(device.conductanceMaxSiemens) S "
                    + "for \(device.name), got \(siemens)")
        }
        return DeviceCharacterization(device: analog, targetSiemens: siemens, cells: cells, seed: seed, times: time)
    }

    private func show(_ report: DeviceCharacterization) throws {
        if json {
            try JSONOutput.print(report)
        } else {
            print(text(report))
        }
    }

    private func text(_ report: DeviceCharacterization) -> String {
        func siemens(_ value: Double) -> String { EngineeringFormat.format(value, "S") }
        func summary(_ s: SampleSummary) -> String {
            "mean \(siemens(s.mean))  σ \(siemens(s.standardDeviation))"
                + (s.mean > 0 ? " (\(Format.fixed(s.standardDeviation / s.mean * 100, 2)) %)" : "")
                + "  min \(siemens(s.minimum))  max \(siemens(s.maximum))"
        }
        let target =
            if let level = report.level, let levelCount = report.levelCount {
                "level \(level) of \(levelCount) (target \(siemens(report.targetConductanceSiemens)))"
            } else {
                siemens(report.targetConductanceSiemens)
            }
        var lines = [
            "\(report.device) (\(report.technology.rawValue)): \(report.cells) cells programmed to \(target), seed \(report.seed)",
            "  conductance   " + summary(report.conductance),
            "  fault-free    " + (report.healthyConductance.map(summary) ?? "none"),
            "  pulses        mean \(Format.fixed(report.pulses.mean, 1))  p99 \(Format.fixed(report.pulses.p99, 1))  "
                + "max \(report.pulses.maximum)",
            "  write cost    \(EngineeringFormat.format(report.writeEnergyJoulesPerCell, "J")) and "
                + "\(EngineeringFormat.format(report.writeLatencySecondsPerCell, "s")) per cell (mean)",
            "  faults        stuck-on \(report.faults.stuckOn)  stuck-off \(report.faults.stuckOff)  "
                + "worn-out \(report.faults.wornOut)  unverified \(report.unverified)",
        ]
        if !report.times.isEmpty {
            lines.append("  after programming (conductance without read noise, then one read with it; mean read-noise σ):")
            for point in report.times {
                let label = "t = " + EngineeringFormat.format(point.seconds, "s")
                lines.append(
                    "    " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + summary(point.conductance)
                        + "  read σ \(siemens(point.readNoiseSigmaMeanSiemens))")
                lines.append("    " + "  read".padding(toLength: 12, withPad: " ", startingAt: 0) + summary(point.readConductance))
            }
        }
        return lines.joined(separator: "\n")
    }
}
