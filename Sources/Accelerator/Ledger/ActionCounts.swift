/// How many times each ``Action`` happened: the functional simulation's only output to the
/// cost model. Energy is Σ counts × energy per action, a pure function of the two.
public struct ActionCounts: Sendable, Equatable, Encodable {
    /// Count per action (absent means zero).
    public private(set) var counts: [Action: Int]

    /// No actions.
    public init() { counts = [:] }

    /// The given counts.
    public init(_ counts: [Action: Int]) { self.counts = counts.filter { $0.value != 0 } }

    /// The count of `action`.
    public subscript(action: Action) -> Int {
        get { counts[action] ?? 0 }
        set { counts[action] = newValue == 0 ? nil : newValue }
    }

    /// Adds `count` occurrences of `action`.
    public mutating func add(_ action: Action, _ count: Int) { self[action] += count }

    /// The sum of two tallies.
    public static func + (a: ActionCounts, b: ActionCounts) -> ActionCounts {
        ActionCounts(a.counts.merging(b.counts, uniquingKeysWith: +))
    }

    /// Adds another tally.
    public static func += (a: inout ActionCounts, b: ActionCounts) { a = a + b }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
    }
}
