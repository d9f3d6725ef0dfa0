/// Energy and area of one shift-and-add unit, which adds shifted ADC results into output
/// accumulators (one ``Action/shiftAdd`` per add).
///
/// Defaults are ISAAC's (Shafiee et al., ISCA 2016, Table I, 32 nm, 1.2 GHz): 4 units per IMA
/// draw 0.2 mW and occupy 0.00024 mm², i.e. 50 µW each — 41.7 fJ per add at one add per
/// cycle — and 60 µm² each.
public struct ShiftAddModel: ComponentModel, Hashable {
    /// Energy of one shift-and-add, joules.
    public let energyPerOperationJoules: Double
    public let areaSquareMetres: Double
    /// One add per clock cycle.
    public let latencySeconds: Double
    public let technologyNodeMetres: Double

    public var name: String { "shiftAdd" }
    public var energyPerActionJoules: [Action: Double] { [.shiftAdd: energyPerOperationJoules] }
    public var staticPowerWatts: Double { 0 }
    public var source: String { "ISAAC Table I (32 nm, 1.2 GHz)" }

    /// A shift-and-add unit with the given figures.
    public init(
        energyPerOperationJoules: Double = 0.2e-3 / 4 / 1.2e9, areaSquareMetres: Double = 0.00024e-6 / 4,
        latencySeconds: Double = 1 / 1.2e9, technologyNodeMetres: Double = 32e-9
    ) throws {
        try CircuitError.requirePositive(energyPerOperationJoules, owner: "ShiftAddModel", field: "energyPerOperationJoules")
        try CircuitError.requirePositive(areaSquareMetres, owner: "ShiftAddModel", field: "areaSquareMetres")
        try CircuitError.requirePositive(latencySeconds, owner: "ShiftAddModel", field: "latencySeconds")
        try CircuitError.requirePositive(technologyNodeMetres, owner: "ShiftAddModel", field: "technologyNodeMetres")
        self.energyPerOperationJoules = energyPerOperationJoules
        self.areaSquareMetres = areaSquareMetres
        self.latencySeconds = latencySeconds
        self.technologyNodeMetres = technologyNodeMetres
    }
}
