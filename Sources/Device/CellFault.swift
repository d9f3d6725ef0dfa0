/// A permanent cell defect.
public enum CellFault: String, Sendable, Codable, CaseIterable {
    /// A healthy cell.
    case none
    /// Stuck at the high-conductance state whatever is written.
    case stuckOn
    /// Stuck at the low-conductance state whatever is written.
    case stuckOff
    /// Past its endurance: no longer responds to write pulses.
    case wornOut
}
