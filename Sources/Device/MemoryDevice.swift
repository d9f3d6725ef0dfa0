import Numerics

/// A memory technology that stores a conductance in each crossbar cell.
///
/// Behaviour is split by when it happens (CrossSim's `IDevice` split):
/// - **programming**, once per write: ``program(level:levelCount:using:)`` draws the cell's
///   device-to-device parameters and faults, runs write-verify, and returns the achieved
///   conductance and what the write cost;
/// - **reading**, at every MVM: ``readNoiseStandardDeviation(of:atSeconds:)``;
/// - **time**: ``conductance(of:atSeconds:)`` (drift; constant for devices that do not drift).
///
/// All conductances are in siemens, times in seconds after programming, energies in joules.
public protocol MemoryDevice: Sendable {
    /// Preset name, e.g. `reram`.
    var name: String { get }
    /// The technology the model describes.
    var technology: DeviceTechnology { get }
    /// Lowest programmable conductance (the "off" state), siemens.
    var conductanceMinSiemens: Double { get }
    /// Highest programmable conductance (the "on" state), siemens.
    var conductanceMaxSiemens: Double { get }
    /// Bits per cell the preset uses by default (levels = 2^bits).
    var bitsPerCell: Int { get }
    /// Most bits per cell the model supports (1 for binary technologies).
    var maximumBitsPerCell: Int { get }
    /// Voltage applied to a row for a read (a DAC's full-scale output), volts.
    var readVoltageVolts: Double { get }
    /// Duration of one read pulse, seconds.
    var readPulseSeconds: Double { get }
    /// Cell footprint in units of F² (feature size squared).
    var cellAreaFeatureSquared: Double { get }

    /// The nominal conductance of `level` out of `levelCount` levels, siemens.
    func targetConductance(level: Int, levelCount: Int) -> Double

    /// Writes `level` (of `levelCount`) into a fresh cell: draws device-to-device variation and
    /// faults, then runs write-verify. Every random draw comes from `stream`.
    func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell

    /// Standard deviation of the conductance seen by one read, `seconds` after programming.
    func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double

    /// The cell's conductance `seconds` after programming, before read noise.
    func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double
}

extension MemoryDevice {
    /// Evenly spaced levels: G = G_min + level/(levelCount − 1)·(G_max − G_min).
    public func targetConductance(level: Int, levelCount: Int) -> Double {
        precondition(levelCount >= 2 && (0..<levelCount).contains(level), "level \(level) outside 0..<\(levelCount)")
        return conductanceMinSiemens
            + Double(level) / Double(levelCount - 1) * (conductanceMaxSiemens - conductanceMinSiemens)
    }
}
