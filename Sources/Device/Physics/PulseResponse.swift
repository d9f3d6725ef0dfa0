import Foundation

/// How far one programming pulse moves a cell's conductance: the exponential nonlinear-update
/// model of NeuroSim (P.-Y. Chen, X. Peng, S. Yu, "NeuroSim+", IEDM 2017; MLP+NeuroSim V3.0
/// `formula.cpp`, `NonlinearWeight`).
///
/// In the cell's normalized state u = (G − G_low)/(G_high − G_low), a train of identical pulses
/// moves the cell along
///
///     u(p) = B·(1 − e^(−α·p/P)),   B = 1/(1 − e^(−α)),
///
/// so that P pulses cross the window from u = 0 to u = 1. One pulse from any state u gives
///
///     u' = B − (B − u)·e^(−α/P),   Δu = (B − u)·(1 − e^(−α/P)):
///
/// a state-dependent step, large far from the saturation level B and small near it. α = 0 is
/// the linear limit Δu = 1/P. A depressing (RESET) response uses the same law mirrored,
/// Δu = step(1 − u), which is NeuroSim's LTD curve for a negative nonlinearity label.
///
/// NeuroSim labels nonlinearity with a number NL whose `getParamA` table gives the normalized
/// A = A/P; here α = P/A = 1/A_norm (NL 0.04 → α = 0.0317, NL 0.63 → α = 0.5007).
/// Valid for P ≥ 1 and 0 ≤ α ≤ 20 (beyond 20 the first pulse already crosses the window).
public struct PulseResponse: Sendable, Equatable {
    /// Pulses that cross the whole window, P (may be fractional after device-to-device scaling).
    public let pulsesFullWindow: Double
    /// Nonlinearity α ≥ 0 (0 = linear).
    public let nonlinearity: Double
    /// The saturation level B = 1/(1 − e^(−α)) in window units; for a linear response, 1 (the
    /// window's end is a hard limit).
    public let saturation: Double
    private let gain: Double

    /// A response; requires P ≥ 1 and 0 ≤ α ≤ 20.
    public init(pulsesFullWindow: Double, nonlinearity: Double) {
        precondition(pulsesFullWindow >= 1 && (0...20).contains(nonlinearity), "pulse response outside its valid range")
        self.pulsesFullWindow = pulsesFullWindow
        self.nonlinearity = nonlinearity
        gain = -expm1(-nonlinearity / pulsesFullWindow)
        saturation = nonlinearity > 0 ? -1 / expm1(-nonlinearity) : 1
    }

    /// The nominal step Δu of one pulse from state `u` (window units, towards saturation).
    public func step(from u: Double) -> Double {
        nonlinearity > 0 ? (saturation - u) * gain : 1 / pulsesFullWindow
    }

    /// The same response on a cell whose pulses are `strength` times as effective (P/strength
    /// pulses cross its window): device-to-device variation of the update size.
    public func scaled(strength: Double) -> PulseResponse {
        PulseResponse(pulsesFullWindow: max(1, pulsesFullWindow / strength), nonlinearity: nonlinearity)
    }
}
