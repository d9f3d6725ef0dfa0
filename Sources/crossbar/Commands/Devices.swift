import DataFiles
import Device
import Foundation
import Numerics

/// `crossbar devices`: the bundled device presets and their key parameters.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the bundled device presets (Devices/*.json) with their key parameters.",
        discussion: """
            Loads and validates every preset in Devices/ and prints its technology, bits per
            cell, conductance window, device-to-device variation, endurance, and the mean write
            energy and latency of a cell programmed to the top level (256 cells, seed 1).

            Example:
              crossbar devices
              crossbar devices --json
            """)

    @Flag(help: "Print a JSON array.") var json: Bool

    /// One `--json` entry.
    struct Entry: Encodable {
        let name: String
        let technology: DeviceTechnology
        /// Whose model of the technology: Crossbar's own or aihwkit's.
        let model: DeviceModel
        let bitsPerCell: Int
        let maximumBitsPerCell: Int
        let conductanceMinSiemens: Double
        let conductanceMaxSiemens: Double
        let d2dSigmaRelative: Double
        /// Median endurance; absent when unlimited.
        let enduranceCycles: Double?
        let isVolatile: Bool
        let writeEnergyJoulesPerCell: Double
        let writeLatencySecondsPerCell: Double
        let description: String
        let citation: String
        let file: String
    }

    func run() throws {
        let entries = try DevicePreset.bundled().map { preset in
            let device = try preset.makeDevice()
            let levels = 1 << device.bitsPerCell
            let write = DeviceCharacterization(device: device, level: levels - 1, levelCount: levels, cells: 256, seed: 1)
            return Entry(
                name: preset.name, technology: preset.technology, model: preset.model, bitsPerCell: device.bitsPerCell,
                maximumBitsPerCell: device.maximumBitsPerCell, conductanceMinSiemens: device.conductanceMinSiemens,
                conductanceMaxSiemens: device.conductanceMaxSiemens, d2dSigmaRelative: device.d2dSigmaRelative,
                enduranceCycles: device.enduranceCycles.isFinite ? device.enduranceCycles : nil,
                isVolatile: device.isVolatile, writeEnergyJoulesPerCell: write.writeEnergyJoulesPerCell,
                writeLatencySecondsPerCell: write.writeLatencySecondsPerCell, description: preset.description,
                citation: preset.citation, file: ProjectDirectory.reportedPath(URL(fileURLWithPath: preset.file)))
        }
        if json {
            try JSONOutput.print(entries)
            return
        }
        let header = ["name", "technology", "model", "bits", "G window", "d2d σ", "endurance", "write energy", "write latency"]
        let rows = entries.map { entry in
            [
                entry.name, entry.technology.rawValue, entry.model.rawValue, "\(entry.bitsPerCell) (max \(entry.maximumBitsPerCell))",
                EngineeringFormat.format(entry.conductanceMinSiemens, "S") + " – "
                    + EngineeringFormat.format(entry.conductanceMaxSiemens, "S"),
                Format.fixed(entry.d2dSigmaRelative * 100, 1) + " %",
                entry.enduranceCycles.map { EngineeringFormat.count($0) } ?? "unlimited",
                EngineeringFormat.format(entry.writeEnergyJoulesPerCell, "J"),
                EngineeringFormat.format(entry.writeLatencySecondsPerCell, "s"),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        for row in [header] + rows {
            print(row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
        }
        print("\nWrite cost: mean per cell programmed to the top level at the preset's bits per cell.")
        print("Details: crossbar device <name>; sources: the preset files in Devices/.")
    }
}
