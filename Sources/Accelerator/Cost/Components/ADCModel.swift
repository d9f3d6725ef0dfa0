import Foundation

/// Energy, area and speed of one column ADC at a technology node, by circuit family.
///
/// - **SAR**: Walden scaling from a calibration point, with the survey's floor. The Walden
///   figure of merit FOM_W = P/(f_s·2^ENOB) (B. Murmann, ADC survey, bmurmann/ADC-survey: it
///   fits low-resolution converters, energy ×2 per effective bit; the thermal-noise-limited
///   Schreier figure, ×4 per bit, fits high resolution) is held at the reference ADC's:
///   E(B) = max(FOM_W·2^ENOB(B), E_floor) with ENOB(B) = B − L, L the reference's own shortfall
///   (Kull et al., ISSCC 2013, ISAAC's ADC: SNDR 39.3 dB, ENOB 6.24 of 8 bits, L = 1.76 bits) and
///   FOM_W = E_ref/2^(B_ref − L), so E(B) = max(E_ref·2^(B − B_ref), E_floor) and E(B_ref) = E_ref
///   exactly. E_floor is the survey's lowest P/f_s at ≥ 100 MS/s since 2015 (0.78 pJ): fixed
///   overhead (clocking, logic, references) that does not halve with a bit. Under a constant
///   Walden FOM the energy per conversion does not depend on the sample rate (P ∝ f_s).
/// - **Flash**: 2^B − 1 comparators decide per conversion, a resistor ladder of 2^B taps sets
///   their thresholds and a thermometer-to-binary encoder (a Wallace-tree ones counter,
///   2^B − 1 − B full adders for 2^B − 1 inputs) gives the code:
///   E(B) = (2^B − 1)·E_comparator + V_ref·I_ladder/f_s + (2^B − 1 − B)·E_full-adder.
///   Area is the comparators', (2^B − 1)·A_comparator. Conversion time 1/f_s. Check: with
///   NeuroSim's 22 nm comparator (1.7 fJ), a 10 µA ladder and Horowitz's full adders a 6-bit
///   1 GS/s flash is 179 fJ at 22 nm, 1.46 pJ at 90 nm, 2.7× below the 3.9 pJ (3.875 mW) of a
///   stand-alone 6-bit 1 GS/s flash in 90 nm with threshold-inverter comparators (Ghai, Mohanty
///   and Kougianos, "A Process and Supply Variation Tolerant Nano-CMOS Low Voltage, High Speed,
///   A/D Converter for System-on-Chip"): in-array sense amplifiers are cheaper than survey ADCs.
///
/// Valid for 1…16 bits.
public struct ADCModel: ComponentModel, Hashable {
    /// ADC circuit families.
    public enum Architecture: String, Sendable, Hashable, Codable, CaseIterable {
        /// Successive approximation: one comparator, B cycles per conversion.
        case sar
        /// Flash: 2^B − 1 comparators on a resistor ladder and an encoder, one cycle.
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

    /// `joules` in femtojoules, four significant figures, for sources.
    private static func femto(_ joules: Double) -> String { String(format: "%.4g fJ", joules * 1e15) }

    /// Effective bits of a converter of signal-to-noise-and-distortion ratio `sndrDecibels`,
    /// (SNDR − 1.76 dB)/6.02 dB (an ideal B-bit quantizer has 6.02·B + 1.76 dB).
    public static func effectiveBits(sndrDecibels: Double) -> Double { (sndrDecibels - 1.76) / 6.02 }

    /// A SAR ADC of `resolutionBits` scaled from a `referenceBits` ADC of `referenceEnergyJoules`
    /// per conversion at `technologyNodeMetres`: E = max(E_ref·2^(B − B_ref), `floorJoules`), the
    /// Walden FOM of the reference, E_ref/2^(B_ref − L) with L = `enobLossBits`, held.
    public static func sar(
        resolutionBits: Int, referenceBits: Int, referenceEnergyJoules: Double, enobLossBits: Double, floorJoules: Double,
        sampleRateHz: Double, areaSquareMetres: Double, technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.require(referenceBits, in: 1...16, owner: "ADCModel", field: "referenceBits")
        try CostModelError.requirePositive(referenceEnergyJoules, owner: "ADCModel", field: "referenceEnergyJoules")
        try CostModelError.requireFinite(enobLossBits, atLeast: 0, owner: "ADCModel", field: "enobLossBits")
        try CostModelError.requirePositive(floorJoules, owner: "ADCModel", field: "floorJoules")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        try CostModelError.requirePositive(areaSquareMetres, owner: "ADCModel", field: "areaSquareMetres")
        let walden = referenceEnergyJoules / pow(2, Double(referenceBits) - enobLossBits)
        let energy = max(referenceEnergyJoules * pow(2, Double(resolutionBits - referenceBits)), floorJoules)
        return ADCModel(
            architecture: .sar, resolutionBits: resolutionBits, energyPerConversionJoules: energy,
            sampleRateHz: sampleRateHz, areaSquareMetres: areaSquareMetres, technologyNodeMetres: technologyNodeMetres,
            source: "SAR, Walden scaling (Murmann's ADC survey): E = max(FOM_W·2^ENOB, \(femto(floorJoules))), ENOB = B − "
                + String(format: "%.2f", enobLossBits) + ", FOM_W = \(femto(walden)) per step from \(femto(referenceEnergyJoules)) at \(referenceBits) bits")
    }

    /// A flash ADC of `resolutionBits` at `technologyNodeMetres`: 2^B − 1 comparators of
    /// `comparatorEnergyJoules` per decision and `comparatorAreaSquareMetres`, a ladder drawing
    /// `ladderCurrentAmperes` from `ladderVolts` for one conversion time 1/`sampleRateHz`, and
    /// 2^B − 1 − B encoder full adders of `fullAdderEnergyJoules`, all at that node.
    public static func flash(
        resolutionBits: Int, comparatorEnergyJoules: Double, comparatorAreaSquareMetres: Double, ladderCurrentAmperes: Double,
        ladderVolts: Double, fullAdderEnergyJoules: Double, sampleRateHz: Double, technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.requirePositive(comparatorEnergyJoules, owner: "ADCModel", field: "comparatorEnergyJoules")
        try CostModelError.requirePositive(comparatorAreaSquareMetres, owner: "ADCModel", field: "comparatorAreaSquareMetres")
        try CostModelError.requirePositive(ladderCurrentAmperes, owner: "ADCModel", field: "ladderCurrentAmperes")
        try CostModelError.requirePositive(ladderVolts, owner: "ADCModel", field: "ladderVolts")
        try CostModelError.requirePositive(fullAdderEnergyJoules, owner: "ADCModel", field: "fullAdderEnergyJoules")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let comparators = Double((1 << resolutionBits) - 1)
        let parts = (
            comparators: comparators * comparatorEnergyJoules, ladder: ladderVolts * ladderCurrentAmperes / sampleRateHz,
            encoder: (comparators - Double(resolutionBits)) * fullAdderEnergyJoules
        )
        return ADCModel(
            architecture: .flash, resolutionBits: resolutionBits, energyPerConversionJoules: parts.comparators + parts.ladder + parts.encoder,
            sampleRateHz: sampleRateHz, areaSquareMetres: comparators * comparatorAreaSquareMetres, technologyNodeMetres: technologyNodeMetres,
            source: "flash: \(Int(comparators)) comparators \(femto(parts.comparators)) + ladder \(femto(parts.ladder)) + encoder "
                + "\(Int(comparators) - resolutionBits) full adders \(femto(parts.encoder)) per conversion")
    }
}
