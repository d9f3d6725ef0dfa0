import Foundation

/// Read-current mismatch of a transistor from Pelgrom's law (Pelgrom, Duinmaijer & Welbers,
/// IEEE JSSC 24, 1433, 1989) and the alpha-power current law (Sakurai & Newton, IEEE JSSC 25,
/// 584, 1990).
///
/// A transistor of gate area W·L has a threshold offset ΔV_t ~ N(0, σ_Vt²), σ_Vt = A_VT/√(W·L),
/// and a current-factor offset Δβ/β ~ N(0, σ_β²). Its saturated current at gate overdrive
/// V_ov = V_GS − V_t is I = I₀·(1 + Δβ/β)·(1 − ΔV_t/V_ov)^α (zero if either factor is ≤ 0).
/// To first order (Kinget, IEEE JSSC 40, 1212, 2005)
///
///     (σ_I/I)² = σ_β² + (g_m/I)²·σ_Vt²,   g_m/I = α/V_ov.
///
/// Valid while σ_Vt ≪ V_ov (strong inversion).
public struct PelgromMismatch: Sendable, Equatable {
    /// A_VT, volt·metres (1 mV·µm = 1e-9 V·m).
    public let thresholdCoefficientVoltMeters: Double
    /// Gate width W, metres.
    public let widthMeters: Double
    /// Gate length L, metres.
    public let lengthMeters: Double
    /// V_ov = V_GS − V_t, volts.
    public let gateOverdriveVolts: Double
    /// α of the alpha-power law (2 long-channel, ≈ 1.3 short-channel).
    public let alphaPowerExponent: Double
    /// σ_β, the relative current-factor mismatch (A_β/√(W·L)).
    public let currentFactorSigmaRelative: Double

    /// A mismatch model.
    public init(
        thresholdCoefficientVoltMeters: Double, widthMeters: Double, lengthMeters: Double, gateOverdriveVolts: Double,
        alphaPowerExponent: Double, currentFactorSigmaRelative: Double
    ) {
        self.thresholdCoefficientVoltMeters = thresholdCoefficientVoltMeters
        self.widthMeters = widthMeters
        self.lengthMeters = lengthMeters
        self.gateOverdriveVolts = gateOverdriveVolts
        self.alphaPowerExponent = alphaPowerExponent
        self.currentFactorSigmaRelative = currentFactorSigmaRelative
    }

    /// σ_Vt = A_VT/√(W·L), volts.
    public var thresholdSigmaVolts: Double {
        thresholdCoefficientVoltMeters / (widthMeters * lengthMeters).squareRoot()
    }

    /// The first-order relative current spread √(σ_β² + (α·σ_Vt/V_ov)²).
    public var firstOrderCurrentSigmaRelative: Double {
        let threshold = alphaPowerExponent * thresholdSigmaVolts / gateOverdriveVolts
        return (currentFactorSigmaRelative * currentFactorSigmaRelative + threshold * threshold).squareRoot()
    }

    /// The current of a transistor with standard-normal offsets `thresholdDeviate` (of V_t) and
    /// `currentFactorDeviate` (of β), relative to the nominal current.
    public func relativeCurrent(thresholdDeviate: Double, currentFactorDeviate: Double) -> Double {
        let drive = 1 - thresholdSigmaVolts * thresholdDeviate / gateOverdriveVolts
        let factor = 1 + currentFactorSigmaRelative * currentFactorDeviate
        guard drive > 0, factor > 0 else { return 0 }
        return factor * pow(drive, alphaPowerExponent)
    }
}
