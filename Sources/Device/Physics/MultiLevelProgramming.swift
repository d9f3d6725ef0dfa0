import Foundation
import Numerics

/// Programming of a multi-level resistive cell (ReRAM, PCM): device-to-device variation,
/// faults, write-verify with a nonlinear stochastic pulse response, and post-verify relaxation.
///
/// For each cell, in this order from the cell's own stream:
/// 1. faults and endurance (``FaultModel``);
/// 2. device-to-device variation: the cell's window low end G_low = G_min·e^(σ·ξ₁), its span
///    G_high − G_low = (G_max − G_min)·e^(σ·ξ₂), and its pulse strength e^(σ_step·ξ₃) (the
///    cell needs P/strength pulses to cross its window); σ = ``d2dSigmaRelative`` (for σ ≲ 0.2
///    the relative spread of each is ≈ σ);
/// 3. write-verify from the cell's low end (``WriteVerify``), its verify reads noisy;
/// 4. relaxation after the last verify: G₀ = max(0, G_verify + σ_relax(G_target)·z), the
///    conductance-dependent spread measured some time after iterative programming (aihwkit's
///    fits of Nandakumar et al. ICECS 2019 for PCM at t₀ = 20 s, Wan et al. Nature 2022 for
///    ReRAM at 1 s). Those measured spreads include the authors' own verify residual; the
///    residual this model adds (at most the verify tolerance) is small next to them for the
///    bundled presets.
///
/// A stuck cell keeps G_high (stuck on) or G_low (stuck off) and does not relax; write-verify
/// still spends its pulses on it. A worn-out cell stays at its low end.
public struct MultiLevelProgramming: Sendable, Equatable {
    /// Nominal lowest level, siemens.
    public let conductanceMinSiemens: Double
    /// Nominal highest level, siemens.
    public let conductanceMaxSiemens: Double
    /// σ of ln(window low end) and ln(window span) across cells.
    public let d2dSigmaRelative: Double
    /// σ of ln(pulse strength) across cells.
    public let d2dStepSigmaRelative: Double
    /// σ of each pulse's step relative to its nominal size.
    public let c2cSigmaRelative: Double
    /// Nominal SET response.
    public let set: PulseResponse
    /// Nominal RESET behaviour.
    public let reset: WriteVerify.Reset
    /// SET pulse.
    public let setPulse: WritePulse
    /// RESET pulse.
    public let resetPulse: WritePulse
    /// The write-verify scheme.
    public let writeVerify: WriteVerify
    /// Stuck-at faults and endurance.
    public let faults: FaultModel
    /// σ of the post-verify relaxation as a function of the target conductance.
    public let relaxation: ConductancePolynomial
    /// k, the guard band between the nominal window and the outer levels, in device-to-device σ.
    public let levelMarginSigmas: Double

    /// The largest guard band on either side: a quarter of the nominal window, so the levels always
    /// span at least half of it. With a device-to-device spread too wide for a k σ band (σ ≳ 10 %
    /// at k = 3) the levels stop moving inward and more cells end unverified instead, siemens.
    public var levelMarginLimitSiemens: Double { (conductanceMaxSiemens - conductanceMinSiemens) / 4 }

    /// The lowest level, G_min·e^(k·σ), at most ``levelMarginLimitSiemens`` above G_min: at or
    /// above the low end of all but the 0.13 % of cells whose low end lies more than k = 3 σ above
    /// nominal, siemens.
    public var levelLowSiemens: Double {
        conductanceMinSiemens + min(conductanceMinSiemens * (exp(levelMarginSigmas * d2dSigmaRelative) - 1), levelMarginLimitSiemens)
    }

    /// The highest level, G_min + (G_max − G_min)·e^(−k·σ): inside the window of every cell whose
    /// span is at most k σ below nominal (for k = 3, all but 0.13 %), siemens. Without the guard
    /// band, levels at G_max are out of reach of the half of the cells whose window is shorter
    /// than nominal: they end at their window's edge, unverified, after the most pulses.
    /// The band is at most ``levelMarginLimitSiemens``.
    public var levelHighSiemens: Double {
        let window = conductanceMaxSiemens - conductanceMinSiemens
        return conductanceMaxSiemens - min(window * (1 - exp(-levelMarginSigmas * d2dSigmaRelative)), levelMarginLimitSiemens)
    }

    /// Programs one cell to `targetSiemens`, drawing from the cell's own stream.
    public func program(targetSiemens: Double, using stream: inout RandomStream) -> ProgrammedCell {
        let condition = faults.draw(using: &stream)
        let low = conductanceMinSiemens * exp(d2dSigmaRelative * stream.nextNormal())
        let span = (conductanceMaxSiemens - conductanceMinSiemens) * exp(d2dSigmaRelative * stream.nextNormal())
        let strength = exp(d2dStepSigmaRelative * stream.nextNormal())
        let relaxationDeviate = stream.nextNormal()
        var cell = WriteVerify.Cell(
            lowSiemens: low, spanSiemens: span, set: set.scaled(strength: strength),
            reset: scaledReset(strength: strength), setPulse: setPulse, resetPulse: resetPulse,
            c2cSigmaRelative: c2cSigmaRelative, remainingCycles: condition.remainingCycles)
        switch condition.fault {
        case .stuckOn, .stuckOff:
            if condition.fault == .stuckOn { cell.lowSiemens = low + span }
            let outcome = writeVerify.program(cell, targetSiemens: targetSiemens, using: &stream)
            return ProgrammedCell(
                conductanceSiemens: cell.lowSiemens, targetSiemens: targetSiemens, fault: condition.fault, verified: outcome.verified,
                cost: outcome.cost)
        case .none, .wornOut:
            let outcome = writeVerify.program(cell, targetSiemens: targetSiemens, using: &stream)
            let sigma = relaxation.standardDeviation(atSiemens: targetSiemens)
            let fault: CellFault = condition.fault == .wornOut || outcome.woreOut ? .wornOut : .none
            return ProgrammedCell(
                conductanceSiemens: max(0, outcome.conductanceSiemens + sigma * relaxationDeviate),
                targetSiemens: targetSiemens, fault: fault,
                verified: outcome.verified, cost: outcome.cost)
        }
    }

    private func scaledReset(strength: Double) -> WriteVerify.Reset {
        switch reset {
        case .gradual(let response): .gradual(response.scaled(strength: strength))
        case .abrupt: .abrupt
        }
    }
}

extension MultiLevelProgramming {
    /// The preset keys ReRAM and PCM share, read and range-checked but not yet assembled.
    struct SharedKeys {
        var bitsPerCell: Int
        var maximumBitsPerCell: Int
        var conductanceMinSiemens: Double
        var conductanceMaxSiemens: Double
        var readVoltageVolts: Double
        var readPulseSeconds: Double
        var cellAreaFeatureSquared: Double
        var setPulseVoltageVolts: Double
        var setPulseSeconds: Double
        var setPulsesFullWindow: Double
        var setNonlinearity: Double
        var resetPulseVoltageVolts: Double
        var resetPulseSeconds: Double
        var c2cSigmaRelative: Double
        var d2dSigmaRelative: Double
        var d2dStepSigmaRelative: Double
        var verifyToleranceRelative: Double
        var maximumPulses: Int
        var relaxationCoefficients: [Double]
        var levelMarginSigmas: Double
        var faults: FaultModel

        /// Reads the shared keys.
        init(_ reader: inout PresetReader) {
            maximumBitsPerCell = reader.integer("maximumBitsPerCell", 1...8)
            bitsPerCell = reader.integer("bitsPerCell", 1...8)
            reader.require(bitsPerCell <= maximumBitsPerCell, "bitsPerCell", allowed: "at most maximumBitsPerCell")
            (conductanceMinSiemens, conductanceMaxSiemens) = reader.resistanceWindow()
            (readVoltageVolts, readPulseSeconds, cellAreaFeatureSquared) = reader.readout()
            setPulseVoltageVolts = reader.number("setPulseVoltageVolts", .leftOpen(0, 10))
            setPulseSeconds = reader.number("setPulseSeconds", .leftOpen(0, 1))
            setPulsesFullWindow = reader.number("setPulsesFullWindow", .closed(1, 1e6))
            setNonlinearity = reader.number("setNonlinearity", .closed(0, 20))
            resetPulseVoltageVolts = reader.number("resetPulseVoltageVolts", .leftOpen(0, 10))
            resetPulseSeconds = reader.number("resetPulseSeconds", .leftOpen(0, 1))
            c2cSigmaRelative = reader.number("c2cStepSigmaRelative", .closed(0, 1))
            d2dSigmaRelative = reader.d2dSigma()
            d2dStepSigmaRelative = reader.number("d2dStepSigmaRelative", .closed(0, 1))
            verifyToleranceRelative = reader.number("verifyToleranceRelative", .leftOpen(0, 0.5))
            maximumPulses = reader.integer("maximumPulses", 1...100_000)
            relaxationCoefficients = reader.polynomial("programmingNoiseCoefficientsRelative")
            levelMarginSigmas = reader.number("levelMarginSigmas", .closed(0, 6))
            faults = reader.faultModel()
        }

        /// The programming model with the given RESET behaviour, RESET pulse current and
        /// verify-read noise.
        func programming(
            reset: WriteVerify.Reset, resetCurrent: WritePulse.Current, verifyReadNoise: VerifyReadNoise
        ) -> MultiLevelProgramming {
            MultiLevelProgramming(
                conductanceMinSiemens: conductanceMinSiemens, conductanceMaxSiemens: conductanceMaxSiemens,
                d2dSigmaRelative: d2dSigmaRelative, d2dStepSigmaRelative: d2dStepSigmaRelative,
                c2cSigmaRelative: c2cSigmaRelative,
                set: PulseResponse(pulsesFullWindow: setPulsesFullWindow, nonlinearity: setNonlinearity),
                reset: reset, setPulse: WritePulse(voltageVolts: setPulseVoltageVolts, widthSeconds: setPulseSeconds),
                resetPulse: WritePulse(voltageVolts: resetPulseVoltageVolts, widthSeconds: resetPulseSeconds, current: resetCurrent),
                writeVerify: WriteVerify(
                    toleranceSiemens: verifyToleranceRelative * (conductanceMaxSiemens - conductanceMinSiemens),
                    maximumPulses: maximumPulses, readVoltageVolts: readVoltageVolts,
                    readPulseSeconds: readPulseSeconds, readNoise: verifyReadNoise),
                faults: faults,
                relaxation: ConductancePolynomial(
                    coefficientsRelative: relaxationCoefficients, conductanceMaxSiemens: conductanceMaxSiemens),
                levelMarginSigmas: levelMarginSigmas)
        }
    }
}
