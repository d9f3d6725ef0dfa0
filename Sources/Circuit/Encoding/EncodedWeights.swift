import Numerics

/// A weight block encoded for one array: the target level of every cell and how the array's
/// columns are sensed and recombined.
///
/// Sensed column `c` (an ADC conversion per input slice) carries the analog difference of two
/// physical columns, I[``positiveColumn``[c]] − I[``negativeColumn``[c]]. Sensed columns are
/// ordered slice-major: data column `c = t·outputs + o` holds weight slice `t` of output `o`;
/// in the offset scheme the last sensed column is the unit column.
public struct EncodedWeights: Sendable {
    /// The encoding used.
    public let encoding: WeightEncoding
    /// Rows holding weights (the top rows of the array).
    public let weightRows: Int
    /// Weights per row (outputs of the block).
    public let outputs: Int
    /// Target level of every cell of the array (array rows × array columns).
    public let levels: Matrix<Int32>
    /// Physical column whose current is added, for each sensed column.
    public let positiveColumn: [Int]
    /// Physical column whose current is subtracted (G⁻ or the reference column).
    public let negativeColumn: [Int]
    /// Whether data column `t·outputs + o` is stored flipped (ISAAC's column flip).
    public let flipped: [Bool]

    /// Columns converted per input slice.
    public var sensedColumns: Int { positiveColumn.count }
    /// Sensed columns that hold weight slices (all but the unit column).
    public var dataColumns: Int { encoding.slicesPerWeight * outputs }
    /// Whether the last sensed column is the offset scheme's unit column.
    public var hasUnitColumn: Bool { encoding.sign == .offset }
    /// Physical columns that hold encoded cells (the rest of the array is unused).
    public var usedPhysicalColumns: Int { encoding.physicalColumns(outputs: outputs) }

    /// Weight of data column `c`'s digital value in the dot product: ±2^(b·t) (negative when flipped).
    public func multiplier(ofDataColumn c: Int) -> Double {
        let t = c / outputs
        let scale = Double(1 << (encoding.bitsPerCell * t))
        return flipped[c] ? -scale : scale
    }

    /// Coefficient of the unit column Σ a_i for output `o`: Σ_t [flipped]·2^(b·t)·(2^b − 1) − 2^(W−1)
    /// (offset scheme; 0 for the differential scheme).
    public func unitCoefficient(ofOutput o: Int) -> Double {
        guard hasUnitColumn else { return 0 }
        var coefficient = -Double(1 << (encoding.weightBits - 1))
        for t in 0..<encoding.slicesPerWeight where flipped[t * outputs + o] {
            coefficient += Double(1 << (encoding.bitsPerCell * t)) * Double(encoding.levelCount - 1)
        }
        return coefficient
    }
}
