/// Area and nominal read cost of one crossbar array of cells.
///
/// Area = rows·columns·(cell area in F²)·F². The nominal energy of one ``Action/cellRead`` is
/// for estimates without data; an MVM reports the physical energy Σ Vᵀ·Y·V·t of its actual reads
/// (`MVMResult.arrayReadEnergyJoules`), which a cost ledger should use instead. The chip's
/// model (``CellArrayModel``) takes the figures from the device or from ISAAC's Table I.
public struct CrossbarArrayModel: ComponentModel, Hashable {
    /// Word lines.
    public let rows: Int
    /// Bit lines.
    public let columns: Int
    /// Cell footprint in units of F².
    public let cellAreaFeatureSquared: Double
    /// Nominal energy of one cell read, joules.
    public let nominalCellReadJoules: Double
    /// One read pulse.
    public let latencySeconds: Double
    public let technologyNodeMetres: Double

    public var name: String { "array" }
    public var energyPerActionJoules: [Action: Double] { [.cellRead: nominalCellReadJoules] }
    public var staticPowerWatts: Double { 0 }
    public var areaSquareMetres: Double {
        Double(rows * columns) * cellAreaFeatureSquared * technologyNodeMetres * technologyNodeMetres
    }
    public var source: String { "area from cell F², nominal read energy per cell" }

    /// An array model.
    public init(
        rows: Int, columns: Int, cellAreaFeatureSquared: Double, readPulseSeconds: Double,
        nominalCellReadJoules: Double, technologyNodeMetres: Double
    ) throws {
        try CostModelError.require(rows, in: 1...4096, owner: "CrossbarArrayModel", field: "rows")
        try CostModelError.require(columns, in: 1...4096, owner: "CrossbarArrayModel", field: "columns")
        try CostModelError.requirePositive(cellAreaFeatureSquared, owner: "CrossbarArrayModel", field: "cellAreaFeatureSquared")
        try CostModelError.requirePositive(readPulseSeconds, owner: "CrossbarArrayModel", field: "readPulseSeconds")
        try CostModelError.requireFinite(nominalCellReadJoules, atLeast: 0, owner: "CrossbarArrayModel", field: "nominalCellReadJoules")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "CrossbarArrayModel", field: "technologyNodeMetres")
        self.rows = rows
        self.columns = columns
        self.cellAreaFeatureSquared = cellAreaFeatureSquared
        latencySeconds = readPulseSeconds
        self.nominalCellReadJoules = nominalCellReadJoules
        self.technologyNodeMetres = technologyNodeMetres
    }
}
