import Numerics

/// IBM aihwkit 1.1's `ReRamWan2022NoiseModel` (`aihwkit/inference/noise/reram.py`; fits to Wan
/// et al., Nature 608, 504, 2022), reproduced exactly at the conductance level: no write-verify,
/// no pulses, no faults, no device-to-device variation.
///
/// Conventions, each as in aihwkit (µS there, siemens here):
/// - **programming** (`apply_programming_noise_to_conductance`, the fit of the earliest time,
///   1 s): G₀ = max(0, G_T + σ(G_T, 1 s)·z);
/// - **later times** (`apply_drift_noise_to_conductance`): at `seconds` = t_inference ≥ 1 s the
///   conductance is drawn afresh around the target, max(0, G_T + σ(G_T, t)·z), independent of
///   G₀ and of other times: ``conductance(of:atSeconds:)`` is G_T and σ(G_T, t) is the
///   ``ReadNoise/frozenSigmaSiemens`` part (one draw per cell per inference time), from
///   ``ReRAMRelaxation`` — exact at the fitted 1 s, 1 day and 2 days; interpolated in ln t
///   between them and held outside (aihwkit raises `ArgumentError` for other times). Before
///   1 s the cell reads G₀;
/// - the coefficients are µS at G_max = 40 µS and aihwkit 1.1 applies them unscaled whatever
///   `g_max` is (its `coeff_g_max_reference` defaults to `g_max`); the preset's G_max is 40 µS,
///   where both readings agree;
/// - no read noise: aihwkit's note suggests adding about 1 % as the tile's forward `w_noise`, an
///   analog-tile setting, not part of this model.
///
/// aihwkit has no write cost, so a write costs nothing (``WriteCost/zero``). Read voltage, read
/// pulse and cell area are Crossbar's `reram` values.
///
/// Preset keys: `bitsPerCell`, `maximumBitsPerCell`, `conductanceMinSiemens`,
/// `conductanceMaxSiemens`, `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`,
/// `programmingNoiseCoefficientsRelative`, `programmingNoiseSeconds`, `relaxationTimesSeconds`,
/// `relaxationCoefficientsRelative`.
public struct AIHWKitReRAMDevice: AIHWKitDevice {
    public let name: String
    public var technology: DeviceTechnology { .reram }
    public let window: AnalogCellWindow
    /// σ(G_T, t) at programming and later times.
    public let relaxation: ReRAMRelaxation

    /// The device a `reram` preset with `"model": "aihwkit"` describes; throws
    /// ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let cellWindow = reader.analogWindow(maximumBits: 8)
        let programming = ConductancePolynomial(
            coefficientsRelative: reader.polynomial("programmingNoiseCoefficientsRelative"),
            conductanceMaxSiemens: cellWindow.conductanceMaxSiemens)
        let fits = reader.reramRelaxation(programming: programming)
        try reader.finish()
        name = preset.name
        window = cellWindow
        relaxation = fits
    }

    /// G₀ from the cell's own stream (one normal).
    public func program(targetSiemens target: Double, using stream: inout RandomStream) -> ProgrammedCell {
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let sigma = relaxation.programming.standardDeviation(atSiemens: target)
        return ProgrammedCell(conductanceSiemens: max(0, target + sigma * cellStream.nextNormal()), targetSiemens: target)
    }

    /// σ(G_T, t) frozen per inference time from 1 s on; nothing before.
    public func readNoise(of cell: ProgrammedCell, atSeconds seconds: Double) -> ReadNoise {
        guard seconds >= relaxation.programmingSeconds else { return .zero }
        return ReadNoise(
            frozenSigmaSiemens: relaxation.standardDeviation(targetSiemens: cell.targetSiemens, atSeconds: seconds),
            perConversionSigmaSiemens: 0)
    }

    /// G₀ before the first fitted time, G_T from then on (the fresh draw is the read noise).
    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        seconds >= relaxation.programmingSeconds ? cell.targetSiemens : cell.conductanceSiemens
    }
}
