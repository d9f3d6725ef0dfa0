/// Energy and area of one sample-and-hold circuit on a sensed column.
///
/// Functionally the S&H is ideal: it holds the column's value until the shared ADC converts it.
/// Defaults are ISAAC's (Shafiee et al., ISCA 2016, Table I, 32 nm): 8×128 S&H draw 10 µW at a
/// 100 ns cycle and occupy 0.00004 mm², i.e. 0.98 fJ per sample and 0.039 µm² each.
public struct SampleAndHoldModel: ComponentModel, Hashable {
    /// Energy of one sample, joules.
    public let energyPerSampleJoules: Double
    public let areaSquareMetres: Double
    public let latencySeconds: Double
    public let technologyNodeMetres: Double

    public var name: String { "sampleAndHold" }
    public var energyPerActionJoules: [Action: Double] { [.sampleAndHold: energyPerSampleJoules] }
    public var staticPowerWatts: Double { 0 }
    public var source: String { "ISAAC Table I (32 nm)" }

    /// A sample-and-hold with the given figures.
    public init(
        energyPerSampleJoules: Double = 10e-6 / 1024 * 100e-9, areaSquareMetres: Double = 0.00004e-6 / 1024,
        latencySeconds: Double = 1e-9, technologyNodeMetres: Double = 32e-9
    ) throws {
        try CircuitError.requirePositive(energyPerSampleJoules, owner: "SampleAndHoldModel", field: "energyPerSampleJoules")
        try CircuitError.requirePositive(areaSquareMetres, owner: "SampleAndHoldModel", field: "areaSquareMetres")
        try CircuitError.requirePositive(latencySeconds, owner: "SampleAndHoldModel", field: "latencySeconds")
        try CircuitError.requirePositive(technologyNodeMetres, owner: "SampleAndHoldModel", field: "technologyNodeMetres")
        self.energyPerSampleJoules = energyPerSampleJoules
        self.areaSquareMetres = areaSquareMetres
        self.latencySeconds = latencySeconds
        self.technologyNodeMetres = technologyNodeMetres
    }
}
