/// A device whose cells are written by ``MultiLevelProgramming`` (ReRAM, PCM): its conductance
/// window, level placement, device-to-device variation and endurance are the programming model's.
public protocol MultiLevelCellDevice: MemoryDevice {
    /// Write-verify, variation, faults and post-verify relaxation.
    var programming: MultiLevelProgramming { get }
}

extension MultiLevelCellDevice {
    public var conductanceMinSiemens: Double { programming.conductanceMinSiemens }
    public var conductanceMaxSiemens: Double { programming.conductanceMaxSiemens }
    public var d2dSigmaRelative: Double { programming.d2dSigmaRelative }
    public var enduranceCycles: Double { programming.faults.enduranceCycles }

    /// Evenly spaced levels inside the guard band:
    /// G = G_low + level/(levelCount − 1)·(G_high − G_low) with G_low, G_high the
    /// ``MultiLevelProgramming/levelLowSiemens`` and ``MultiLevelProgramming/levelHighSiemens``.
    public func targetConductance(level: Int, levelCount: Int) -> Double {
        precondition(levelCount >= 2 && (0..<levelCount).contains(level), "level \(level) outside 0..<\(levelCount)")
        let low = programming.levelLowSiemens
        return low + Double(level) / Double(levelCount - 1) * (programming.levelHighSiemens - low)
    }
}
