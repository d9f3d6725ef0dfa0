import Numerics

/// IBM aihwkit 1.1's `PCMLikeNoiseModel` (`aihwkit/inference/noise/pcm.py`; Nandakumar et al.,
/// ICECS 2019), reproduced exactly at the conductance level: no write-verify, no pulses, no
/// faults, no device-to-device variation — the statistics aihwkit applies to every conductance
/// of an analog tile.
///
/// Conventions, each as in aihwkit (µS there, siemens here):
/// - **programming** (`apply_programming_noise_to_conductance`): G₀ = max(0, G_T + σ_p·z),
///   σ_p = G_max·Σᵢ cᵢ·(G_T/G_max)ⁱ with `prog_coeff` [0.26348, 1.9650, −1.1731] µS fitted at
///   25 µS and scaled by G_max/25 µS (``ConductancePolynomial``; stored divided by 25 µS);
/// - **drift coefficient** (`generate_drift_coefficients`, from the target G_T):
///   ν = |μ_ν(x) + σ_ν(x)·z|, x = max(G_T/G_max, 10⁻⁷), μ_ν and σ_ν clipped linear functions
///   of ln x (``PCMDrift``);
/// - **time** (`apply_drift_noise_to_conductance`): the `seconds` this device is asked about are
///   aihwkit's `t_inference`, counted from the end of programming, and the formulas use
///   t = t_inference + t₀ with t₀ = `driftReferenceSeconds` (aihwkit `t_0` = 20 s);
/// - **drift**: G(t) = G₀·(t/t₀)^(−ν) for t > t₀ (t_inference > 0), G₀ otherwise;
/// - **1/f read noise**: σ = |G(t)|·Q_s·√ln((t + t_r)/(2·t_r)),
///   Q_s = min(0.0088/max((|G₀|/G_max)^0.65, 10⁻³), 0.2), t_r = 250 ns (``PCMReadNoise``),
///   one Gaussian draw per cell per inference time (aihwkit draws it once per
///   `drift_weights(t_inference)`): the ``ReadNoise/frozenSigmaSiemens`` part, no
///   per-conversion part;
/// - **clipping**: the read conductance is clipped at 0 (``MemoryDevice/read(_:atSeconds:frozenDeviate:perConversionDeviate:)``).
///
/// aihwkit has no write cost, so a write here costs nothing (``WriteCost/zero``) and is always
/// verified. Read voltage, read pulse and cell area are not part of aihwkit's model; the preset
/// takes Crossbar's `pcm` values for them.
///
/// Preset keys: `bitsPerCell`, `maximumBitsPerCell`, `conductanceMinSiemens`,
/// `conductanceMaxSiemens`, `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`,
/// `programmingNoiseCoefficientsRelative`, the drift keys of ``PCMDevice``
/// (`driftReferenceSeconds`, `driftExponentMean…`, `driftExponentSigma…`) and its read-noise
/// keys (`readNoiseCoefficient`, `readNoiseExponent`, `readNoiseMaximumRelative`,
/// `readNoiseTimeSeconds`).
public struct AIHWKitPCMDevice: AIHWKitDevice {
    public let name: String
    public var technology: DeviceTechnology { .pcm }
    public let window: AnalogCellWindow
    /// σ_p of programming as a function of the target.
    public let programmingNoise: ConductancePolynomial
    /// Drift coefficients and the drift law (its t₀ is also the time offset t − t_inference).
    public let drift: PCMDrift
    /// 1/f read noise.
    public let readNoise: PCMReadNoise

    /// The device a `pcm` preset with `"model": "aihwkit"` describes; throws
    /// ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let cellWindow = reader.analogWindow(maximumBits: 8)
        let coefficients = reader.polynomial("programmingNoiseCoefficientsRelative")
        let driftModel = reader.pcmDrift()
        let noise = reader.pcmReadNoise(conductanceMaxSiemens: cellWindow.conductanceMaxSiemens)
        try reader.finish()
        name = preset.name
        window = cellWindow
        programmingNoise = ConductancePolynomial(
            coefficientsRelative: coefficients, conductanceMaxSiemens: cellWindow.conductanceMaxSiemens)
        drift = driftModel
        readNoise = noise
    }

    /// Programs G₀ and ν from the cell's own stream (two normals: programming, then drift, the
    /// order of aihwkit's `program_weights`).
    public func program(targetSiemens target: Double, using stream: inout RandomStream) -> ProgrammedCell {
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let programmed = max(0, target + programmingNoise.standardDeviation(atSiemens: target) * cellStream.nextNormal())
        let exponent = drift.exponent(relativeConductance: target / conductanceMaxSiemens, deviate: cellStream.nextNormal())
        return ProgrammedCell(conductanceSiemens: programmed, targetSiemens: target, driftExponent: exponent)
    }

    /// The 1/f noise at t = `seconds` + t₀, all of it frozen per inference time.
    public func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise {
        let sigma = readNoise.standardDeviation(
            programmedSiemens: cell.conductanceSiemens, currentSiemens: conductance(of: cell, atSeconds: seconds),
            atSeconds: seconds + drift.referenceSeconds)
        return ReadNoise(frozenSigmaSiemens: sigma, perConversionSigmaSiemens: 0)
    }

    /// G₀·((t_inference + t₀)/t₀)^(−ν).
    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        drift.conductance(cell.conductanceSiemens, exponent: cell.driftExponent, atSeconds: seconds + drift.referenceSeconds)
    }
}
