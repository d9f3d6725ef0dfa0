/// One block of a layer's weight matrix on one crossbar array: a range of weight rows (the
/// partial sums of different row blocks are added digitally) and a range of outputs.
public struct ArrayBlock: Sendable, Equatable {
    /// Index of the block among the layer's arrays (row-block major).
    public let index: Int
    /// Row block (which slice of K).
    public let rowBlock: Int
    /// Column block (which slice of N).
    public let columnBlock: Int
    /// Weight rows held, a range of 0..<K.
    public let rows: Range<Int>
    /// Outputs held, a range of 0..<N.
    public let outputs: Range<Int>
    /// Physical columns holding encoded cells.
    public let usedColumns: Int
    /// Cells holding weights (or the encoding's unit and reference cells); the zeros between
    /// the groups of a grouped convolution packed into one array are not counted.
    public let usedCells: Int
    /// IMA holding the block (chip-wide index, first copy).
    public let ima: Int
    /// Tile holding the block (chip-wide index, first copy).
    public let tile: Int
}
