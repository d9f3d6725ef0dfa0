/// The noise each verify read of a write-verify loop sees: the loop compares a noisy read, not
/// the true conductance, with the tolerance (a verify tolerance below the read σ accepts cells
/// whose true conductance is off by more than the tolerance).
public enum VerifyReadNoise: Sendable, Equatable {
    /// The device's per-read Gaussian noise (ReRAM: its preset read noise).
    case gaussian(GaussianReadNoise)
    /// PCM's 1/f noise accumulated between the pulse and a verify read `delaySeconds` later,
    /// σ = G·Q_s·√ln((d + t_r)/(2·t_r)) (``PCMReadNoise`` at t = d with G₀ = G).
    case oneOverF(PCMReadNoise, delaySeconds: Double)

    /// σ of one verify read of a cell at `siemens`, siemens.
    public func standardDeviation(atSiemens siemens: Double) -> Double {
        switch self {
        case .gaussian(let noise): noise.standardDeviation(atSiemens: siemens)
        case .oneOverF(let noise, let delay):
            noise.standardDeviation(programmedSiemens: siemens, currentSiemens: siemens, atSeconds: delay)
        }
    }
}
