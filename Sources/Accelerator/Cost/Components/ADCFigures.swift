/// The published figures the column ADC's energy models (``ADCModel``) are built from, read
/// with the component table (`Experiments/components/isaac.json`), every number with its source
/// there:
///
/// - `adcReferenceSNDRDecibels`: SNDR of the SAR ADC the table's ADC is (Kull et al., ISSCC
///   2013: 39.3 dB, from Murmann's ADC survey), which fixes its effective bits
///   ENOB = (SNDR − 1.76 dB)/6.02 dB and so the Walden figure of merit the table's energy implies;
/// - `adcEnergyFloorJoules`: the survey's lowest energy per conversion at ≥ 100 MS/s since 2015
///   (0.78 pJ), below which a scaled SAR is not taken;
/// - `flashComparatorEnergyJoules` at `flashComparatorNodeMetres` (NeuroSim V1.3's multi-level
///   sense amplifier: 1.7 fJ per decision at 22 nm), `flashComparatorAreaSquareMetres`
///   (an assumption) and `flashLadderCurrentAmperes` (an assumption) for the flash converter;
/// - `adcThermalCornerEffectiveBits`: the effective bits above which the SAR scales by
///   Schreier's figure of merit (×4 per bit) instead of Walden's (×2), where the two terms of the
///   survey's energy envelope meet (10.41 bits);
/// - `rampCapacitanceFarads` (an assumption): the single-slope ADC's shared ramp capacitor;
/// - `senseAmplifierPowerPerBitWatts`, `senseAmplifierPowerOffsetWatts`,
///   `senseAmplifierColumnPowerVoltsSquared`, `senseAmplifierCycleSeconds` at
///   `senseAmplifierNodeMetres`: DNN+NeuroSim V1.3's current-mode SAR (`SarADC.cpp`, 22 nm LP).
public struct ADCFigures: Sendable, Equatable {
    /// SNDR of the reference SAR ADC, decibels.
    public let referenceSNDRDecibels: Double
    /// Lowest energy per conversion of a SAR ADC, joules.
    public let energyFloorJoules: Double
    /// Energy of one flash comparator decision at ``comparatorNodeMetres``, joules.
    public let comparatorEnergyJoules: Double
    /// Node of the comparator figures, metres.
    public let comparatorNodeMetres: Double
    /// Area of one flash comparator at ``comparatorNodeMetres``, square metres.
    public let comparatorAreaSquareMetres: Double
    /// Static current of the flash reference ladder, amperes.
    public let ladderCurrentAmperes: Double
    /// Effective bits N_c above which SAR energy grows ×4 per bit (Schreier) instead of ×2 (Walden).
    public let thermalCornerEffectiveBits: Double
    /// Capacitance of the single-slope ADC's ramp, farads.
    public let rampCapacitanceFarads: Double
    /// NeuroSim's current-mode SAR: power per output bit, a, watts.
    public let senseAmplifierPowerPerBitWatts: Double
    /// NeuroSim's current-mode SAR: power offset, b, watts.
    public let senseAmplifierPowerOffsetWatts: Double
    /// NeuroSim's current-mode SAR: power per siemens of column conductance, c, volts squared.
    public let senseAmplifierColumnPowerVoltsSquared: Double
    /// NeuroSim's current-mode SAR: one decision cycle, seconds.
    public let senseAmplifierCycleSeconds: Double
    /// Node of the current-mode SAR figures, metres.
    public let senseAmplifierNodeMetres: Double

    /// The figures' keys in the component table, in file order.
    static let keys = [
        "adcReferenceSNDRDecibels", "adcEnergyFloorJoules", "flashComparatorEnergyJoules", "flashComparatorNodeMetres",
        "flashComparatorAreaSquareMetres", "flashLadderCurrentAmperes", "adcThermalCornerEffectiveBits", "rampCapacitanceFarads",
        "senseAmplifierPowerPerBitWatts", "senseAmplifierPowerOffsetWatts", "senseAmplifierColumnPowerVoltsSquared",
        "senseAmplifierCycleSeconds", "senseAmplifierNodeMetres",
    ]

    /// Bits the reference ADC loses to noise and distortion, B_ref − ENOB (Kull'13: 8 − 6.24 =
    /// 1.76 bits).
    public let enobLossBits: Double

    /// The figures, each read by `number` (which checks it is a positive number and names the
    /// file and field when it is not), for a reference ADC of `referenceBits`; throws, naming
    /// `file` and the field, when the SNDR leaves less than one effective bit or is more than an
    /// ideal `referenceBits` quantizer's, 6.02·B + 1.76 dB.
    init(referenceBits: Int, file: String, _ number: (String) throws -> Double) throws {
        referenceSNDRDecibels = try number(Self.keys[0])
        energyFloorJoules = try number(Self.keys[1])
        comparatorEnergyJoules = try number(Self.keys[2])
        comparatorNodeMetres = try number(Self.keys[3])
        comparatorAreaSquareMetres = try number(Self.keys[4])
        ladderCurrentAmperes = try number(Self.keys[5])
        thermalCornerEffectiveBits = try number(Self.keys[6])
        rampCapacitanceFarads = try number(Self.keys[7])
        senseAmplifierPowerPerBitWatts = try number(Self.keys[8])
        senseAmplifierPowerOffsetWatts = try number(Self.keys[9])
        senseAmplifierColumnPowerVoltsSquared = try number(Self.keys[10])
        senseAmplifierCycleSeconds = try number(Self.keys[11])
        senseAmplifierNodeMetres = try number(Self.keys[12])
        let enob = ADCModel.effectiveBits(sndrDecibels: referenceSNDRDecibels)
        guard enob >= 1, enob <= Double(referenceBits) else {
            throw CostModelError.invalidParameter(
                owner: file, field: "parameters.\(Self.keys[0]).value", value: "\(referenceSNDRDecibels)",
                allowed: "7.78...\(6.02 * Double(referenceBits) + 1.76) dB (1 to \(referenceBits) effective bits of the \(referenceBits)-bit reference)")
        }
        enobLossBits = Double(referenceBits) - enob
    }
}
