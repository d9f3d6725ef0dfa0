import Numerics

/// A device with exact levels: no programming error, no read noise, no drift, no faults, free
/// writes. Ideal arrays must reproduce the integer matrix product bit for bit.
///
/// Preset keys: `conductanceMinSiemens`, `conductanceMaxSiemens`, `bitsPerCell`,
/// `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`.
public struct IdealDevice: MemoryDevice {
    public let name: String
    public var technology: DeviceTechnology { .ideal }
    public let conductanceMinSiemens: Double
    public let conductanceMaxSiemens: Double
    public let bitsPerCell: Int
    public var maximumBitsPerCell: Int { 16 }
    public let readVoltageVolts: Double
    public let readPulseSeconds: Double
    public let cellAreaFeatureSquared: Double

    /// An ideal device with the given window; defaults give G_min = 0 so level codes are exact.
    public init(
        name: String = "ideal", conductanceMinSiemens: Double = 0, conductanceMaxSiemens: Double = 100e-6,
        bitsPerCell: Int = 2, readVoltageVolts: Double = 0.2, readPulseSeconds: Double = 10e-9,
        cellAreaFeatureSquared: Double = 4
    ) {
        self.name = name
        self.conductanceMinSiemens = conductanceMinSiemens
        self.conductanceMaxSiemens = conductanceMaxSiemens
        self.bitsPerCell = bitsPerCell
        self.readVoltageVolts = readVoltageVolts
        self.readPulseSeconds = readPulseSeconds
        self.cellAreaFeatureSquared = cellAreaFeatureSquared
    }

    /// The device an `ideal` preset describes; throws ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let low = reader.number("conductanceMinSiemens", .nonNegative)
        let high = reader.number("conductanceMaxSiemens", .positive)
        reader.require(high > low, "conductanceMaxSiemens", allowed: "> conductanceMinSiemens")
        let bits = reader.integer("bitsPerCell", 1...16)
        let (readVoltage, readPulse, area) = reader.readout()
        try reader.finish()
        self.init(
            name: preset.name, conductanceMinSiemens: low, conductanceMaxSiemens: high, bitsPerCell: bits,
            readVoltageVolts: readVoltage, readPulseSeconds: readPulse, cellAreaFeatureSquared: area)
    }

    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        return ProgrammedCell(conductanceSiemens: targetConductance(level: level, levelCount: levelCount))
    }

    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double { 0 }

    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double { cell.conductanceSiemens }
}
