import Circuit

/// One array of the chip after programming: the block of weights it holds, their encoding into
/// cell levels, and the programmed cells.
public struct ProgrammedArray: Sendable {
    /// Where the array sits in its layer's weight matrix.
    public let block: ArrayBlock
    /// The weight block encoded into target levels.
    public let weights: EncodedWeights
    /// The programmed cells (the whole physical array, unused cells at level 0).
    public let array: CrossbarArray
    /// Key of the array's random streams, `layer<l>/array<a>`.
    public let key: String
    /// The largest number of write cycles any one cell of the array took.
    public let mostCyclesOnOneCell: Int
}
