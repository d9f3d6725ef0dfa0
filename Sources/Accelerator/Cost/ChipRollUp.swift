import Circuit

/// Counts, power and area of one IMA, one tile and the chip, with peak throughput and
/// efficiency: Σ count × per-instance figures at each level (a tile holds its IMAs, the chip
/// its tiles). Power is peak power (every component at its peak rate, plus leakage).
///
/// JSON (`Encodable`) keys: `architecture`, `technologyNodeMetres`, `leakageFraction`,
/// `imaPowerWatts`, `imaAreaSquareMillimetres`, `tilePowerWatts`, `tileAreaSquareMillimetres`,
/// `chipPowerWatts`, `chipAreaSquareMillimetres`, `peakOpsPerSecond`, `operationBits`
/// {`weight`, `input`}, `peakGopsPerWatt`, `peakGopsPerSecondPerSquareMillimetre`,
/// `peakTopsPerWatt`, and `components`: one row per component with `component`, `level`,
/// `count` (per IMA, tile or chip), `countLabel`, `powerWatts`, `staticPowerWatts`,
/// `areaSquareMillimetres` (the group), `energyPerActionJoules` {action: J},
/// `instanceStaticPowerWatts`, `instanceAreaSquareMillimetres`, `latencySeconds` (one
/// instance) and `source`.
public struct ChipRollUp: Sendable, Encodable {
    /// One component at its level.
    public struct Row: Sendable {
        /// Which component.
        public let component: ChipComponent
        /// Instances per IMA, tile or chip (its level).
        public let count: Double
        /// The count as written in papers (`8×128`, `1/4`).
        public let countLabel: String
        /// Peak power of the group, watts.
        public let powerWatts: Double
        /// Static part of ``powerWatts``, watts.
        public let staticPowerWatts: Double
        /// Area of the group, square metres.
        public let areaSquareMetres: Double
        /// One instance's model.
        public let figures: ComponentFigures
    }

    /// The chip.
    public let architecture: ArchitectureSpec
    /// Leakage fraction λ used.
    public let leakageFraction: Double
    /// Every component, IMA level first.
    public let rows: [Row]
    /// Peak operations per second (multiply and add per weight per input).
    public let peakOperationsPerSecond: Double

    private func sum(_ level: ChipComponent.Level, _ value: (Row) -> Double) -> Double {
        rows.filter { $0.component.level == level }.reduce(0) { $0 + value($1) }
    }

    /// Peak power of one IMA, watts.
    public var imaPowerWatts: Double { sum(.ima, \.powerWatts) }
    /// Area of one IMA, square metres.
    public var imaAreaSquareMetres: Double { sum(.ima, \.areaSquareMetres) }
    /// Peak power of one tile (its IMAs and tile components), watts.
    public var tilePowerWatts: Double { Double(architecture.imasPerTile) * imaPowerWatts + sum(.tile, \.powerWatts) }
    /// Area of one tile, square metres.
    public var tileAreaSquareMetres: Double { Double(architecture.imasPerTile) * imaAreaSquareMetres + sum(.tile, \.areaSquareMetres) }
    /// Peak power of the chip (its tiles and chip components), watts.
    public var chipPowerWatts: Double { Double(architecture.tilesPerChip) * tilePowerWatts + sum(.chip, \.powerWatts) }
    /// Area of the chip, square metres.
    public var chipAreaSquareMetres: Double { Double(architecture.tilesPerChip) * tileAreaSquareMetres + sum(.chip, \.areaSquareMetres) }
    /// Peak efficiency, 10⁹ operations per joule.
    public var peakGopsPerWatt: Double { peakOperationsPerSecond / 1e9 / chipPowerWatts }
    /// Peak throughput per area, 10⁹ operations per second per mm².
    public var peakGopsPerSecondPerSquareMillimetre: Double { peakOperationsPerSecond / 1e9 / (chipAreaSquareMetres * 1e6) }
    /// Peak efficiency, 10¹² operations per joule.
    public var peakTopsPerWatt: Double { peakGopsPerWatt / 1000 }

    /// The row of the component called `name`.
    public func row(_ name: String) -> Row? { rows.first { $0.component.name == name } }

    private enum CodingKeys: String, CodingKey {
        case architecture, technologyNodeMetres, leakageFraction, imaPowerWatts, imaAreaSquareMillimetres, tilePowerWatts
        case tileAreaSquareMillimetres, chipPowerWatts, chipAreaSquareMillimetres, peakOpsPerSecond, operationBits
        case peakGopsPerWatt, peakGopsPerSecondPerSquareMillimetre, peakTopsPerWatt, components
    }

    private struct RowRecord: Encodable {
        let component: String
        let level: String
        let count: Double
        let countLabel: String
        let powerWatts: Double
        let staticPowerWatts: Double
        let areaSquareMillimetres: Double
        let energyPerActionJoules: [String: Double]
        let instanceStaticPowerWatts: Double
        let instanceAreaSquareMillimetres: Double
        let latencySeconds: Double
        let source: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(architecture.name, forKey: .architecture)
        try container.encode(architecture.technologyNodeMetres, forKey: .technologyNodeMetres)
        try container.encode(leakageFraction, forKey: .leakageFraction)
        try container.encode(imaPowerWatts, forKey: .imaPowerWatts)
        try container.encode(imaAreaSquareMetres * 1e6, forKey: .imaAreaSquareMillimetres)
        try container.encode(tilePowerWatts, forKey: .tilePowerWatts)
        try container.encode(tileAreaSquareMetres * 1e6, forKey: .tileAreaSquareMillimetres)
        try container.encode(chipPowerWatts, forKey: .chipPowerWatts)
        try container.encode(chipAreaSquareMetres * 1e6, forKey: .chipAreaSquareMillimetres)
        try container.encode(peakOperationsPerSecond, forKey: .peakOpsPerSecond)
        try container.encode(["weight": architecture.weightBits, "input": architecture.inputBits], forKey: .operationBits)
        try container.encode(peakGopsPerWatt, forKey: .peakGopsPerWatt)
        try container.encode(peakGopsPerSecondPerSquareMillimetre, forKey: .peakGopsPerSecondPerSquareMillimetre)
        try container.encode(peakTopsPerWatt, forKey: .peakTopsPerWatt)
        try container.encode(
            rows.map { row in
                RowRecord(
                    component: row.component.name, level: row.component.level.rawValue, count: row.count, countLabel: row.countLabel,
                    powerWatts: row.powerWatts, staticPowerWatts: row.staticPowerWatts, areaSquareMillimetres: row.areaSquareMetres * 1e6,
                    energyPerActionJoules: Dictionary(uniqueKeysWithValues: row.figures.energyPerActionJoules.map { ($0.key.rawValue, $0.value) }),
                    instanceStaticPowerWatts: row.figures.staticPowerWatts, instanceAreaSquareMillimetres: row.figures.areaSquareMetres * 1e6,
                    latencySeconds: row.figures.latencySeconds, source: row.figures.source)
            }, forKey: .components)
    }
}
