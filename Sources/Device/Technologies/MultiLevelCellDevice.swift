/// A device whose cells are written by ``MultiLevelProgramming`` (ReRAM, PCM): its conductance
/// window, device-to-device variation and endurance are the programming model's.
public protocol MultiLevelCellDevice: MemoryDevice {
    /// Write-verify, variation, faults and post-verify relaxation.
    var programming: MultiLevelProgramming { get }
}

extension MultiLevelCellDevice {
    public var conductanceMinSiemens: Double { programming.conductanceMinSiemens }
    public var conductanceMaxSiemens: Double { programming.conductanceMaxSiemens }
    public var d2dSigmaRelative: Double { programming.d2dSigmaRelative }
    public var enduranceCycles: Double { programming.faults.enduranceCycles }
}
