/// What an aihwkit-equivalent preset gives directly: the conductance window in siemens, the bits
/// a run may spread over it, and the read and area figures aihwkit does not model.
public struct AnalogCellWindow: Sendable, Equatable {
    /// Bits per cell by default.
    public let bitsPerCell: Int
    /// Most bits per cell.
    public let maximumBitsPerCell: Int
    /// G_min, siemens.
    public let conductanceMinSiemens: Double
    /// G_max, siemens.
    public let conductanceMaxSiemens: Double
    /// Read voltage, volts.
    public let readVoltageVolts: Double
    /// Read pulse, seconds.
    public let readPulseSeconds: Double
    /// Cell area, F².
    public let cellAreaFeatureSquared: Double
}
