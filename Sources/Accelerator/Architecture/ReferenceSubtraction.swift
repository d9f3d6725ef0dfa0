/// How a differential pair's negative column is subtracted from its positive column
/// (architecture key `referenceSubtraction`).
public enum ReferenceSubtraction: String, Sendable, Hashable, CaseIterable, Codable {
    /// No analog subtraction: an offset scheme removes its bias digitally (ISAAC), or the
    /// difference is taken after conversion (NeuroSim, aihwkit).
    case none
    /// The negative column's current subtracted from the positive column's before the sense
    /// amplifier (PRIME, Chi et al., ISCA 2016: analog subtraction in the FF mats), taken as a
    /// current mirror per differential column and priced by `current-mirror`
    /// (``CurrentMirrorModel``); differential encoding only.
    case currentMirror
}
