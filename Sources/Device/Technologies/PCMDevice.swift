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
///   overshoot (``MultiLevelProgramming``, ``WriteVerify``);
/// - programming noise after verify σ_prog(G) = G_max·(c₀ + c₁x + c₂x²), x = G_target/G_max
///   (aihwkit: 0.26348, 1.9650, −1.1731 µS at G_max = 25 µS: 0.26 µS at x = 0, 1.06 µS at x = 1);
/// - drift G(t) = G₀·(t/t₀)^(−ν), ν per cell from ``PCMDrift``;
/// - 1/f read noise whose σ grows with √ln t (``PCMReadNoise``);
/// - device-to-device spread, stuck-at faults, lognormal endurance.
///
/// Preset keys: the shared multi-level keys of ``ReRAMDevice`` except the RESET response
/// (`resetPulsesFullWindow`, `resetNonlinearity`) and Gaussian read noise, plus
/// `resetCurrentAmperes`, `driftReferenceSeconds`, `driftExponentMeanLogSlope`,
/// `driftExponentMeanIntercept`, `driftExponentMeanMinimum`, `driftExponentMeanMaximum`,
/// `driftExponentSigmaLogSlope`, `driftExponentSigmaIntercept`, `driftExponentSigmaMinimum`,
/// `driftExponentSigmaMaximum`, `readNoiseCoefficient`, `readNoiseExponent`,
/// `readNoiseMaximumRelative`, `readNoiseTimeSeconds`.
public struct PCMDevice: MultiLevelCellDevice {
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
        let reference = reader.number("driftReferenceSeconds", .positive)
        let meanSlope = reader.number("driftExponentMeanLogSlope", .finite)
        let meanIntercept = reader.number("driftExponentMeanIntercept", .finite)
        let meanMinimum = reader.number("driftExponentMeanMinimum", .closed(0, 1))
        let meanMaximum = reader.number("driftExponentMeanMaximum", .closed(0, 1))
        reader.require(meanMaximum >= meanMinimum, "driftExponentMeanMaximum", allowed: "≥ driftExponentMeanMinimum")
        let sigmaSlope = reader.number("driftExponentSigmaLogSlope", .finite)
        let sigmaIntercept = reader.number("driftExponentSigmaIntercept", .finite)
        let sigmaMinimum = reader.number("driftExponentSigmaMinimum", .closed(0, 1))
        let sigmaMaximum = reader.number("driftExponentSigmaMaximum", .closed(0, 1))
        reader.require(sigmaMaximum >= sigmaMinimum, "driftExponentSigmaMaximum", allowed: "≥ driftExponentSigmaMinimum")
        let noiseCoefficient = reader.number("readNoiseCoefficient", .closed(0, 1))
        let noiseExponent = reader.number("readNoiseExponent", .closed(0, 5))
        let noiseMaximum = reader.number("readNoiseMaximumRelative", .closed(0, 1))
        let noiseTime = reader.number("readNoiseTimeSeconds", .leftOpen(0, 1))
        try reader.finish()
        name = preset.name
        bitsPerCell = shared.bitsPerCell
        maximumBitsPerCell = shared.maximumBitsPerCell
        readVoltageVolts = shared.readVoltageVolts
        readPulseSeconds = shared.readPulseSeconds
        cellAreaFeatureSquared = shared.cellAreaFeatureSquared
        programming = shared.programming(reset: .abrupt, resetCurrent: .fixed(amperes: resetCurrent))
        drift = PCMDrift(
            referenceSeconds: reference, meanLogSlope: meanSlope, meanIntercept: meanIntercept, meanMinimum: meanMinimum,
            meanMaximum: meanMaximum, sigmaLogSlope: sigmaSlope, sigmaIntercept: sigmaIntercept,
            sigmaMinimum: sigmaMinimum, sigmaMaximum: sigmaMaximum)
        readNoise = PCMReadNoise(
            coefficient: noiseCoefficient, exponent: noiseExponent, maximumRelative: noiseMaximum,
            readTimeSeconds: noiseTime, conductanceMaxSiemens: shared.conductanceMaxSiemens)
    }

    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let target = targetConductance(level: level, levelCount: levelCount)
        let driftDeviate = cellStream.nextNormal()
        var cell = programming.program(targetSiemens: target, using: &cellStream)
        if cell.fault != .stuckOn && cell.fault != .stuckOff {
            cell.driftExponent = drift.exponent(relativeConductance: target / conductanceMaxSiemens, deviate: driftDeviate)
        }
        return cell
    }

    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        readNoise.standardDeviation(
            programmedSiemens: cell.conductanceSiemens, currentSiemens: conductance(of: cell, atSeconds: seconds),
            atSeconds: seconds)
    }

    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        drift.conductance(cell.conductanceSiemens, exponent: cell.driftExponent, atSeconds: seconds)
    }
}
