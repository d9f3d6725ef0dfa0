/// A warning that a column's wire resistance is no longer small next to its cells: with every
/// cell of an R_on-state column conducting, the column's equivalent resistance is
/// R_col = 1/(N·G_max), and the column wire of N segments of r each is R_wire = N·r. Once
/// R_wire ≥ ``dominanceFraction``·R_col the IR drop along the wire distorts the column's current
/// by roughly R_wire/(R_wire + R_col) or more and the wire, not the cells, sets the result
/// (STT-MRAM: 1.4 kΩ cells, 128 rows, 0.1 V read: R_col ≈ 11 Ω and ≈ 9 mA per column, so a
/// 1 Ω-per-cell wire is already 128 Ω).
///
/// A circuit creates one with ``init(device:rows:wireResistanceOhmsPerCell:)`` when it sizes an
/// array; `nil` means the wire is small enough.
public struct ColumnResistanceWarning: Sendable, Equatable, CustomStringConvertible {
    /// R_wire/R_col above which the warning is raised.
    public static let dominanceFraction = 0.1

    /// Device (preset) name.
    public let device: String
    /// Cells on the column, N.
    public let rows: Int
    /// R_col = 1/(N·G_max), ohms.
    public let columnResistanceOhms: Double
    /// R_wire = N·r, ohms.
    public let wireResistanceOhms: Double
    /// The column's current with every cell at G_max and the full read voltage, N·G_max·V_read, amperes.
    public let columnCurrentAmperes: Double

    /// The warning for a column of `rows` cells of `device` with `wireResistanceOhmsPerCell` of
    /// wire per cell, or `nil` when R_wire < ``dominanceFraction``·R_col.
    public init?(device: any MemoryDevice, rows: Int, wireResistanceOhmsPerCell: Double) {
        let column = 1 / (Double(rows) * device.conductanceMaxSiemens)
        let wire = Double(rows) * wireResistanceOhmsPerCell
        guard rows > 0, wire >= Self.dominanceFraction * column else { return nil }
        self.device = device.name
        self.rows = rows
        columnResistanceOhms = column
        wireResistanceOhms = wire
        columnCurrentAmperes = Double(rows) * device.conductanceMaxSiemens * device.readVoltageVolts
    }

    public var description: String {
        "\(device): a column of \(rows) cells at G_max has \(columnResistanceOhms) Ω and draws \(columnCurrentAmperes) A; "
            + "its wire of \(wireResistanceOhms) Ω is ≥ \(Self.dominanceFraction) of that, so the wire resistance dominates "
            + "the result"
    }
}
