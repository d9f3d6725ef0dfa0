import Foundation

/// Energy, area and speed of one column ADC at a technology node, by circuit family.
///
/// - **SAR**: Walden scaling from a calibration point up to a thermal-noise corner, Schreier
///   scaling above it, with the survey's floor. The Walden figure of merit
///   FOM_W = P/(f_s·2^ENOB) (B. Murmann, ADC survey, bmurmann/ADC-survey: it fits
///   low-resolution converters, energy ×2 per effective bit; the thermal-noise-limited Schreier
///   figure, ×4 per bit, fits high resolution) is held at the reference ADC's:
///   E(B) = max(FOM_W·2^ENOB(B), E_floor) for ENOB(B) ≤ N_c and FOM_W·2^N_c·4^(ENOB − N_c) above,
///   with ENOB(B) = B − L, L the reference's own shortfall (Kull et al., ISSCC 2013, ISAAC's ADC:
///   SNDR 39.3 dB, ENOB 6.24 of 8 bits, L = 1.76 bits) and FOM_W = E_ref/2^(B_ref − L), so below
///   the corner E(B) = max(E_ref·2^(B − B_ref), E_floor) and E(B_ref) = E_ref exactly. The corner
///   N_c is where the two terms of the survey's energy envelope (`plots/energy_plot.ipynb`:
///   P/f_s ≥ E_min + k·4^ENOB) are equal, the effective bits above which thermal noise, not
///   technology, sets the energy (``ADCFigures/thermalCornerEffectiveBits``: 10.41 bits, SNDR
///   64.4 dB, a 12.2-bit converter at ISAAC's shortfall). E_floor is the survey's lowest P/f_s at
///   ≥ 100 MS/s since 2015 (0.78 pJ): fixed overhead (clocking, logic, references) that does not
///   halve with a bit. Under constant figures of merit the energy per conversion does not depend
///   on the sample rate (P ∝ f_s).
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
/// - **Ramp** (single-slope): one clocked comparator per column compares the column's value
///   with a ramp shared by `sharingComparators` comparators while a shared B-bit counter counts
///   the ramp's 2^B steps at 2^B·f_s; the comparator's flip latches the count into the
///   column's B-bit register. Per conversion: 2^B comparator decisions, the B register bits,
///   and the conversion's share of the ramp (its capacitor C_ramp charged from 0 to V_DD, C·V²)
///   and of the counter's toggles (a B-bit binary counter toggles 2^(B+1) − B − 2 bits counting
///   up to 2^B − 1 and B more returning to 0, 2^(B+1) − 2 in all):
///   E(B) = 2^B·E_comparator + B·E_bit + [(2^(B+1) − 2)·E_bit + C_ramp·V_DD²]/N.
///   Area: the comparator, its B register bits and a 1/N share of the counter's B bits (the
///   ramp capacitor's area is not modelled). Conversion time 1/f_s.
/// - **Sense amplifier** (a current-mode SAR, DNN+NeuroSim V1.3 `SarADC.cpp`, its ADC when
///   `SARADC = true`): B sense-amplifier decisions against a switched reference current, one per
///   bit plus one reset, each of NeuroSim's 1 ns: E(B) = [(a·B + b) + c·G_col]·(B + 1)·t_cycle,
///   with P = a·B + b the Cadence fit of its power (22 nm LP: a = 0.538 µW, b = 4.3753 µW) and
///   c·G_col the reference's share of the column's conductance G_col (c = 0.072341 V²; NeuroSim's
///   c·exp(−2.303·log10 R_col) is c/R_col), the column read at 0.5 V (NeuroSim scales R_col by
///   0.5 V/V_read otherwise). NeuroSim gives it no leakage. Area: NeuroSim's transistor count,
///   (269 + 109·(B − 1)) NMOS and (209 + 73·(B − 1)) PMOS, each taken as `transistorAreaSquareMetres`.
///   Energy at NeuroSim's (B + 1) ns per conversion: the fit holds at that pace, whatever the
///   chip's f_s.
///
/// Valid for 1…16 bits.
public struct ADCModel: ComponentModel, Hashable {
    /// ADC circuit families.
    public enum Architecture: String, Sendable, Hashable, Codable, CaseIterable {
        /// Successive approximation: one comparator, B cycles per conversion.
        case sar
        /// Flash: 2^B − 1 comparators on a resistor ladder and an encoder, one cycle.
        case flash
        /// Single-slope: a comparator per column against a shared ramp and counter, 2^B clock cycles.
        case ramp
        /// NeuroSim's current-mode SAR: B sense-amplifier decisions against a switched reference.
        case senseAmplifier
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
    /// per conversion at `technologyNodeMetres`: the Walden FOM of the reference,
    /// FOM_W = E_ref/2^(B_ref − L) with L = `enobLossBits`, held up to `thermalCornerBits` effective
    /// bits N_c, E = max(FOM_W·2^ENOB, `floorJoules`), and ×4 per effective bit above it,
    /// FOM_W·2^N_c·4^(ENOB − N_c) (ENOB = B − L).
    public static func sar(
        resolutionBits: Int, referenceBits: Int, referenceEnergyJoules: Double, enobLossBits: Double, floorJoules: Double,
        thermalCornerBits: Double, sampleRateHz: Double, areaSquareMetres: Double, technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.require(referenceBits, in: 1...16, owner: "ADCModel", field: "referenceBits")
        try CostModelError.requirePositive(referenceEnergyJoules, owner: "ADCModel", field: "referenceEnergyJoules")
        try CostModelError.requireFinite(enobLossBits, atLeast: 0, owner: "ADCModel", field: "enobLossBits")
        try CostModelError.requirePositive(floorJoules, owner: "ADCModel", field: "floorJoules")
        try CostModelError.requireFinite(thermalCornerBits, atLeast: 1, owner: "ADCModel", field: "thermalCornerBits")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        try CostModelError.requirePositive(areaSquareMetres, owner: "ADCModel", field: "areaSquareMetres")
        let walden = referenceEnergyJoules / pow(2, Double(referenceBits) - enobLossBits)
        let enob = Double(resolutionBits) - enobLossBits
        let energy = enob <= thermalCornerBits
            ? max(walden * pow(2, enob), floorJoules)
            : max(walden * pow(2, thermalCornerBits) * pow(4, enob - thermalCornerBits), floorJoules)
        return ADCModel(
            architecture: .sar, resolutionBits: resolutionBits, energyPerConversionJoules: energy,
            sampleRateHz: sampleRateHz, areaSquareMetres: areaSquareMetres, technologyNodeMetres: technologyNodeMetres,
            source: "SAR, Walden scaling (Murmann's ADC survey): E = max(FOM_W·2^ENOB, \(femto(floorJoules))), ENOB = B − "
                + String(format: "%.2f", enobLossBits) + ", FOM_W = \(femto(walden)) per step from \(femto(referenceEnergyJoules)) at \(referenceBits) bits"
                + "; Schreier scaling, ×4 per bit, above ENOB " + String(format: "%.2f", thermalCornerBits))
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

    /// A single-slope ADC of `resolutionBits` at `technologyNodeMetres`: per conversion 2^B
    /// decisions of a comparator of `comparatorEnergyJoules` and `comparatorAreaSquareMetres`, B
    /// register bits of `bitEnergyJoules` and `bitAreaSquareMetres`, and a 1/`sharingComparators`
    /// share of a ramp of `rampCapacitanceFarads` charged to `supplyVolts` and of a B-bit counter's
    /// 2^(B+1) − 2 bit toggles of `bitEnergyJoules`; 1/`sampleRateHz` per conversion.
    public static func ramp(
        resolutionBits: Int, comparatorEnergyJoules: Double, comparatorAreaSquareMetres: Double, bitEnergyJoules: Double,
        bitAreaSquareMetres: Double, rampCapacitanceFarads: Double, supplyVolts: Double, sharingComparators: Int, sampleRateHz: Double,
        technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.requirePositive(comparatorEnergyJoules, owner: "ADCModel", field: "comparatorEnergyJoules")
        try CostModelError.requirePositive(comparatorAreaSquareMetres, owner: "ADCModel", field: "comparatorAreaSquareMetres")
        try CostModelError.requirePositive(bitEnergyJoules, owner: "ADCModel", field: "bitEnergyJoules")
        try CostModelError.requirePositive(bitAreaSquareMetres, owner: "ADCModel", field: "bitAreaSquareMetres")
        try CostModelError.requirePositive(rampCapacitanceFarads, owner: "ADCModel", field: "rampCapacitanceFarads")
        try CostModelError.requirePositive(supplyVolts, owner: "ADCModel", field: "supplyVolts")
        try CostModelError.require(sharingComparators, in: 1...Int.max, owner: "ADCModel", field: "sharingComparators")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let bits = Double(resolutionBits), steps = pow(2, bits), sharing = Double(sharingComparators)
        let parts = (
            comparator: steps * comparatorEnergyJoules, register: bits * bitEnergyJoules,
            shared: ((2 * steps - 2) * bitEnergyJoules + rampCapacitanceFarads * supplyVolts * supplyVolts) / sharing
        )
        return ADCModel(
            architecture: .ramp, resolutionBits: resolutionBits, energyPerConversionJoules: parts.comparator + parts.register + parts.shared,
            sampleRateHz: sampleRateHz,
            areaSquareMetres: comparatorAreaSquareMetres + bits * bitAreaSquareMetres * (1 + 1 / sharing), technologyNodeMetres: technologyNodeMetres,
            source: "single-slope: \(Int(steps)) comparator decisions \(femto(parts.comparator)) + \(resolutionBits) register bits "
                + "\(femto(parts.register)) + 1/\(sharingComparators) of the ramp and the counter's \(Int(2 * steps - 2)) toggles \(femto(parts.shared)) "
                + "per conversion, counter clock \(String(format: "%.4g", steps * sampleRateHz)) Hz")
    }

    /// NeuroSim's current-mode SAR (`SarADC.cpp`) of `resolutionBits` at `technologyNodeMetres`:
    /// power `powerPerBitWatts`·B + `powerOffsetWatts` + `columnPowerVoltsSquared`·G_col for
    /// B + 1 cycles of `cycleSeconds`, with `columnConductanceSiemens` G_col (0 without a device);
    /// area (269 + 109·(B − 1) + 209 + 73·(B − 1)) transistors of `transistorAreaSquareMetres`.
    public static func senseAmplifier(
        resolutionBits: Int, powerPerBitWatts: Double, powerOffsetWatts: Double, columnPowerVoltsSquared: Double,
        columnConductanceSiemens: Double, cycleSeconds: Double, transistorAreaSquareMetres: Double, sampleRateHz: Double,
        technologyNodeMetres: Double
    ) throws -> ADCModel {
        try CostModelError.require(resolutionBits, in: 1...16, owner: "ADCModel", field: "resolutionBits")
        try CostModelError.requirePositive(powerPerBitWatts, owner: "ADCModel", field: "powerPerBitWatts")
        try CostModelError.requirePositive(powerOffsetWatts, owner: "ADCModel", field: "powerOffsetWatts")
        try CostModelError.requirePositive(columnPowerVoltsSquared, owner: "ADCModel", field: "columnPowerVoltsSquared")
        try CostModelError.requireFinite(columnConductanceSiemens, atLeast: 0, owner: "ADCModel", field: "columnConductanceSiemens")
        try CostModelError.requirePositive(cycleSeconds, owner: "ADCModel", field: "cycleSeconds")
        try CostModelError.requirePositive(transistorAreaSquareMetres, owner: "ADCModel", field: "transistorAreaSquareMetres")
        try CostModelError.requirePositive(sampleRateHz, owner: "ADCModel", field: "sampleRateHz")
        try CostModelError.requirePositive(technologyNodeMetres, owner: "ADCModel", field: "technologyNodeMetres")
        let bits = Double(resolutionBits)
        let power = powerPerBitWatts * bits + powerOffsetWatts + columnPowerVoltsSquared * columnConductanceSiemens
        let transistors = 269 + 109 * (bits - 1) + 209 + 73 * (bits - 1)
        return ADCModel(
            architecture: .senseAmplifier, resolutionBits: resolutionBits, energyPerConversionJoules: power * (bits + 1) * cycleSeconds,
            sampleRateHz: sampleRateHz, areaSquareMetres: transistors * transistorAreaSquareMetres, technologyNodeMetres: technologyNodeMetres,
            source: "current-mode SAR (DNN+NeuroSim V1.3 SarADC.cpp): P = \(String(format: "%.4g", power * 1e6)) µW for \(resolutionBits + 1) cycles of "
                + "\(String(format: "%.3g", cycleSeconds * 1e9)) ns, \(Int(transistors)) transistors")
    }
}
