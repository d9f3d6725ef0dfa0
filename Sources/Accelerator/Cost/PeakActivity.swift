import Circuit

/// The traffic of a chip running flat out: every array reads every cycle, every ADC converts
/// its columns, every IMA consumes a new input vector every (slices × cycle). Each component's
/// model (``ChipComponentModel/peakActionsPerSecond(_:)``) turns these into its actions per
/// second per instance; peak power is Σ count × (energy per action × those rates + static
/// power), and the per-action energies of ISAAC's components are Table I's powers divided by
/// the same rates at ISAAC's architecture (``ISAACCalibration``), so both use one set of
/// conventions (those documented on the chip actions in `Ledger/Action+Chip.swift`).
///
/// With cycle T (the longer of the read cycle and the time the ADCs need for their columns),
/// s input slices, A arrays per IMA, M IMAs per tile, R rows, n_w weights per array row, input
/// width I and output width b_o, per second: IMA input bits A·R·I/(s·T), IMA output bits
/// A·n_w·b_o/(s·T), tile outputs M·A·n_w/(s·T), tile traffic M·(input + output bits).
public struct PeakActivity: Sendable {
    /// The chip.
    public let architecture: ArchitectureSpec
    /// The cycle T of one input slice, seconds.
    public let cycleSeconds: Double
    /// Conversions of one ADC per cycle: ⌈sensed columns / ADCs per array⌉.
    public let conversionsPerADC: Double
    /// Input vectors an IMA takes per second: 1/(s·T).
    public let inputVectorsPerSecond: Double
    /// Input bits an IMA receives per second.
    public let imaInputBitsPerSecond: Double
    /// Output bits an IMA sends per second.
    public let imaOutputBitsPerSecond: Double
    /// Output values a tile produces per second.
    public let tileOutputsPerSecond: Double
    /// Bits a tile moves between its buffer and its IMAs per second.
    public let tileTrafficBitsPerSecond: Double
    /// Peak operations per second of the chip (2 per weight per input: multiply and add).
    public let operationsPerSecond: Double

    /// The activity of `architecture` at peak.
    public init(_ architecture: ArchitectureSpec) {
        let o = architecture
        let conversions = (o.sensedColumnsPerArray + o.adcsPerArray - 1) / o.adcsPerArray
        let cycle = o.sliceSeconds(conversionsPerADC: conversions)
        let vectors = 1 / (Double(o.slicesPerInput) * cycle)
        let arrays = Double(o.arraysPerIMA), imas = Double(o.imasPerTile), rows = Double(o.arrayRows)
        let outputs = Double(o.weightsPerArrayRow)
        let imaInputBits = arrays * rows * Double(o.inputBits) * vectors
        let imaOutputBits = arrays * outputs * Double(o.imaOutputBits) * vectors
        self.architecture = architecture
        cycleSeconds = cycle
        conversionsPerADC = Double(conversions)
        inputVectorsPerSecond = vectors
        imaInputBitsPerSecond = imaInputBits
        imaOutputBitsPerSecond = imaOutputBits
        tileOutputsPerSecond = imas * arrays * outputs * vectors
        tileTrafficBitsPerSecond = imas * (imaInputBits + imaOutputBits)
        operationsPerSecond = Double(o.arraysPerChip) * rows * outputs * 2 * vectors
    }

    /// `total` actions per second shared by `units` instances (0 when there are none).
    public func shared(_ total: Double, by units: Int) -> Double { units > 0 ? total / Double(units) : 0 }
}
