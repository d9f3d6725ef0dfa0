import Foundation

/// PCM 1/f read noise, aihwkit's `PCMLikeNoiseModel` (Nandakumar et al., ICECS 2019):
///
///     σ(t) = |G(t)|·Q_s·√ln((t + t_r)/(2·t_r)),   Q_s = min(c / max(x₀^e, 10⁻³), Q_max),
///
/// with x₀ = G₀/G_max the programmed conductance relative to G_max (aihwkit: c = 0.0088,
/// e = 0.65, Q_max = 0.2, t_r = 250 ns) and t the time since programming. The noise power of a
/// 1/f process integrated from 1/t to 1/t_r grows with ln t. For t ≤ t_r it is 0.
///
/// aihwkit draws this accumulated noise once per evaluation time (`drift_weights`), so the PCM
/// devices report it as ``ReadNoise/frozenSigmaSiemens``: one draw per cell per read time,
/// shared by every read at that time.
public struct PCMReadNoise: Sendable, Equatable {
    /// c, the 1/f amplitude at x₀ = 1.
    public let coefficient: Double
    /// e, the exponent of x₀.
    public let exponent: Double
    /// Q_max, the cap on Q_s.
    public let maximumRelative: Double
    /// t_r, the read duration the integral starts from, seconds.
    public let readTimeSeconds: Double
    /// G_max, siemens.
    public let conductanceMaxSiemens: Double

    /// A read-noise model.
    public init(
        coefficient: Double, exponent: Double, maximumRelative: Double, readTimeSeconds: Double,
        conductanceMaxSiemens: Double
    ) {
        self.coefficient = coefficient
        self.exponent = exponent
        self.maximumRelative = maximumRelative
        self.readTimeSeconds = readTimeSeconds
        self.conductanceMaxSiemens = conductanceMaxSiemens
    }

    /// σ of a read at `seconds` of a cell programmed to `programmedSiemens` that has drifted to
    /// `currentSiemens`, siemens.
    public func standardDeviation(programmedSiemens: Double, currentSiemens: Double, atSeconds seconds: Double) -> Double {
        let x = abs(programmedSiemens) / conductanceMaxSiemens
        let amplitude = min(coefficient / max(pow(x, exponent), 1e-3), maximumRelative)
        let accumulated = log((seconds + readTimeSeconds) / (2 * readTimeSeconds))
        return accumulated > 0 ? abs(currentSiemens) * amplitude * accumulated.squareRoot() : 0
    }
}
