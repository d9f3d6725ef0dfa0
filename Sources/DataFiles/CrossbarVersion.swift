/// The version of Crossbar, written into every result record and printed by `crossbar --version`.
public enum CrossbarVersion {
    /// Semantic version of this source tree.
    public static let current = "0.1.0"
}
