/// Read noise as a Gaussian with a part proportional to the conductance and a constant part:
/// σ = √((σ_rel·G)² + σ_abs²).
///
/// The constant part is aihwkit's `ADDITIVE_CONSTANT` weight noise (its ReRAM note suggests
/// about 1 % of G_max); the proportional part is NeuroSim's `sigmaReadNoise`.
public struct GaussianReadNoise: Sendable, Equatable {
    /// σ relative to the conductance read.
    public let sigmaRelative: Double
    /// σ independent of the conductance, siemens.
    public let sigmaSiemens: Double

    /// A read-noise model.
    public init(sigmaRelative: Double, sigmaSiemens: Double) {
        self.sigmaRelative = sigmaRelative
        self.sigmaSiemens = sigmaSiemens
    }

    /// σ of one read of a cell at `siemens`, siemens.
    public func standardDeviation(atSiemens siemens: Double) -> Double {
        let proportional = sigmaRelative * siemens
        return (proportional * proportional + sigmaSiemens * sigmaSiemens).squareRoot()
    }
}
