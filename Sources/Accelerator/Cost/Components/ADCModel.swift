import Foundation

/// Energy, area and speed of one column ADC (SAR or flash) at a technology node.
///
/// - **SAR**: energy per conversion from a figure-of-merit model, E(B) = FOM·k^B, where k is the
///   per-bit scaling. k = 2 is the Walden figure of merit (FOM in J per conversion step; Murmann
///   survey: best 0.35 fJ, median 57 fJ at SNDR 25–50 dB and ≥ 100 MS/s since 2015); k = 4 is
///   the thermal-noise-limited trend; k = 1.2 is ISAAC's ADC as scaled per resolution in
///   Accelergy's hwcomponents-library `isaac.py`. The chip's calibration
///   (``ColumnADCModel``) anchors it at ISAAC's Table I. Conversion time is one sample
///   period, 1/f_s.
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

    /// A SAR ADC with E = FOM·k^B and the given area at `technologyNodeMetres`.
    public static func sar(
        resolutionBits: Int, fomJoulesPerStep: Double, perBitScaling: Double, sampleRateHz: Double, areaSquareMetres: Double,
        technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.requirePositive(fomJoulesPerStep, owner: "ADCModel", field: "fomJoulesPerStep")
        try CostModelError.requireFinite(perBitScaling, atLeast: 1, owner: "ADCModel", field: "perBitScaling")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        try CostModelError.requirePositive(areaSquareMetres, owner: "ADCModel", field: "areaSquareMetres")
        return ADCModel(
            architecture: .sar, resolutionBits: resolutionBits,
            energyPerConversionJoules: fomJoulesPerStep * pow(perBitScaling, Double(resolutionBits)),
            sampleRateHz: sampleRateHz, areaSquareMetres: areaSquareMetres, technologyNodeMetres: technologyNodeMetres,
            source: "SAR, E = FOM·k^B with FOM = \(fomJoulesPerStep) J, k = \(perBitScaling)")
    }

    /// A flash ADC with E = (2^B − 1)·E_comparator; defaults are NeuroSim V1.3's (22 nm).
    public static func flash(
        resolutionBits: Int, comparatorEnergyJoules: Double = 1.7e-15, comparatorAreaSquareMetres: Double = 2e-12,
        sampleRateHz: Double = 1e9, technologyNodeMetres: Double = 22e-9
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.requirePositive(comparatorEnergyJoules, owner: "ADCModel", field: "comparatorEnergyJoules")
        try CostModelError.requirePositive(comparatorAreaSquareMetres, owner: "ADCModel", field: "comparatorAreaSquareMetres")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let comparators = Double((1 << resolutionBits) - 1)
        return ADCModel(
            architecture: .flash, resolutionBits: resolutionBits, energyPerConversionJoules: comparators * comparatorEnergyJoules,
            sampleRateHz: sampleRateHz, areaSquareMetres: comparators * comparatorAreaSquareMetres,
            technologyNodeMetres: technologyNodeMetres,
            source: "flash, E = (2^B − 1)·\(comparatorEnergyJoules) J; default from NeuroSim V1.3 MultilevelSenseAmp (22 nm)")
    }
}
