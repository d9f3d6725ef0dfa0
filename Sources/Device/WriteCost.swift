/// The cost of programming: pulses, energy, time and endurance used. Adds up over cells.
public struct WriteCost: Sendable, Equatable {
    /// Programming pulses applied (SET and RESET). The verify read after each pulse is not
    /// counted here; its energy and time are part of ``energyJoules`` and ``latencySeconds``.
    public var pulses: Int
    /// Energy of the write pulses and their verify reads, joules.
    public var energyJoules: Double
    /// Time spent programming (pulses and verify reads one after the other), seconds.
    public var latencySeconds: Double
    /// Endurance cycles consumed: every programming pulse counts as one cycle against the
    /// device's endurance (a partial pulse as a full cycle: conservative).
    public var enduranceCycles: Int

    /// A cost.
    public init(pulses: Int, energyJoules: Double, latencySeconds: Double, enduranceCycles: Int) {
        self.pulses = pulses
        self.energyJoules = energyJoules
        self.latencySeconds = latencySeconds
        self.enduranceCycles = enduranceCycles
    }

    /// Nothing spent.
    public static let zero = WriteCost(pulses: 0, energyJoules: 0, latencySeconds: 0, enduranceCycles: 0)

    /// The sum of two costs (cells written one after the other).
    public static func + (a: WriteCost, b: WriteCost) -> WriteCost {
        WriteCost(
            pulses: a.pulses + b.pulses, energyJoules: a.energyJoules + b.energyJoules,
            latencySeconds: a.latencySeconds + b.latencySeconds, enduranceCycles: a.enduranceCycles + b.enduranceCycles)
    }

    /// Adds `other` to this cost.
    public static func += (a: inout WriteCost, b: WriteCost) { a = a + b }
}
