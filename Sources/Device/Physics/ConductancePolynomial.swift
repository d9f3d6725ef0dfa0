/// A standard deviation that depends on the target conductance through a polynomial,
/// σ(G) = G_max·Σᵢ cᵢ·xⁱ with x = G/G_max, clipped at 0.
///
/// This is the form of aihwkit's programming-noise fits (`PCMLikeNoiseModel.prog_coeff`,
/// `ReRamWan2022NoiseModel.coeff_dic`), whose coefficients are in µS at a reference G_max; here
/// they are divided by that reference, so σ scales with G_max as aihwkit scales it.
public struct ConductancePolynomial: Sendable, Equatable {
    /// Coefficients c₀, c₁, … of σ/G_max in powers of x = G/G_max.
    public let coefficientsRelative: [Double]
    /// G_max, siemens.
    public let conductanceMaxSiemens: Double

    /// A polynomial.
    public init(coefficientsRelative: [Double], conductanceMaxSiemens: Double) {
        self.coefficientsRelative = coefficientsRelative
        self.conductanceMaxSiemens = conductanceMaxSiemens
    }

    /// σ at conductance `siemens`, siemens.
    public func standardDeviation(atSiemens siemens: Double) -> Double {
        let x = siemens / conductanceMaxSiemens
        let relative = coefficientsRelative.reversed().reduce(0) { $0 * x + $1 }
        return max(0, relative) * conductanceMaxSiemens
    }
}
