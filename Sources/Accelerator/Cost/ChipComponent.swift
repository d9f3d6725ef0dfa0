/// One row of a chip's component table (`Experiments/components/*.json`, `components`): a
/// kind of component at one level of the hierarchy, the key of roll-ups and energy breakdowns.
///
/// The table, not the engine, lists the components: their order (``position``, the order of
/// breakdowns and of every sum over components), where each sits and the group a breakdown by
/// kind shows it in; the row's `model` names the ``ChipComponentModel`` that counts and prices it.
public struct ChipComponent: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Levels of the chip hierarchy.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// In-situ multiply-accumulate unit: arrays with their periphery.
        case ima
        /// A tile: IMAs with a buffer, a bus, digital units and a router share.
        case tile
        /// The chip: tiles and off-chip links.
        case chip
    }

    /// The component's name, e.g. `adc`: the key of breakdowns and of the table's figures.
    public let name: String
    /// Where the component sits.
    public let level: Level
    /// The group a breakdown by kind shows the component in (ISAAC's table: `dac`, `array`,
    /// `adc`, `sampleAndHold`, `shiftAdd`, `buffers`, `interconnect`, `digital`).
    public let category: String
    /// Index of the row in its table.
    public let position: Int

    public var description: String { name }

    public static func < (a: ChipComponent, b: ChipComponent) -> Bool { a.position < b.position }
}
