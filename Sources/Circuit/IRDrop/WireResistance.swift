/// The parasitic resistances of a crossbar: wire segments along rows and columns, and an
/// optional access transistor in series with every cell (1T1R).
///
/// Topology (the one the SPICE fixtures use): row `i` is driven at its left end through one row
/// segment, and further segments join cell `(i, j)` to `(i, j+1)`; the right end is open.
/// Column `j` runs from an open top end through segments joining `(i, j)` to `(i+1, j)`, and one
/// more segment joins the last row to the column's virtual ground (the sense amplifier input).
public struct WireResistance: Sendable, Hashable {
    /// Resistance of one row-wire segment (one cell pitch), ohms.
    public var rowOhmsPerSegment: Double
    /// Resistance of one column-wire segment (one cell pitch), ohms.
    public var columnOhmsPerSegment: Double
    /// Series resistance of each cell's access transistor, ohms (0 for a passive crossbar).
    public var accessTransistorOhms: Double

    /// Ideal wires and no access transistor: the MVM is exactly Vᵀ·G.
    public static let ideal = WireResistance(uncheckedRow: 0, column: 0, access: 0)

    /// Wires with the given segment resistances; throws on negative or non-finite values.
    public init(rowOhmsPerSegment: Double, columnOhmsPerSegment: Double, accessTransistorOhms: Double = 0) throws {
        try CircuitError.requireFinite(rowOhmsPerSegment, atLeast: 0, owner: "WireResistance", field: "rowOhmsPerSegment")
        try CircuitError.requireFinite(
            columnOhmsPerSegment, atLeast: 0, owner: "WireResistance", field: "columnOhmsPerSegment")
        try CircuitError.requireFinite(
            accessTransistorOhms, atLeast: 0, owner: "WireResistance", field: "accessTransistorOhms")
        self.init(uncheckedRow: rowOhmsPerSegment, column: columnOhmsPerSegment, access: accessTransistorOhms)
    }

    private init(uncheckedRow: Double, column: Double, access: Double) {
        rowOhmsPerSegment = uncheckedRow
        columnOhmsPerSegment = column
        accessTransistorOhms = access
    }

    /// Whether both wires are ideal (the access transistor only rescales each cell).
    public var hasIdealWires: Bool { rowOhmsPerSegment == 0 && columnOhmsPerSegment == 0 }

    /// The conductance of a cell of conductance `g` in series with the access transistor,
    /// g / (1 + g·R_access), siemens.
    @inlinable
    public func cellConductance(_ g: Double) -> Double {
        accessTransistorOhms == 0 ? g : g / (1 + g * accessTransistorOhms)
    }
}
