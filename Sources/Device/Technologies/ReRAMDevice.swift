import Numerics

/// Filamentary ReRAM (HfOx/TaOx-like, 1T1R), multi-level, programmed by write-verify.
///
/// Model (see ``MultiLevelProgramming`` for the per-cell sequence):
/// - levels evenly spaced in G_min…G_max, G_max = 1/R_on, G_min = G_max/(on/off ratio);
/// - SET and RESET pulses follow NeuroSim's exponential response (``PulseResponse``) with their
///   own pulse counts and nonlinearities: nonlinear and asymmetric, state-dependent, with
///   cycle-to-cycle spread of every step; pulse energy V²·Ḡ·t (ohmic, NeuroSim);
/// - device-to-device spread of each cell's window and pulse strength, stuck-at faults,
///   lognormal endurance;
/// - post-verify relaxation σ(G) from aihwkit's fit to Wan et al. (Nature 608, 504, 2022) at 1 s,
///   growing to its 1-day and 2-day fits (``ReRAMRelaxation``): the extra spread
///   √(σ(t)² − σ(1 s)²) is drawn once per cell and read time (``ReadNoise/frozenSigmaSiemens``);
/// - read noise σ = √((σ_rel·G)² + σ_abs²) at every conversion and in every verify read; no
///   drift of the mean.
///
/// Preset keys: `bitsPerCell`, `maximumBitsPerCell`, `resistanceOnOhms`, `onOffRatio`,
/// `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`, `setPulseVoltageVolts`,
/// `setPulseSeconds`, `setPulsesFullWindow`, `setNonlinearity`, `resetPulseVoltageVolts`,
/// `resetPulseSeconds`, `resetPulsesFullWindow`, `resetNonlinearity`, `c2cStepSigmaRelative`,
/// `d2dSigmaRelative`, `d2dStepSigmaRelative`, `verifyToleranceRelative`, `maximumPulses`,
/// `programmingNoiseCoefficientsRelative`, `programmingNoiseSeconds`, `relaxationTimesSeconds`,
/// `relaxationCoefficientsRelative`, `readNoiseSigmaRelative`, `readNoiseSigmaSiemens`,
/// `stuckOnRate`, `stuckOffRate`, `enduranceCycles`, `enduranceLogSigma`, `priorWriteCycles`.
public struct ReRAMDevice: MultiLevelCellDevice, ConductanceProgrammable {
    public let name: String
    public var technology: DeviceTechnology { .reram }
    public let bitsPerCell: Int
    public let maximumBitsPerCell: Int
    public let readVoltageVolts: Double
    public let readPulseSeconds: Double
    public let cellAreaFeatureSquared: Double
    /// Write-verify, variation, faults and relaxation.
    public let programming: MultiLevelProgramming
    /// Read noise (per conversion, and in every verify read).
    public let readNoise: GaussianReadNoise
    /// How the conductance spread grows after programming.
    public let relaxation: ReRAMRelaxation

    /// The device a `reram` preset describes; throws ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let shared = MultiLevelProgramming.SharedKeys(&reader)
        let resetPulses = reader.number("resetPulsesFullWindow", .closed(1, 1e6))
        let resetNonlinearity = reader.number("resetNonlinearity", .closed(0, 20))
        let noise = reader.gaussianReadNoise()
        let fits = reader.reramRelaxation(
            programming: ConductancePolynomial(
                coefficientsRelative: shared.relaxationCoefficients, conductanceMaxSiemens: shared.conductanceMaxSiemens))
        try reader.finish()
        readNoise = noise
        relaxation = fits
        name = preset.name
        bitsPerCell = shared.bitsPerCell
        maximumBitsPerCell = shared.maximumBitsPerCell
        readVoltageVolts = shared.readVoltageVolts
        readPulseSeconds = shared.readPulseSeconds
        cellAreaFeatureSquared = shared.cellAreaFeatureSquared
        programming = shared.programming(
            reset: .gradual(PulseResponse(pulsesFullWindow: resetPulses, nonlinearity: resetNonlinearity)),
            resetCurrent: .ohmic, verifyReadNoise: .gaussian(noise))
    }

    public func program(targetSiemens: Double, using stream: inout RandomStream) -> ProgrammedCell {
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        return programming.program(targetSiemens: targetSiemens, using: &cellStream)
    }

    /// The relaxation gained since the programming-noise fit (1 s), frozen per read time, and
    /// the Gaussian read noise per conversion. Stuck cells do not relax.
    public func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise {
        let stuck = cell.fault == .stuckOn || cell.fault == .stuckOff
        return ReadNoise(
            frozenSigmaSiemens: stuck ? 0 : relaxation.growthStandardDeviation(targetSiemens: cell.targetSiemens, atSeconds: seconds),
            perConversionSigmaSiemens: readNoise.standardDeviation(atSiemens: cell.conductanceSiemens))
    }

    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        cell.conductanceSiemens
    }
}
