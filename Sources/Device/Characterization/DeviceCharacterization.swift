import Numerics

/// Programs a population of cells to one level and summarizes what came out: achieved
/// conductance, pulses, write cost, faults, and the conductance at later times — the numbers
/// `crossbar device` prints.
///
/// Cells draw from `RandomStream(seed: seed, key: "device/characterize")`, one after another.
public struct DeviceCharacterization: Sendable, Codable {
    /// Pulses per cell.
    public struct Pulses: Sendable, Codable {
        /// Mean pulses per cell.
        public var mean: Double
        /// 99th percentile (linear interpolation between order statistics).
        public var p99: Double
        /// Most pulses any cell took.
        public var maximum: Int
    }

    /// Cells with each fault.
    public struct Faults: Sendable, Codable {
        /// Stuck at the high-conductance end.
        public var stuckOn: Int
        /// Stuck at the low-conductance end.
        public var stuckOff: Int
        /// Past their endurance.
        public var wornOut: Int
    }

    /// The population at one time after programming.
    public struct TimePoint: Sendable, Codable {
        /// Seconds after programming.
        public var seconds: Double
        /// Conductance (drift and retention applied, no read noise), siemens.
        public var conductance: SampleSummary
        /// Mean over cells of the σ one read adds, siemens.
        public var readNoiseSigmaMeanSiemens: Double
    }

    /// Device (preset) name.
    public var device: String
    /// Its technology.
    public var technology: DeviceTechnology
    /// Level programmed.
    public var level: Int
    /// Levels per cell.
    public var levelCount: Int
    /// Cells programmed.
    public var cells: Int
    /// Seed of the random stream.
    public var seed: UInt64
    /// Nominal conductance of the level, siemens.
    public var targetConductanceSiemens: Double
    /// Achieved conductance at the drift reference time (all cells, faulty ones included), siemens.
    public var conductance: SampleSummary
    /// Achieved conductance of the cells without a fault; absent when every cell is faulty.
    public var healthyConductance: SampleSummary?
    /// Programming pulses per cell.
    public var pulses: Pulses
    /// Mean write energy per cell (pulses and verify reads), joules.
    public var writeEnergyJoulesPerCell: Double
    /// Mean write latency per cell, seconds.
    public var writeLatencySecondsPerCell: Double
    /// Fault counts.
    public var faults: Faults
    /// Cells whose write-verify did not reach the tolerance (faulty cells included).
    public var unverified: Int
    /// The population at each requested time.
    public var times: [TimePoint]

    /// Programs `cells` cells of `device` to `level` of `levelCount` and reads them at `times`.
    public init(
        device: any MemoryDevice, level: Int, levelCount: Int, cells: Int, seed: UInt64, times: [Double] = []
    ) {
        precondition(cells >= 1, "characterize at least one cell")
        var stream = RandomStream(seed: seed, key: "device/characterize")
        let programmed = (0..<cells).map { _ in device.program(level: level, levelCount: levelCount, using: &stream) }
        let pulseCounts = programmed.map { Double($0.cost.pulses) }
        self.device = device.name
        technology = device.technology
        self.level = level
        self.levelCount = levelCount
        self.cells = cells
        self.seed = seed
        targetConductanceSiemens = device.targetConductance(level: level, levelCount: levelCount)
        conductance = SampleSummary(programmed.map(\.conductanceSiemens))
        let healthy = programmed.filter { $0.fault == .none }.map(\.conductanceSiemens)
        healthyConductance = healthy.isEmpty ? nil : SampleSummary(healthy)
        pulses = Pulses(
            mean: Statistics.mean(pulseCounts), p99: Statistics.quantile(pulseCounts, 0.99),
            maximum: programmed.map(\.cost.pulses).max()!)
        writeEnergyJoulesPerCell = Statistics.mean(programmed.map(\.cost.energyJoules))
        writeLatencySecondsPerCell = Statistics.mean(programmed.map(\.cost.latencySeconds))
        faults = Faults(
            stuckOn: programmed.count { $0.fault == .stuckOn }, stuckOff: programmed.count { $0.fault == .stuckOff },
            wornOut: programmed.count { $0.fault == .wornOut })
        unverified = programmed.count { !$0.verified }
        self.times = times.map { seconds in
            TimePoint(
                seconds: seconds, conductance: SampleSummary(programmed.map { device.conductance(of: $0, atSeconds: seconds) }),
                readNoiseSigmaMeanSiemens: Statistics.mean(
                    programmed.map { device.readNoiseStandardDeviation(of: $0, atSeconds: seconds) }))
        }
    }
}
