import Foundation
import Numerics

/// Permanent cell defects and wear: stuck-at faults at fixed rates and a per-cell endurance.
///
/// - A cell is stuck at its high-conductance end with probability ``stuckOnRate`` and at its
///   low end with probability ``stuckOffRate`` (independent of everything else): it keeps that
///   conductance whatever is written.
/// - Each cell survives a lognormal number of write cycles, N = N₅₀·e^(σ·z), z ~ N(0, 1), with
///   median N₅₀ = ``enduranceCycles`` (endurance tests report lognormal or Weibull failure
///   distributions). A chip that has already seen ``priorWriteCycles`` cycles per cell leaves
///   N − prior cycles; once they are used up the cell stops responding to pulses (worn out).
public struct FaultModel: Sendable, Equatable {
    /// Probability that a cell is stuck at its high-conductance end.
    public let stuckOnRate: Double
    /// Probability that a cell is stuck at its low-conductance end.
    public let stuckOffRate: Double
    /// Median write cycles a cell survives.
    public let enduranceCycles: Double
    /// Standard deviation of ln(endurance) across cells.
    public let enduranceLogSigma: Double
    /// Write cycles every cell has already used before this programming (0 = a fresh chip).
    public let priorWriteCycles: Double

    /// A fault model.
    public init(
        stuckOnRate: Double, stuckOffRate: Double, enduranceCycles: Double, enduranceLogSigma: Double,
        priorWriteCycles: Double
    ) {
        self.stuckOnRate = stuckOnRate
        self.stuckOffRate = stuckOffRate
        self.enduranceCycles = enduranceCycles
        self.enduranceLogSigma = enduranceLogSigma
        self.priorWriteCycles = priorWriteCycles
    }

    /// What one cell draws before it is written.
    public struct Draw: Sendable, Equatable {
        /// `.stuckOn`, `.stuckOff`, `.wornOut` (no cycles left) or `.none`.
        public var fault: CellFault
        /// Pulses the cell still responds to.
        public var remainingCycles: Int
    }

    /// Draws a cell's fault and remaining endurance (one uniform, one normal).
    public func draw(using stream: inout RandomStream) -> Draw {
        let u = stream.nextUniform()
        let z = stream.nextNormal()
        let lifetime = enduranceCycles * exp(enduranceLogSigma * z)
        let remaining = lifetime - priorWriteCycles
        let remainingCycles = remaining >= 0x1p62 ? 1 << 62 : max(0, Int(remaining.rounded(.down)))
        let fault: CellFault =
            if u < stuckOnRate { .stuckOn } else if u < stuckOnRate + stuckOffRate { .stuckOff } else if remainingCycles == 0 {
                .wornOut
            } else { .none }
        return Draw(fault: fault, remainingCycles: fault == .none ? remainingCycles : 0)
    }
}
