/// Energy and area of one row DAC (word-line driver) of d bits at a technology node.
///
/// A unit-element (thermometer) DAC has 2^d − 1 elements, so energy per conversion and area
/// scale as (2^d − 1) times those of a 1-bit driver. Default 1-bit figures are ISAAC's
/// (Shafiee et al., ISCA 2016, Table I, 32 nm): 8×128 DACs draw 4 mW at a 100 ns cycle and
/// occupy 0.00017 mm², i.e. 0.39 pJ per conversion and 0.166 µm² each.
public struct DACModel: ComponentModel, Hashable {
    /// Resolution d, bits.
    public let resolutionBits: Int
    /// Energy of one conversion, joules.
    public let energyPerConversionJoules: Double
    public let areaSquareMetres: Double
    public let latencySeconds: Double
    public let technologyNodeMetres: Double

    public var name: String { "dac" }
    public var energyPerActionJoules: [Action: Double] { [.dacConversion: energyPerConversionJoules] }
    public var staticPowerWatts: Double { 0 }
    public var source: String { "unit-element DAC, (2^d − 1) × 1-bit; 1-bit default from ISAAC Table I (32 nm)" }

    /// A d-bit DAC from the 1-bit figures.
    public init(
        resolutionBits: Int, oneBitEnergyJoules: Double = 4e-3 / 1024 * 100e-9, oneBitAreaSquareMetres: Double = 0.00017e-6 / 1024,
        latencySeconds: Double = 100e-9, technologyNodeMetres: Double = 32e-9
    ) throws {
        try CircuitError.require(resolutionBits, in: 1...8, owner: "DACModel", field: "resolutionBits")
        try CircuitError.requirePositive(oneBitEnergyJoules, owner: "DACModel", field: "oneBitEnergyJoules")
        try CircuitError.requirePositive(oneBitAreaSquareMetres, owner: "DACModel", field: "oneBitAreaSquareMetres")
        try CircuitError.requirePositive(latencySeconds, owner: "DACModel", field: "latencySeconds")
        try CircuitError.requirePositive(technologyNodeMetres, owner: "DACModel", field: "technologyNodeMetres")
        let elements = Double((1 << resolutionBits) - 1)
        self.resolutionBits = resolutionBits
        energyPerConversionJoules = elements * oneBitEnergyJoules
        areaSquareMetres = elements * oneBitAreaSquareMetres
        self.latencySeconds = latencySeconds
        self.technologyNodeMetres = technologyNodeMetres
    }
}
