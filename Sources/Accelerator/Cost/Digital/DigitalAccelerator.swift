import Circuit

/// A digital accelerator in the style of DaDianNao's NFU and Eyeriss: a grid of integer
/// multiply-accumulate units, an on-chip SRAM for weights and one for activations, and DRAM
/// for what does not fit — the baseline an analog chip is compared with on the same quantized
/// network, at the same node and clock (the iso settings of the comparison).
///
/// Defaults: a 16 × 16 MAC grid (DaDianNao's NFU: 16 neurons × 16 synapses), a 512 KB
/// weight SRAM, a 108 KB activation SRAM (Eyeriss's global buffer), 32-bit accumulators,
/// batch 1. The baseline of a run sizes both SRAMs to its network
/// (``init(matching:workload:leakageFraction:batchSize:)``).
/// Per-operation energies follow ``HorowitzFigures`` scaled to the node by
/// ``TechnologyScaling``; see ``DigitalBaseline`` for the reuse model.
public struct DigitalAccelerator: Sendable, Equatable {
    /// Technology node, metres.
    public var technologyNodeMetres: Double
    /// Clock, hertz.
    public var clockHz: Double
    /// MAC grid rows: the K (input) extent of the weight tile held in the grid.
    public var gridRows: Int
    /// MAC grid columns: the N (output) extent of the weight tile.
    public var gridColumns: Int
    /// Weight SRAM, bytes.
    public var weightBufferBytes: Int
    /// Activation SRAM (inputs, partial sums, outputs), bytes.
    public var activationBufferBytes: Int
    /// Accumulator and partial-sum width, bits.
    public var accumulatorBits: Int
    /// Images that share one pass of the weights through the grid.
    public var batchSize: Int
    /// Fraction λ of peak power that is static (as for the analog chip).
    public var leakageFraction: Double

    /// A digital accelerator; ``validate()`` checks it.
    public init(
        technologyNodeMetres: Double, clockHz: Double, gridRows: Int = 16, gridColumns: Int = 16, weightBufferBytes: Int = 512 * 1024,
        activationBufferBytes: Int = 108 * 1024, accumulatorBits: Int = 32, batchSize: Int = 1, leakageFraction: Double
    ) {
        self.technologyNodeMetres = technologyNodeMetres
        self.clockHz = clockHz
        self.gridRows = gridRows
        self.gridColumns = gridColumns
        self.weightBufferBytes = weightBufferBytes
        self.activationBufferBytes = activationBufferBytes
        self.accumulatorBits = accumulatorBits
        self.batchSize = batchSize
        self.leakageFraction = leakageFraction
    }

    /// Largest SRAM the sizing rule gives either buffer, bytes: 32 MiB, DaDianNao's on-chip
    /// weight storage (Chen et al., MICRO 2014: 16 tiles × 2 MB eDRAM), so that the MAC array and
    /// DaDianNao keep the same networks on chip.
    public static let maximumBufferBytes = 32 << 20

    /// The baseline for an analog chip running `workload`: the chip's node and clock, the
    /// default grid, the same leakage fraction, and buffers sized to the network — the weight
    /// SRAM holds all its weights (rounded up to whole KiB) when they fit ``maximumBufferBytes``
    /// (else it is that large and the weights stream), the activation SRAM the largest layer's
    /// input + output tensors (rounded up to whole KiB, at most ``maximumBufferBytes``).
    public init(matching architecture: ArchitectureSpec, workload: NetworkWorkload, leakageFraction: Double, batchSize: Int = 1) {
        func kibibytes(_ bits: Int) -> Int { min(Self.maximumBufferBytes, max(1, (bits + 8 * 1024 - 1) / (8 * 1024)) * 1024) }
        let weightBits = workload.matrixLayers.reduce(0) { $0 + $1.weights * $1.weightBits }
        let activationBits = workload.matrixLayers.map { layer in
            layer.inputElements * layer.inputBits + layer.outputsPerImage * (layer.outputBits ?? 32)
        }.max() ?? 8
        self.init(
            technologyNodeMetres: architecture.technologyNodeMetres, clockHz: architecture.clockHz,
            weightBufferBytes: kibibytes(weightBits), activationBufferBytes: kibibytes(activationBits), batchSize: batchSize,
            leakageFraction: leakageFraction)
    }

    /// Checks every field; throws ``CostModelError`` naming it.
    public func validate() throws {
        let owner = "DigitalAccelerator"
        try CostModelError.require(technologyNodeMetres, in: 7e-9...130e-9, owner: owner, field: "technologyNodeMetres")
        try CostModelError.requirePositive(clockHz, owner: owner, field: "clockHz")
        try CostModelError.require(gridRows, in: 1...4096, owner: owner, field: "gridRows")
        try CostModelError.require(gridColumns, in: 1...4096, owner: owner, field: "gridColumns")
        try CostModelError.require(weightBufferBytes, in: 1...(1 << 34), owner: owner, field: "weightBufferBytes")
        try CostModelError.require(activationBufferBytes, in: 1...(1 << 34), owner: owner, field: "activationBufferBytes")
        try CostModelError.require(accumulatorBits, in: 8...64, owner: owner, field: "accumulatorBits")
        try CostModelError.require(batchSize, in: 1...1_000_000, owner: owner, field: "batchSize")
        guard leakageFraction.isFinite, leakageFraction >= 0, leakageFraction < 1 else {
            throw CostModelError.invalidParameter(owner: owner, field: "leakageFraction", value: "\(leakageFraction)", allowed: "0 ≤ λ < 1")
        }
    }
}
