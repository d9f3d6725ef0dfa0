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
///   (an assumption) and `flashLadderCurrentAmperes` (an assumption) for the flash converter.
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

    /// The figures' keys in the component table, in file order.
    static let keys = [
        "adcReferenceSNDRDecibels", "adcEnergyFloorJoules", "flashComparatorEnergyJoules", "flashComparatorNodeMetres",
        "flashComparatorAreaSquareMetres", "flashLadderCurrentAmperes",
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
        let enob = ADCModel.effectiveBits(sndrDecibels: referenceSNDRDecibels)
        guard enob >= 1, enob <= Double(referenceBits) else {
            throw CostModelError.invalidParameter(
                owner: file, field: "parameters.\(Self.keys[0]).value", value: "\(referenceSNDRDecibels)",
                allowed: "7.78...\(6.02 * Double(referenceBits) + 1.76) dB (1 to \(referenceBits) effective bits of the \(referenceBits)-bit reference)")
        }
        enobLossBits = Double(referenceBits) - enob
    }
}
