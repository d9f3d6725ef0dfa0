/// What a paper publishes about a chip's power, area and efficiency: the column a roll-up is
/// checked against, line by line. Reference values only; nothing is computed from them.
public struct PublishedChipFigures: Sendable {
    /// One quantity, ours next to the paper's.
    public struct Comparison: Sendable, Encodable, Equatable {
        /// What is compared, e.g. `tile power`.
        public let quantity: String
        /// Our value, in ``unit``.
        public let ours: Double
        /// The paper's value, in ``unit``.
        public let paper: Double
        /// Unit of both values.
        public let unit: String
        /// ours/paper − 1.
        public var deviation: Double { ours / paper - 1 }

        private enum CodingKeys: String, CodingKey { case quantity, ours, paper, unit, deviation }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(quantity, forKey: .quantity)
            try container.encode(ours, forKey: .ours)
            try container.encode(paper, forKey: .paper)
            try container.encode(unit, forKey: .unit)
            try container.encode(deviation, forKey: .deviation)
        }
    }

    /// The paper.
    public let citation: String
    /// Published power of each component group (by component name) per IMA, tile or chip, watts.
    public let componentPowerWatts: [String: Double]
    /// Published area of each component group (by component name) per IMA, tile or chip, square metres.
    public let componentAreaSquareMetres: [String: Double]
    /// Published power of all IMAs of a tile, watts.
    public let imasPerTilePowerWatts: Double?
    /// Published area of all IMAs of a tile, square metres.
    public let imasPerTileAreaSquareMetres: Double?
    /// Published tile power, watts.
    public let tilePowerWatts: Double?
    /// Published tile area, square metres.
    public let tileAreaSquareMetres: Double?
    /// Published chip power, watts.
    public let chipPowerWatts: Double?
    /// Published chip area, square metres.
    public let chipAreaSquareMetres: Double?
    /// Published peak efficiency, GOPS/W.
    public let peakGopsPerWatt: Double?
    /// Published peak computational density, GOPS/(s·mm²).
    public let peakGopsPerSecondPerSquareMillimetre: Double?
    /// What the paper does not publish or what differs in definition.
    public let notes: [String]

    /// ISAAC, Tables I and IV (ISAAC-CE), via the transcription of the corrected Oct 2016 PDF
    /// (dyigitpolat/mimarsinan `isaac_like.md`; the PDF itself was not checked).
    public static let isaac = PublishedChipFigures(
        citation: "Shafiee et al., ISAAC, ISCA 2016, Table I (32 nm) and Table IV (ISAAC-CE, 16-bit ops)",
        componentPowerWatts: [
            "adc": 16e-3, "dac": 4e-3, "sampleAndHold": 10e-6, "array": 2.4e-3, "shiftAdd": 0.2e-3, "inputRegister": 1.24e-3,
            "outputRegister": 0.23e-3, "tileBuffer": 20.7e-3, "bus": 7e-3, "router": 42e-3 / 4, "activation": 0.52e-3, "tileShiftAdd": 0.05e-3,
            "pooling": 0.4e-3, "tileOutputRegister": 1.68e-3, "offChipLink": 10.4,
        ],
        componentAreaSquareMetres: [
            "adc": 0.0096e-6, "dac": 0.00017e-6, "sampleAndHold": 0.00004e-6, "array": 0.0002e-6, "shiftAdd": 0.00024e-6,
            "inputRegister": 0.0021e-6, "outputRegister": 0.00077e-6, "tileBuffer": 0.083e-6, "bus": 0.090e-6, "router": 0.151e-6 / 4,
            "activation": 0.0006e-6, "tileShiftAdd": 0.00006e-6, "pooling": 0.00024e-6, "tileOutputRegister": 0.0032e-6, "offChipLink": 22.88e-6,
        ],
        imasPerTilePowerWatts: 289e-3, imasPerTileAreaSquareMetres: 0.157e-6, tilePowerWatts: 330e-3, tileAreaSquareMetres: 0.372e-6,
        chipPowerWatts: 65.8, chipAreaSquareMetres: 85.4e-6, peakGopsPerWatt: 627.5, peakGopsPerSecondPerSquareMillimetre: 478.95,
        notes: [
            "Table I lists the router whole (42 mW, 0.151 mm²) in the tile column; it is shared by 4 tiles, so a tile carries a quarter.",
            "Table I gives only total (peak) power; the split into leakage and energy per action is ours (leakage fraction λ).",
            "ISAAC's text gives the ADC as 1.28 GS/s (128 columns per 100 ns cycle) and Table I as 1.2 GS/s; we use 1.28 GS/s and 2 mW per ADC.",
            "digitalOps is not in ISAAC: one adder and one multiplier per tile for the non-matrix operators (Horowitz ISSCC 2014 energies); idle at peak, it adds area only.",
        ])

    /// PRIME (Chi et al., ISCA 2016): no component power or area table is published.
    public static let prime = PublishedChipFigures(
        citation: "Chi et al., PRIME, ISCA 2016",
        componentPowerWatts: [:], componentAreaSquareMetres: [:], imasPerTilePowerWatts: nil, imasPerTileAreaSquareMetres: nil,
        tilePowerWatts: nil, tileAreaSquareMetres: nil, chipPowerWatts: nil, chipAreaSquareMetres: nil, peakGopsPerWatt: nil,
        peakGopsPerSecondPerSquareMillimetre: nil,
        notes: [
            "PRIME publishes no component power/area table and no GOPS/W or GOPS/(s·mm²); its abstract reports about 2360× speedup and 895× energy saving against an NPU baseline, which a roll-up cannot be compared with.",
            "PRIME's organisation here (256×256 arrays, 4-bit cells, 3-bit DACs, 6-bit sense-amp ADCs, positive/negative arrays) follows CrossSim's PRIME configuration; ISAAC's component figures are used for everything PRIME does not specify (⚑ the PRIME body text was not checked).",
        ])

    /// The published figures of the architecture called `name` (`isaac`, `prime`), if any.
    public static func named(_ name: String) -> PublishedChipFigures? {
        switch name {
        case "isaac": isaac
        case "prime": prime
        default: nil
        }
    }

    /// Our roll-up next to every total the paper publishes.
    public func compare(_ rollUp: ChipRollUp) -> [Comparison] {
        let imas = Double(rollUp.architecture.imasPerTile)
        let candidates: [(String, Double, Double?, String)] = [
            ("IMAs of a tile, power", imas * rollUp.imaPowerWatts * 1e3, imasPerTilePowerWatts.map { $0 * 1e3 }, "mW"),
            ("IMAs of a tile, area", imas * rollUp.imaAreaSquareMetres * 1e6, imasPerTileAreaSquareMetres.map { $0 * 1e6 }, "mm²"),
            ("tile power", rollUp.tilePowerWatts * 1e3, tilePowerWatts.map { $0 * 1e3 }, "mW"),
            ("tile area", rollUp.tileAreaSquareMetres * 1e6, tileAreaSquareMetres.map { $0 * 1e6 }, "mm²"),
            ("chip power", rollUp.chipPowerWatts, chipPowerWatts, "W"),
            ("chip area", rollUp.chipAreaSquareMetres * 1e6, chipAreaSquareMetres.map { $0 * 1e6 }, "mm²"),
            ("peak efficiency", rollUp.peakGopsPerWatt, peakGopsPerWatt, "GOPS/W"),
            ("peak computational density", rollUp.peakGopsPerSecondPerSquareMillimetre, peakGopsPerSecondPerSquareMillimetre, "GOPS/(s·mm²)"),
        ]
        return candidates.compactMap { quantity, ours, paper, unit in
            paper.map { Comparison(quantity: quantity, ours: ours, paper: $0, unit: unit) }
        }
    }
}
