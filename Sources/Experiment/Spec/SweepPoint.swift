import DataFiles
import Numerics

/// One point of an experiment: a full run configuration and the seed it runs with.
public struct SweepPoint: Sendable, Hashable {
    /// Position in the experiment's order (grid order, repetitions innermost), from 0.
    public let index: Int
    /// Which repetition of its configuration this is, from 0.
    public let repetition: Int
    /// The swept values of this point as an object keyed by dotted path (`{"adc.bits": 6}`).
    public let free: JSONValue
    /// The shared configuration with the swept values set: what the evaluator runs.
    public let configuration: JSONValue
    /// The point's seed, below 2⁵³ so that JSON and float64 columns hold it exactly.
    public let seed: UInt64

    /// The swept values as `path=value` pairs, for messages.
    public var label: String {
        guard case .object(let members) = free, !members.isEmpty else { return "(no swept values)" }
        return members.keys.sorted().map { $0 + "=" + members[$0]!.canonicalJSON() }.joined(separator: ", ")
    }

    /// The seed of a point: a hash of the experiment's base seed, the swept values and the
    /// repetition.
    ///
    /// The hash input is the canonical JSON `{"free":{…},"repetition":r}` with keys sorted, so
    /// the seed does not depend on the order of the axes, on which other points the experiment
    /// has, or on how it is sharded. Swept values at read-time paths are left out of `free`, so
    /// points that differ only in how a programmed chip is read share their seed, and with it
    /// the chip (see ``SweepEvaluator/readTimePaths``).
    public static func seed(base: UInt64, free: JSONValue, repetition: Int) -> UInt64 {
        let key: JSONValue = ["free": free, "repetition": .number(Double(repetition))]
        var stream = RandomStream(seed: base, key: "experiment/point/" + key.canonicalJSON())
        return stream.next() >> 11
    }
}
