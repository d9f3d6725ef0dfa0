import Foundation

/// How the spread of ReRAM conductances around their targets grows after programming:
/// aihwkit's `ReRamWan2022NoiseModel` fits to the measurements of Wan et al. (Nature 608, 504,
/// 2022; chips programmed by iterative write-verify), σ(G_T, t) = G_max·Σᵢ cᵢ(t)·(G_T/G_max)ⁱ
/// at t = 1 s, 1 day and 2 days after programming (`coeff_dic`, 4th-order polynomials in µS at
/// G_max = 40 µS).
///
/// Between fitted times σ is interpolated linearly in ln t; before the first it is the first
/// fit and after the last the last (aihwkit refuses other times: an extension, not a
/// measurement). Wan et al. give the spread of the population at each time, not how one cell's
/// deviation evolves: aihwkit draws each time afresh around the target; Crossbar's `reram`
/// keeps the programmed deviation and adds an independent increment of variance
/// σ(t)² − σ(t₁)² (``growthStandardDeviation(targetSiemens:atSeconds:)``), which gives the
/// same population spread at every fitted time.
public struct ReRAMRelaxation: Sendable, Equatable {
    /// t₁, the time of the first fit (the programming noise), seconds.
    public let programmingSeconds: Double
    /// σ(G_T, t₁), the programming noise.
    public let programming: ConductancePolynomial
    /// The later fitted times, seconds, increasing.
    public let timesSeconds: [Double]
    /// σ(G_T, t) at each of ``timesSeconds``.
    public let spreads: [ConductancePolynomial]

    /// A relaxation model.
    public init(
        programmingSeconds: Double, programming: ConductancePolynomial, timesSeconds: [Double],
        spreads: [ConductancePolynomial]
    ) {
        self.programmingSeconds = programmingSeconds
        self.programming = programming
        self.timesSeconds = timesSeconds
        self.spreads = spreads
    }

    /// σ of cells written to `targetSiemens`, `seconds` after programming, siemens.
    public func standardDeviation(targetSiemens: Double, atSeconds seconds: Double) -> Double {
        let times = [programmingSeconds] + timesSeconds
        let sigmas = ([programming] + spreads).map { $0.standardDeviation(atSiemens: targetSiemens) }
        guard let next = times.firstIndex(where: { $0 >= seconds }) else { return sigmas[sigmas.count - 1] }
        guard next > 0 else { return sigmas[0] }
        let fraction = log(seconds / times[next - 1]) / log(times[next] / times[next - 1])
        return sigmas[next - 1] + fraction * (sigmas[next] - sigmas[next - 1])
    }

    /// √(max(0, σ(t)² − σ(t₁)²)): the spread a cell gains between t₁ and `seconds`, siemens.
    public func growthStandardDeviation(targetSiemens: Double, atSeconds seconds: Double) -> Double {
        let now = standardDeviation(targetSiemens: targetSiemens, atSeconds: seconds)
        let first = programming.standardDeviation(atSiemens: targetSiemens)
        return max(0, now * now - first * first).squareRoot()
    }
}
