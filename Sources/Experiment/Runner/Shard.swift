/// One of `count` deterministic parts of an experiment, numbered from 1: `--shard 2/4`.
///
/// The runner deals the experiment's programming groups (see ``SweepEvaluator``) round-robin
/// in point order: group `g` (from 0) belongs to shard `g mod count + 1`. The shards of a
/// `count` are disjoint and together hold every point; a point's seed does not depend on the
/// shard it runs in. With fewer groups than shards, some shards are empty.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Which shard, from 1 to ``count``.
    public let index: Int
    /// How many shards the experiment is split into.
    public let count: Int

    /// The whole experiment: shard 1 of 1.
    public static let whole = Shard(validIndex: 1, count: 1)

    /// Shard `index` of `count`; throws unless `1 ≤ index ≤ count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else { throw SweepError.invalidShard("\(index)/\(count)") }
        self.init(validIndex: index, count: count)
    }

    /// Parses `i/n` (`2/4`); throws ``SweepError/invalidShard(_:)`` otherwise.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw SweepError.invalidShard(text)
        }
        try self.init(index: index, count: count)
    }

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// Whether the group at position `ordinal` (from 0, in point order) belongs to this shard.
    public func contains(groupOrdinal ordinal: Int) -> Bool {
        ordinal % count == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}
