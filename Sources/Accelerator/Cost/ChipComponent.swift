/// The kinds of component on an ISAAC-like chip, each at one level of the hierarchy; the key
/// of roll-ups and energy breakdowns (the names match Circuit's `adc`, `dac`,
/// `sampleAndHold`, `array`, `shiftAdd`).
public enum ChipComponent: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Column ADCs.
    case adc
    /// Row DACs.
    case dac
    /// Column sample-and-holds.
    case sampleAndHold
    /// Crossbar arrays of cells.
    case array
    /// The IMA's shift-and-add units.
    case shiftAdd
    /// The IMA's input register.
    case inputRegister
    /// The IMA's output register.
    case outputRegister
    /// The tile buffer (ISAAC: eDRAM).
    case tileBuffer
    /// The bus between the tile buffer and the IMAs.
    case bus
    /// The router of the on-chip network (possibly shared by several tiles).
    case router
    /// Activation/requantization units (ISAAC: sigmoid).
    case activation
    /// The tile's shift-and-add unit (partial sums across IMAs).
    case tileShiftAdd
    /// Max-pooling units.
    case pooling
    /// The tile's output register.
    case tileOutputRegister
    /// Off-chip links (ISAAC: HyperTransport).
    case offChipLink

    /// Levels of the chip hierarchy.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// In-situ multiply-accumulate unit: arrays with their periphery.
        case ima
        /// A tile: IMAs with a buffer, a bus, digital units and a router share.
        case tile
        /// The chip: tiles and off-chip links.
        case chip
    }

    /// Where the component sits.
    public var level: Level {
        switch self {
        case .adc, .dac, .sampleAndHold, .array, .shiftAdd, .inputRegister, .outputRegister: .ima
        case .tileBuffer, .bus, .router, .activation, .tileShiftAdd, .pooling, .tileOutputRegister: .tile
        case .offChipLink: .chip
        }
    }

    /// The group a breakdown by kind shows the component in: `dac`, `array`, `adc`,
    /// `sampleAndHold`, `shiftAdd` (the array periphery), `buffers` (registers and the tile
    /// buffer), `interconnect` (bus, router, off-chip link), `digital` (activation, pooling,
    /// the tile's shift-and-add).
    public var category: String {
        switch self {
        case .adc, .dac, .sampleAndHold, .array, .shiftAdd: rawValue
        case .inputRegister, .outputRegister, .tileBuffer, .tileOutputRegister: "buffers"
        case .bus, .router, .offChipLink: "interconnect"
        case .activation, .tileShiftAdd, .pooling: "digital"
        }
    }

    public static func < (a: ChipComponent, b: ChipComponent) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
