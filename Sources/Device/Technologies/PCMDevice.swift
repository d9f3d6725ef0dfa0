import Numerics

/// Phase-change memory (doped GST), multi-level, with aihwkit's statistical model
/// (`PCMLikeNoiseModel`, fitted by Nandakumar et al., ICECS 2019) on top of a pulse-level
/// write-verify.
///
/// Model:
/// - levels evenly spaced in G_min…G_max, G_max = 1/R_on (aihwkit: 25 µS), G_min = G_max/ratio;
/// - gradual SET (partial crystallization): NeuroSim's exponential pulse response, ohmic energy
///   V²·Ḡ·t; abrupt RESET (melt-quench): one pulse re-amorphizes the cell to its low end, energy
///   V·I_reset·t; write-verify climbs with SET pulses and restarts from the bottom after an
///   overshoot (``MultiLevelProgramming``, ``WriteVerify``); each verify read sees the 1/f noise
///   accumulated since the pulse, `verifyReadDelaySeconds` earlier (``VerifyReadNoise``);
/// - programming noise after verify σ_prog(G) = G_max·(c₀ + c₁x + c₂x²), x = G_target/G_max
///   (aihwkit: 0.26348, 1.9650, −1.1731 µS at G_max = 25 µS: 0.26 µS at x = 0, 1.06 µS at x = 1);
/// - drift G(t) = G₀·(t/t₀)^(−ν), ν per cell from ``PCMDrift``;
/// - 1/f read noise whose σ grows with √ln t (``PCMReadNoise``), frozen per read time;
/// - device-to-device spread, stuck-at faults, lognormal endurance.
///
/// Preset keys: the shared multi-level keys of ``ReRAMDevice`` except the RESET response
/// (`resetPulsesFullWindow`, `resetNonlinearity`) and Gaussian read noise, plus
/// `resetCurrentAmperes`, `driftReferenceSeconds`, `driftExponentMeanLogSlope`,
/// `driftExponentMeanIntercept`, `driftExponentMeanMinimum`, `driftExponentMeanMaximum`,
/// `driftExponentSigmaLogSlope`, `driftExponentSigmaIntercept`, `driftExponentSigmaMinimum`,
/// `driftExponentSigmaMaximum`, `readNoiseCoefficient`, `readNoiseExponent`,
/// `readNoiseMaximumRelative`, `readNoiseTimeSeconds`, `verifyReadDelaySeconds`.
public struct PCMDevice: MultiLevelCellDevice, ConductanceProgrammable {
    public let name: String
    public var technology: DeviceTechnology { .pcm }
    public let bitsPerCell: Int
    public let maximumBitsPerCell: Int
    public let readVoltageVolts: Double
    public let readPulseSeconds: Double
    public let cellAreaFeatureSquared: Double
    /// Write-verify, variation, faults and programming noise.
    public let programming: MultiLevelProgramming
    /// Drift.
    public let drift: PCMDrift
    /// 1/f read noise.
    public let readNoise: PCMReadNoise

    /// The device a `pcm` preset describes; throws ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let shared = MultiLevelProgramming.SharedKeys(&reader)
        let resetCurrent = reader.number("resetCurrentAmperes", .leftOpen(0, 0.1))
        let driftModel = reader.pcmDrift()
        let noise = reader.pcmReadNoise(conductanceMaxSiemens: shared.conductanceMaxSiemens)
        let verifyDelay = reader.number("verifyReadDelaySeconds", .leftOpen(0, 1))
        try reader.finish()
        name = preset.name
        bitsPerCell = shared.bitsPerCell
        maximumBitsPerCell = shared.maximumBitsPerCell
        readVoltageVolts = shared.readVoltageVolts
        readPulseSeconds = shared.readPulseSeconds
        cellAreaFeatureSquared = shared.cellAreaFeatureSquared
        programming = shared.programming(
            reset: .abrupt, resetCurrent: .fixed(amperes: resetCurrent),
            verifyReadNoise: .oneOverF(noise, delaySeconds: verifyDelay))
        drift = driftModel
        readNoise = noise
    }

    public func program(targetSiemens target: Double, using stream: inout RandomStream) -> ProgrammedCell {
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let driftDeviate = cellStream.nextNormal()
        var cell = programming.program(targetSiemens: target, using: &cellStream)
        if cell.fault != .stuckOn && cell.fault != .stuckOff {
            cell.driftExponent = drift.exponent(relativeConductance: target / conductanceMaxSiemens, deviate: driftDeviate)
        }
        return cell
    }

    /// The accumulated 1/f noise, frozen per read time (aihwkit draws it once per
    /// `drift_weights(t)`); no per-conversion part.
    public func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise {
        let sigma = readNoise.standardDeviation(
            programmedSiemens: cell.conductanceSiemens, currentSiemens: conductance(of: cell, atSeconds: seconds),
            atSeconds: seconds)
        return ReadNoise(frozenSigmaSiemens: sigma, perConversionSigmaSiemens: 0)
    }

    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        drift.conductance(cell.conductanceSiemens, exponent: cell.driftExponent, atSeconds: seconds)
    }
}
