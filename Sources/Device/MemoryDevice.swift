import Numerics

/// A memory technology that stores a conductance in each crossbar cell.
///
/// Behaviour is split by when it happens (CrossSim's `IDevice` split):
/// - **programming**, once per write: ``program(level:levelCount:using:)`` draws the cell's
///   device-to-device parameters and faults, runs write-verify, and returns the achieved
///   conductance and what the write cost;
/// - **time**: ``conductance(of:atSeconds:)``, the cell's conductance before read noise (drift,
///   relaxation, retention; constant for devices without them);
/// - **reading**: ``readNoise(of:atSeconds:)``, split into a part frozen per read time and a part
///   drawn at every conversion (``ReadNoise``), combined by
///   ``read(_:atSeconds:frozenDeviate:perConversionDeviate:)``. A device implements
///   ``readNoise(of:atSeconds:)`` or ``readNoiseStandardDeviation(of:atSeconds:)``; each has a
///   default from the other (all noise per conversion, or the total σ).
///
/// All conductances are in siemens, times in seconds after programming, energies in joules.
/// Level `k` of `levelCount` targets ``targetConductance(level:levelCount:)``; `levelCount` may
/// be anything from 2 to 2^``maximumBitsPerCell`` (a run may use fewer bits than
/// ``bitsPerCell``, or, on an analog device, more).
public protocol MemoryDevice: Sendable {
    /// Preset name, e.g. `reram`.
    var name: String { get }
    /// The technology the model describes.
    var technology: DeviceTechnology { get }
    /// Low end of the nominal conductance window (the "off" state; level 0 unless the device keeps
    /// a guard band, ``MultiLevelProgramming/levelLowSiemens``), siemens.
    var conductanceMinSiemens: Double { get }
    /// High end of the nominal conductance window (the "on" state; the top level unless the device
    /// keeps a guard band, ``MultiLevelProgramming/levelHighSiemens``), siemens.
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
    /// Relative standard deviation of the device-to-device variation of a cell's conductance
    /// window (the knob sweeps vary as `d2dSigmaRelative`); 0 for models without variation.
    var d2dSigmaRelative: Double { get }
    /// Median number of write cycles a cell survives; `.infinity` when unlimited.
    var enduranceCycles: Double { get }
    /// Whether the cell loses its contents when power is removed (SRAM).
    var isVolatile: Bool { get }

    /// The nominal conductance of `level` out of `levelCount` levels, siemens.
    func targetConductance(level: Int, levelCount: Int) -> Double

    /// Writes `level` (of `levelCount`) into a fresh (erased) cell: draws device-to-device
    /// variation and faults, then runs write-verify. Every random draw comes from `stream`.
    ///
    /// Call once per cell with the cells of an array in a fixed order. The random models take
    /// exactly one 64-bit word of `stream` per call and draw everything else from a stream
    /// seeded by it, so cell k sees the same random numbers whatever the earlier cells did
    /// (common random numbers across parameter sweeps); the ideal device takes none.
    func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell

    /// Standard deviation (siemens) of the Gaussian noise one read adds to the cell's
    /// conductance, `seconds` after programming, both parts of ``readNoise(of:atSeconds:)``
    /// together.
    func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double

    /// The read noise of the cell `seconds` after programming, split by how often it is drawn.
    func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise

    /// The cell's conductance `seconds` after programming, before read noise: drift for PCM
    /// (G₀ before the drift reference time), retention loss where modelled, the stuck value for
    /// stuck cells.
    func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double
}

extension MemoryDevice {
    /// All read noise drawn at every conversion, unless the device splits it.
    public func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise {
        ReadNoise(frozenSigmaSiemens: 0, perConversionSigmaSiemens: readNoiseStandardDeviation(of: cell, atSeconds: seconds))
    }

    /// √(σ_frozen² + σ_conversion²) of ``readNoise(of:atSeconds:)``.
    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        readNoise(of: cell, atSeconds: seconds).totalSigmaSiemens
    }

    /// One read of `cell` at `seconds`: G(t) + σ_frozen·z_frozen + σ_conversion·z_conversion,
    /// clipped at 0 S (a conductance is not negative; aihwkit clips the same way), with the
    /// standard normals supplied by the caller — `frozenDeviate` keyed by (seed, cell, read
    /// time), `perConversionDeviate` fresh for each conversion.
    public func read(
        _ cell: ProgrammedCell, atSeconds seconds: Double, frozenDeviate: Double, perConversionDeviate: Double
    ) -> Double {
        let noise = readNoise(of: cell, atSeconds: seconds)
        let g = conductance(of: cell, atSeconds: seconds)
        return max(0, g + noise.frozenSigmaSiemens * frozenDeviate + noise.perConversionSigmaSiemens * perConversionDeviate)
    }

    /// Evenly spaced levels: G = G_min + level/(levelCount − 1)·(G_max − G_min).
    public func targetConductance(level: Int, levelCount: Int) -> Double {
        precondition(levelCount >= 2 && (0..<levelCount).contains(level), "level \(level) outside 0..<\(levelCount)")
        return conductanceMinSiemens
            + Double(level) / Double(levelCount - 1) * (conductanceMaxSiemens - conductanceMinSiemens)
    }

    /// No device-to-device variation unless the model has it.
    public var d2dSigmaRelative: Double { 0 }

    /// Unlimited endurance unless the model has a limit.
    public var enduranceCycles: Double { .infinity }

    /// Non-volatile unless the model says otherwise.
    public var isVolatile: Bool { false }

    /// Most levels a cell can hold: 2^``maximumBitsPerCell``.
    public var maximumLevelCount: Int { 1 << maximumBitsPerCell }

    /// Stops with a precondition failure unless `level` of `levelCount` is a valid request for
    /// this device (2 ≤ levelCount ≤ ``maximumLevelCount``, 0 ≤ level < levelCount): callers
    /// validate their configuration before programming.
    public func checkLevel(_ level: Int, of levelCount: Int) {
        precondition(
            (2...maximumLevelCount).contains(levelCount),
            "\(name): \(levelCount) levels outside 2...\(maximumLevelCount)")
        precondition((0..<levelCount).contains(level), "\(name): level \(level) outside 0..<\(levelCount)")
    }
}
