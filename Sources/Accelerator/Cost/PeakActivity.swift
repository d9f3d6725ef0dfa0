import Circuit

/// How often each component acts when the chip runs flat out: every array reads every cycle,
/// every ADC converts its columns, every IMA consumes a new input vector every
/// (slices × cycle). Peak power is Σ count × (energy per action × these rates + static power);
/// the per-action energies of ISAAC's components are Table I's powers divided by these rates
/// at ISAAC's architecture (``ISAACCalibration``), so both use one set of conventions (those
/// documented on the chip actions in `Execution/Action+Chip.swift`).
///
/// With cycle T (the longer of the read cycle and the time the ADCs need for their columns),
/// s input slices, A arrays per IMA, M IMAs per tile, R rows, n_w weights per array row and
/// output width b_o, per instance and per second:
/// - DAC and sample-and-hold: 1/T; array: R·C/T cell reads; ADC: ⌈sensed/ADCs⌉/T;
/// - IMA shift-and-add unit: A·sensed/T / units (one add per ADC result);
/// - input register: A·R·d/T bits read and A·R·I/(s·T) written;
/// - output register: A·n_w·b_o/(s·T) bits written and as many read;
/// - tile buffer: M·A·R·I/(s·T) bits read (to the IMAs), M·A·n_w·b_o/(s·T) written; the bus
///   carries both; a router carries that traffic for each tile it serves (Accelergy's
///   assumption for ISAAC: router bandwidth = the tile's eDRAM bandwidth);
/// - tile outputs M·A·n_w/(s·T), shared by the activation, shift-and-add and pooling units
///   (one action per output each) and written and read once in the tile output register;
/// - the off-chip link at its rated bandwidth.
public struct PeakActivity: Sendable, Equatable {
    /// The cycle T of one input slice, seconds.
    public let cycleSeconds: Double
    /// Input vectors an IMA takes per second: 1/(s·T).
    public let inputVectorsPerSecond: Double
    /// Actions per second of one instance of each component.
    public let actionsPerSecond: [ChipComponent: [Action: Double]]
    /// Peak operations per second of the chip (2 per weight per input: multiply and add).
    public let operationsPerSecond: Double

    /// The activity of `architecture` at peak.
    public init(_ architecture: ArchitectureSpec) {
        let o = architecture
        let sensed = Double(o.sensedColumnsPerArray)
        let conversions = (o.sensedColumnsPerArray + o.adcsPerArray - 1) / o.adcsPerArray
        let conversionsPerADC = Double(conversions)
        let cycle = o.sliceSeconds(conversionsPerADC: conversions)
        let vectors = 1 / (Double(o.slicesPerInput) * cycle)
        let arrays = Double(o.arraysPerIMA), imas = Double(o.imasPerTile), rows = Double(o.arrayRows)
        let outputs = Double(o.weightsPerArrayRow)
        let imaInputBits = arrays * rows * Double(o.inputBits) * vectors
        let imaOutputBits = arrays * outputs * Double(o.imaOutputBits) * vectors
        let tileOutputs = imas * arrays * outputs * vectors
        let tileTraffic = imas * (imaInputBits + imaOutputBits)
        func per(_ total: Double, _ units: Int) -> Double { units > 0 ? total / Double(units) : 0 }
        cycleSeconds = cycle
        inputVectorsPerSecond = vectors
        actionsPerSecond = [
            .dac: [.dacConversion: 1 / cycle],
            .sampleAndHold: [.sampleAndHold: 1 / cycle],
            .array: [.cellRead: rows * Double(o.arrayColumns) / cycle],
            .adc: [.adcConversion: conversionsPerADC / cycle],
            .shiftAdd: [.shiftAdd: per(arrays * sensed / cycle, o.shiftAddUnitsPerIMA)],
            .inputRegister: [.inputRegisterBitRead: arrays * rows * Double(o.dacBits) / cycle, .inputRegisterBitWrite: imaInputBits],
            .outputRegister: [.outputRegisterBitWrite: imaOutputBits, .outputRegisterBitRead: imaOutputBits],
            .tileBuffer: [.tileBufferBitRead: imas * imaInputBits, .tileBufferBitWrite: imas * imaOutputBits],
            .bus: [.busBitTransfer: tileTraffic],
            .router: [.routerBitTransfer: tileTraffic * Double(o.tilesPerRouter)],
            .activation: [.activation: per(tileOutputs, o.activationUnitsPerTile)],
            .tileShiftAdd: [.partialSumAdd: per(tileOutputs, o.shiftAddUnitsPerTile)],
            .pooling: [.poolingComparison: per(tileOutputs, o.maxPoolUnitsPerTile)],
            .tileOutputRegister: [
                .tileOutputRegisterBitWrite: tileOutputs * Double(o.imaOutputBits), .tileOutputRegisterBitRead: tileOutputs * Double(o.imaOutputBits),
            ],
            .offChipLink: [.offChipBitTransfer: o.offChipLinkBitsPerSecond],
        ]
        operationsPerSecond = Double(o.arraysPerChip) * rows * outputs * 2 * vectors
    }
}
