import Device

/// The one-time cost of writing a network into the arrays with write-verify: energy, time,
/// pulses and endurance used, from the device model's ``WriteCost`` of every array.
///
/// Time: the cells of one array are programmed one after another (the device's write-verify
/// latency adds up, as ``WriteCost`` does); arrays are programmed either all in parallel (each
/// has its own write drivers: the time is the slowest array's) or one at a time (the sum).
/// Endurance: every programming pulse is one cycle (``WriteCost/enduranceCycles``); the
/// fraction used is the mean cycles per cell over the device's median endurance, and its
/// inverse is how many times the network could be rewritten before a typical cell wears out;
/// the worst cell's fraction says when the first one does.
public struct ProgrammingCost: Sendable, Equatable, Encodable {
    /// Device preset name.
    public let device: String
    /// Device technology.
    public let technology: DeviceTechnology
    /// Arrays written.
    public let arrays: Int
    /// Cells written.
    public let cells: Int
    /// Σ over all arrays.
    public let total: WriteCost
    /// Time with every array programmed in parallel (the slowest array), seconds.
    public let parallelSeconds: Double
    /// Time with the arrays programmed one after another, seconds.
    public let sequentialSeconds: Double
    /// The device's median endurance, cycles (infinite when unlimited).
    public let deviceEnduranceCycles: Double
    /// The most cycles one cell took.
    public let mostCyclesOnOneCell: Int

    /// The cost of programming `chip` (copies of replicated layers included).
    public init(chip: ProgrammedChip) throws {
        try self.init(
            perArray: chip.replicatedWriteCosts, cells: chip.replicatedCellCount, mostCyclesOnOneCell: chip.mostCyclesOnOneCell,
            device: chip.device)
    }

    /// The cost of programming arrays whose write costs are `perArray`, holding `cells` cells
    /// in all, the busiest of which took `mostCyclesOnOneCell` cycles, on `device`.
    public init(perArray: [WriteCost], cells: Int, mostCyclesOnOneCell: Int, device: any MemoryDevice) throws {
        try CostModelError.require(cells, in: 1...Int.max, owner: "ProgrammingCost", field: "cells")
        guard !perArray.isEmpty else {
            throw CostModelError.invalidParameter(owner: "ProgrammingCost", field: "perArray", value: "[]", allowed: "one write cost per array")
        }
        self.device = device.name
        technology = device.technology
        arrays = perArray.count
        self.cells = cells
        total = perArray.reduce(.zero, +)
        parallelSeconds = perArray.map(\.latencySeconds).max()!
        sequentialSeconds = total.latencySeconds
        deviceEnduranceCycles = device.enduranceCycles
        self.mostCyclesOnOneCell = mostCyclesOnOneCell
    }

    /// Write energy per cell, joules.
    public var energyPerCellJoules: Double { total.energyJoules / Double(cells) }
    /// Programming pulses per cell.
    public var pulsesPerCell: Double { Double(total.pulses) / Double(cells) }
    /// Endurance cycles used per cell.
    public var enduranceCyclesPerCell: Double { Double(total.enduranceCycles) / Double(cells) }
    /// Fraction of a cell's endurance one programming of the network uses (0 when unlimited).
    public var enduranceFractionUsed: Double { deviceEnduranceCycles.isFinite ? enduranceCyclesPerCell / deviceEnduranceCycles : 0 }
    /// How many times the network can be programmed before a typical cell wears out (infinite
    /// when unlimited or when no pulse was needed).
    public var reprogrammingsToWearOut: Double { enduranceFractionUsed > 0 ? 1 / enduranceFractionUsed : .infinity }
    /// Fraction of its endurance the busiest cell used (0 when unlimited).
    public var worstCellEnduranceFractionUsed: Double {
        deviceEnduranceCycles.isFinite ? Double(mostCyclesOnOneCell) / deviceEnduranceCycles : 0
    }

    private enum CodingKeys: String, CodingKey {
        case device, technology, arrays, cells, energyJoules, pulses, parallelSeconds, sequentialSeconds, timeSeconds
        case energyPerCellJoules, pulsesPerCell, enduranceCyclesPerCell, enduranceFractionUsed, deviceEnduranceCycles
        case mostCyclesOnOneCell, worstCellEnduranceFractionUsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(device, forKey: .device)
        try container.encode(technology.rawValue, forKey: .technology)
        try container.encode(arrays, forKey: .arrays)
        try container.encode(cells, forKey: .cells)
        try container.encode(total.energyJoules, forKey: .energyJoules)
        try container.encode(total.pulses, forKey: .pulses)
        try container.encode(parallelSeconds, forKey: .parallelSeconds)
        try container.encode(sequentialSeconds, forKey: .sequentialSeconds)
        try container.encode(parallelSeconds, forKey: .timeSeconds)
        try container.encode(energyPerCellJoules, forKey: .energyPerCellJoules)
        try container.encode(pulsesPerCell, forKey: .pulsesPerCell)
        try container.encode(enduranceCyclesPerCell, forKey: .enduranceCyclesPerCell)
        try container.encode(enduranceFractionUsed, forKey: .enduranceFractionUsed)
        try container.encode(mostCyclesOnOneCell, forKey: .mostCyclesOnOneCell)
        try container.encode(worstCellEnduranceFractionUsed, forKey: .worstCellEnduranceFractionUsed)
        if deviceEnduranceCycles.isFinite { try container.encode(deviceEnduranceCycles, forKey: .deviceEnduranceCycles) }
    }
}
