import Foundation

/// Energy, area and speed of one column ADC (SAR or flash) at a technology node.
///
/// - **SAR**: energy per conversion from a figure-of-merit model, E(B) = FOM·k^B, where k is the
///   per-bit scaling. k = 2 is the Walden figure of merit (FOM in J per conversion step; Murmann
///   survey: best 0.35 fJ, median 57 fJ at SNDR 25–50 dB and ≥ 100 MS/s since 2015); k = 4 is
///   the thermal-noise-limited trend. The default is ISAAC's ADC (Shafiee et al., ISCA 2016,
///   Kull ISSCC'13 SAR at 32 nm, 1.28 GS/s) as scaled per resolution in Accelergy's
///   hwcomponents-library `isaac.py`: 1.67 pJ at 8 bits and about ×1.2 per bit, i.e.
///   FOM = 1.67 pJ/1.2⁸ = 0.388 pJ, k = 1.2 (within 3.4 % of the table from 4 to 10 bits). Area
///   fits the same table, 930 µm²·1.413^(B−7) (within 13 % from 4 to 10 bits). Conversion
///   time is one sample period, 1/f_s.
/// - **Flash** (multi-level sense amplifier): 2^B − 1 comparators fire per conversion,
///   E(B) = (2^B − 1)·E_comparator. Default E_comparator = 1.7 µW × 1 ns = 1.7 fJ (NeuroSim
///   V1.3 `MultilevelSenseAmp`, 22 nm; latency 1 ns, so f_s = 1 GS/s). Area is
///   (2^B − 1)·A_comparator; the default 2 µm² per comparator at 22 nm is an order-of-magnitude
///   estimate (NeuroSim sizes a current sense amplifier as 48 NMOS + 40 PMOS minimum devices),
///   not a sourced figure: override it for area studies.
///
/// Valid for 1…16 bits; the fits were made on 4…10 bits.
public struct ADCModel: ComponentModel, Hashable {
    /// ADC circuit families.
    public enum Architecture: String, Sendable, Hashable, Codable, CaseIterable {
        /// Successive approximation: one comparator, B cycles per conversion.
        case sar
        /// Flash / multi-level sense amplifier: 2^B − 1 comparators, one cycle.
        case flash
    }

    /// Circuit family.
    public let architecture: Architecture
    /// Resolution B, bits.
    public let resolutionBits: Int
    /// Energy of one conversion, joules.
    public let energyPerConversionJoules: Double
    /// Conversions per second of one ADC, hertz.
    public let sampleRateHz: Double
    public let areaSquareMetres: Double
    public let technologyNodeMetres: Double
    public let source: String

    public var name: String { "adc" }
    public var energyPerActionJoules: [Action: Double] { [.adcConversion: energyPerConversionJoules] }
    public var staticPowerWatts: Double { 0 }
    /// One conversion, 1/f_s.
    public var latencySeconds: Double { 1 / sampleRateHz }

    /// A SAR ADC with E = FOM·k^B; defaults are ISAAC's (32 nm, 1.28 GS/s).
    public static func sar(
        resolutionBits: Int, fomJoulesPerStep: Double = 1.67e-12 / pow(1.2, 8), perBitScaling: Double = 1.2,
        sampleRateHz: Double = 1.28e9, areaSquareMetres: Double? = nil, technologyNodeMetres: Double = 32e-9
    ) throws -> ADCModel {
        try CircuitError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CircuitError.requirePositive(fomJoulesPerStep, owner: "ADCModel", field: "fomJoulesPerStep")
        try CircuitError.requireFinite(perBitScaling, atLeast: 1, owner: "ADCModel", field: "perBitScaling")
        try CircuitError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CircuitError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let area = areaSquareMetres ?? 930e-12 * pow(1.413, Double(resolutionBits - 7))
        try CircuitError.requirePositive(area, owner: "ADCModel", field: "areaSquareMetres")
        return ADCModel(
            architecture: .sar, resolutionBits: resolutionBits,
            energyPerConversionJoules: fomJoulesPerStep * pow(perBitScaling, Double(resolutionBits)),
            sampleRateHz: sampleRateHz, areaSquareMetres: area, technologyNodeMetres: technologyNodeMetres,
            source: "SAR, E = FOM·k^B with FOM = \(fomJoulesPerStep) J, k = \(perBitScaling); default fit to ISAAC (ISCA'16) via Accelergy isaac.py")
    }

    /// A flash ADC with E = (2^B − 1)·E_comparator; defaults are NeuroSim V1.3's (22 nm).
    public static func flash(
        resolutionBits: Int, comparatorEnergyJoules: Double = 1.7e-15, comparatorAreaSquareMetres: Double = 2e-12,
        sampleRateHz: Double = 1e9, technologyNodeMetres: Double = 22e-9
    ) throws -> ADCModel {
        try CircuitError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CircuitError.requirePositive(comparatorEnergyJoules, owner: "ADCModel", field: "comparatorEnergyJoules")
        try CircuitError.requirePositive(comparatorAreaSquareMetres, owner: "ADCModel", field: "comparatorAreaSquareMetres")
        try CircuitError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CircuitError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let comparators = Double((1 << resolutionBits) - 1)
        return ADCModel(
            architecture: .flash, resolutionBits: resolutionBits, energyPerConversionJoules: comparators * comparatorEnergyJoules,
            sampleRateHz: sampleRateHz, areaSquareMetres: comparators * comparatorAreaSquareMetres,
            technologyNodeMetres: technologyNodeMetres,
            source: "flash, E = (2^B − 1)·\(comparatorEnergyJoules) J; default from NeuroSim V1.3 MultilevelSenseAmp (22 nm)")
    }
}
