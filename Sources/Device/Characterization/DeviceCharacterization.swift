import Numerics

/// Programs a population of cells to one level or conductance and summarizes what came out:
/// achieved conductance, pulses, write cost, faults, and the conductance at later times before
/// and with read noise — the numbers `crossbar device` prints.
///
/// Cells draw from `RandomStream(seed: seed, key: "device/characterize")`, one after another.
/// The read at time tᵢ (the i-th requested time) draws each cell's frozen and per-conversion
/// deviates, in cell order, from `RandomStream(seed: seed, key: "device/read/<i>")`.
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
        /// Conductance (drift, relaxation and retention applied, no read noise), siemens.
        public var conductance: SampleSummary
        /// One read of every cell at this time, its read noise (both parts) included, siemens.
        public var readConductance: SampleSummary
        /// Mean over cells of the σ one read adds, siemens.
        public var readNoiseSigmaMeanSiemens: Double
    }

    /// Device (preset) name.
    public var device: String
    /// Its technology.
    public var technology: DeviceTechnology
    /// Level programmed; absent when cells were programmed to a conductance.
    public var level: Int?
    /// Levels per cell; absent when cells were programmed to a conductance.
    public var levelCount: Int?
    /// Cells programmed.
    public var cells: Int
    /// Seed of the random stream.
    public var seed: UInt64
    /// Nominal conductance of the level, or the conductance requested, siemens.
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
        self.init(
            device: device, level: level, levelCount: levelCount,
            target: device.targetConductance(level: level, levelCount: levelCount), cells: cells, seed: seed,
            times: times
        ) { device.program(level: level, levelCount: levelCount, using: &$0) }
    }

    /// Programs `cells` cells of `device` to `targetSiemens` and reads them at `times`.
    public init(
        device: any ConductanceProgrammable, targetSiemens: Double, cells: Int, seed: UInt64, times: [Double] = []
    ) {
        self.init(
            device: device, level: nil, levelCount: nil, target: targetSiemens, cells: cells, seed: seed, times: times
        ) { device.program(targetSiemens: targetSiemens, using: &$0) }
    }

    private init(
        device: any MemoryDevice, level: Int?, levelCount: Int?, target: Double, cells: Int, seed: UInt64,
        times: [Double], program: (inout RandomStream) -> ProgrammedCell
    ) {
        precondition(cells >= 1, "characterize at least one cell")
        var stream = RandomStream(seed: seed, key: "device/characterize")
        let programmed = (0..<cells).map { _ in program(&stream) }
        let pulseCounts = programmed.map { Double($0.cost.pulses) }
        self.device = device.name
        technology = device.technology
        self.level = level
        self.levelCount = levelCount
        self.cells = cells
        self.seed = seed
        targetConductanceSiemens = target
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
        self.times = times.enumerated().map { index, seconds in
            var readStream = RandomStream(seed: seed, key: "device/read/\(index)")
            let reads = programmed.map { cell in
                device.read(
                    cell, atSeconds: seconds, frozenDeviate: readStream.nextNormal(),
                    perConversionDeviate: readStream.nextNormal())
            }
            return TimePoint(
                seconds: seconds, conductance: SampleSummary(programmed.map { device.conductance(of: $0, atSeconds: seconds) }),
                readConductance: SampleSummary(reads),
                readNoiseSigmaMeanSiemens: Statistics.mean(
                    programmed.map { device.readNoiseStandardDeviation(of: $0, atSeconds: seconds) }))
        }
    }
}
