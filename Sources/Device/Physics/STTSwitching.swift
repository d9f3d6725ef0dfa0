import Foundation

/// Stochastic switching of a perpendicular magnetic tunnel junction under a current pulse, and
/// its thermal retention, in the macrospin picture.
///
/// With i = I/I_c0 the pulse current over the zero-temperature critical current and Δ the
/// thermal stability factor E_b/k_BT:
///
/// - **Precessional regime, i > 1** (Sun, PRB 62, 570, 2000; the thermal distribution of the
///   initial angle as in Butler et al., IEEE Trans. Magn. 48, 4684, 2012): a pulse of width t
///   fails to switch with probability
///
///       WER(t) = 1 − exp(−(π²Δ/4)·exp(−2(i − 1)·t/τ_D)),
///
///   τ_D the characteristic precession time. Valid for ns pulses well above I_c0.
/// - **Thermal activation, i < 1** (Koch, Katine & Sun, PRL 92, 088302, 2004): switching is a
///   Poisson process of rate f₀·exp(−Δ(1 − i)), so WER(t) = exp(−(t/τ₀)·exp(−Δ(1 − i))),
///   τ₀ = 1/f₀ the attempt time. Valid for pulses ≫ τ₀.
///
/// Neither form holds close to i = 1; this model uses the precessional one above and the
/// thermal one below. Retention (Néel–Brown): with no current a cell keeps its state for an
/// exponential time of mean τ₀·e^Δ.
public struct STTSwitching: Sendable, Equatable {
    /// Δ = E_b/k_BT.
    public let thermalStability: Double
    /// I_c0, amperes.
    public let criticalCurrentAmperes: Double
    /// τ_D, seconds.
    public let precessionTimeSeconds: Double
    /// τ₀ = 1/f₀, seconds.
    public let attemptTimeSeconds: Double

    /// A switching model.
    public init(
        thermalStability: Double, criticalCurrentAmperes: Double, precessionTimeSeconds: Double,
        attemptTimeSeconds: Double
    ) {
        self.thermalStability = thermalStability
        self.criticalCurrentAmperes = criticalCurrentAmperes
        self.precessionTimeSeconds = precessionTimeSeconds
        self.attemptTimeSeconds = attemptTimeSeconds
    }

    /// Probability that a pulse of `pulseSeconds` at `currentAmperes` leaves the cell unswitched.
    public func writeErrorRate(pulseSeconds: Double, currentAmperes: Double) -> Double {
        let i = currentAmperes / criticalCurrentAmperes
        if i > 1 {
            let decay = exp(-2 * (i - 1) * pulseSeconds / precessionTimeSeconds)
            return -expm1(-Double.pi * Double.pi * thermalStability / 4 * decay)
        }
        return exp(-pulseSeconds / attemptTimeSeconds * exp(-thermalStability * (1 - i)))
    }

    /// Mean time a cell keeps its state without current, τ₀·e^Δ, seconds.
    public var meanRetentionSeconds: Double {
        attemptTimeSeconds * exp(thermalStability)
    }
}
