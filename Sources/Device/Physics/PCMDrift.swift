import Foundation

/// PCM conductance drift, G(t) = G₀·(t/t₀)^(−ν), with a drift exponent ν that depends on the
/// conductance and varies from cell to cell — aihwkit's `PCMLikeNoiseModel`
/// (`generate_drift_coefficients`, `apply_drift_noise_to_conductance`), fitted by Nandakumar et
/// al. (ICECS 2019) to doped-GST devices.
///
/// With x = G_target/G_max (floored at 10⁻⁷):
///
///     μ_ν(x) = clip(a_μ·ln x + b_μ, μ_min, μ_max)      aihwkit: a = −0.0155, b = 0.0244, [0.049, 0.1]
///     σ_ν(x) = clip(a_σ·ln x + b_σ, σ_min, σ_max)      aihwkit: a = −0.0125, b = −0.0059, [0.008, 0.045]
///     ν = |μ_ν + σ_ν·z|,  z ~ N(0, 1)
///
/// t is the time since programming and t₀ the first read after it (aihwkit's t₀ = 20 s; its
/// `t_inference` is t − t₀). Before t₀ the conductance is G₀. Valid for t up to the years the
/// fit's data cover.
public struct PCMDrift: Sendable, Equatable {
    /// Drift reference time t₀, seconds.
    public let referenceSeconds: Double
    /// a_μ, the slope of μ_ν against ln x.
    public let meanLogSlope: Double
    /// b_μ, μ_ν at x = 1 before clipping.
    public let meanIntercept: Double
    /// Lower clip of μ_ν.
    public let meanMinimum: Double
    /// Upper clip of μ_ν.
    public let meanMaximum: Double
    /// a_σ, the slope of σ_ν against ln x.
    public let sigmaLogSlope: Double
    /// b_σ, σ_ν at x = 1 before clipping.
    public let sigmaIntercept: Double
    /// Lower clip of σ_ν.
    public let sigmaMinimum: Double
    /// Upper clip of σ_ν.
    public let sigmaMaximum: Double

    /// A drift model.
    public init(
        referenceSeconds: Double, meanLogSlope: Double, meanIntercept: Double, meanMinimum: Double,
        meanMaximum: Double, sigmaLogSlope: Double, sigmaIntercept: Double, sigmaMinimum: Double,
        sigmaMaximum: Double
    ) {
        self.referenceSeconds = referenceSeconds
        self.meanLogSlope = meanLogSlope
        self.meanIntercept = meanIntercept
        self.meanMinimum = meanMinimum
        self.meanMaximum = meanMaximum
        self.sigmaLogSlope = sigmaLogSlope
        self.sigmaIntercept = sigmaIntercept
        self.sigmaMinimum = sigmaMinimum
        self.sigmaMaximum = sigmaMaximum
    }

    /// μ_ν at relative conductance x = G/G_max.
    public func meanExponent(relativeConductance x: Double) -> Double {
        min(max(meanLogSlope * log(max(x, 1e-7)) + meanIntercept, meanMinimum), meanMaximum)
    }

    /// σ_ν at relative conductance x = G/G_max.
    public func exponentSigma(relativeConductance x: Double) -> Double {
        min(max(sigmaLogSlope * log(max(x, 1e-7)) + sigmaIntercept, sigmaMinimum), sigmaMaximum)
    }

    /// The drift exponent of a cell at relative conductance `x` for the standard normal `z`.
    public func exponent(relativeConductance x: Double, deviate z: Double) -> Double {
        abs(meanExponent(relativeConductance: x) + exponentSigma(relativeConductance: x) * z)
    }

    /// G(t) for a cell with G₀ = `siemens` and exponent ν.
    public func conductance(_ siemens: Double, exponent: Double, atSeconds seconds: Double) -> Double {
        seconds > referenceSeconds ? siemens * pow(seconds / referenceSeconds, -exponent) : siemens
    }
}
