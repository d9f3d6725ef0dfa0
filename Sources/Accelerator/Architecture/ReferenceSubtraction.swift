/// How a differential pair's negative column is subtracted from its positive column
/// (architecture key `referenceSubtraction`).
public enum ReferenceSubtraction: String, Sendable, Hashable, CaseIterable, Codable {
    /// No analog subtraction: an offset scheme removes its bias digitally (ISAAC), or each
    /// column is converted and the difference taken digitally (NeuroSim).
    case none
    /// A current mirror per differential column copies the negative column's current and
    /// subtracts it from the positive column's before the sense amplifier (PRIME, Chi et al.,
    /// ISCA 2016, §III), priced by `current-mirror` (``CurrentMirrorModel``); differential
    /// encoding only.
    case currentMirror
}
