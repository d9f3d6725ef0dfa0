/// A device that reproduces one of aihwkit's statistical inference noise models
/// (``AIHWKitPCMDevice``, ``AIHWKitReRAMDevice``): continuous conductances in a window given in
/// siemens, no faults, no variation, no write cost.
public protocol AIHWKitDevice: ConductanceProgrammable {
    /// The window and the figures aihwkit does not model.
    var window: AnalogCellWindow { get }
}

extension AIHWKitDevice {
    public var conductanceMinSiemens: Double { window.conductanceMinSiemens }
    public var conductanceMaxSiemens: Double { window.conductanceMaxSiemens }
    public var bitsPerCell: Int { window.bitsPerCell }
    public var maximumBitsPerCell: Int { window.maximumBitsPerCell }
    public var readVoltageVolts: Double { window.readVoltageVolts }
    public var readPulseSeconds: Double { window.readPulseSeconds }
    public var cellAreaFeatureSquared: Double { window.cellAreaFeatureSquared }
}
