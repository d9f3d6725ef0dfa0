import Circuit

/// The energy, time and area of one inference of a quantized network on a
/// ``DigitalAccelerator``: the digital baseline of the analog-vs-digital comparison.
///
/// Reuse model (weight-stationary), per matrix layer with M rows per
/// image, K × N weights of w bits (K = C_in/G·k_h·k_w per group), a-bit inputs, an R_g × C_g
/// MAC grid and a batch of B images:
/// - **MACs**: M·K·N per image, exactly the network's; each a w×a multiply and an add at the
///   accumulator width;
/// - **weights**: each R_g × C_g weight tile is loaded into the grid once per batch, so the
///   weight SRAM reads K·N·w bits per batch;
/// - **inputs, convolutions**: a line buffer of (k_h' − 1) padded input rows + k_w' pixels
///   (k' = the dilated kernel extent) of the group's C_in/G channels holds every window, so each
///   element of the C_in × H × W input is read from the activation SRAM once per column tile of
///   its group, C_in·H·W·a·⌈(N/G)/C_g⌉ bits, and written into the line buffer once; the grid
///   reads the M·K·a·⌈N/C_g⌉ im2col bits from the line buffer (about k_h·k_w/stride² times the
///   SRAM reads). **Dense**: the K inputs are read from the SRAM once per column tile,
///   K·a·⌈N/C_g⌉ bits, with no line buffer;
/// - **partial sums**: with ⌈K/R_g⌉ > 1 row tiles, the M·N partial sums are written to and
///   read back from the activation SRAM ⌈K/R_g⌉ − 1 times at the accumulator width;
/// - **outputs**: M·N values requantized (a 32-bit multiply and add each, the same
///   ``Action/activation`` the analog chip counts) and written once at their width (the
///   accumulator width for the last layer);
/// - **time**: M·⌈K/R_g⌉·⌈N/C_g⌉ cycles per image (one input row per cycle per weight tile).
///
/// The buffers are sized to the network by ``DigitalAccelerator/init(matching:workload:leakageFraction:batchSize:)``;
/// the line buffer holds the largest convolution's window rows (``lineBufferBytes``).
/// Pooling costs k − 1 comparisons (max) or additions (average, plus one requantization) per
/// output of a k-value window; a residual Add two requantizations per output. **DRAM**: the
/// input image is read and the output written once per inference; weights that fit the weight
/// SRAM are loaded once (``weightLoadJoules``, a one-time cost like the analog chip's
/// programming), otherwise every layer's weights stream from DRAM once per batch (and are
/// written into the SRAM); a layer whose input and output tensors exceed the activation SRAM
/// reads its input from and writes its output to DRAM. **Static**: λ/(1 − λ) of the peak
/// dynamic power (every MAC busy, the activation SRAM delivering R_g inputs and the weight
/// SRAM C_g weights per cycle) over the inference's cycles.
///
/// Energies: ``HorowitzFigures`` at 45 nm scaled to the node by ``TechnologyScaling`` (CMOS
/// rule), the line buffer as an SRAM of its capacity (Horowitz's √capacity rule below its 8 KB
/// point: at 0.5 KB it gives 0.039 pJ/bit at 45 nm, within 25 % of Sze et al.'s register file at
/// 1× a 16-bit MAC, 0.84 pJ / 16 bits); DRAM is not scaled.
public struct DigitalBaseline: DigitalBaselineEstimate {
    /// Operation counts of one inference (fractional where a batch shares a weight pass).
    public struct Counts: Sendable, Equatable, Encodable {
        /// Multiply-accumulates.
        public var macs = 0.0
        /// Bits read from the weight SRAM.
        public var weightBufferReadBits = 0.0
        /// Bits written into the weight SRAM (weights streamed from DRAM).
        public var weightBufferWriteBits = 0.0
        /// Bits read from the activation SRAM.
        public var activationBufferReadBits = 0.0
        /// Bits written into the activation SRAM.
        public var activationBufferWriteBits = 0.0
        /// Bits the grid reads from the line buffer (the im2col windows of the convolutions).
        public var lineBufferReadBits = 0.0
        /// Bits written into the line buffer (each convolution input once per column tile).
        public var lineBufferWriteBits = 0.0
        /// Bits read from DRAM.
        public var dramReadBits = 0.0
        /// Bits written to DRAM.
        public var dramWriteBits = 0.0
        /// Requantizations (activation unit operations).
        public var requantizations = 0.0
        /// Pooling comparisons or additions.
        public var poolingOperations = 0.0
    }

    /// The accelerator.
    public let accelerator: DigitalAccelerator
    /// The network's work.
    public let workload: NetworkWorkload
    /// Counts of one inference.
    public let counts: Counts
    /// Energy of one inference by component (`mac`, `weightBuffer`, `activationBuffer`,
    /// `lineBuffer`, `dram`, `digital`, `static`), joules.
    public let energyByComponentJoules: [String: Double]
    /// Clock cycles of one inference.
    public let cyclesPerInference: Int
    /// Whether all weights stay in the weight SRAM.
    public let weightsResident: Bool
    /// One-time energy to load resident weights from DRAM into the SRAM, joules (0 if not
    /// resident: then weight traffic is part of every inference).
    public let weightLoadJoules: Double
    /// Peak power (every MAC busy), watts.
    public let peakPowerWatts: Double
    /// Area of the MAC grid and the two SRAMs, square metres.
    public let areaSquareMetres: Double

    /// Line buffer, bytes: the largest convolution's ((k_h' − 1)·(W + padding) + k_w')·C_in/G
    /// inputs at their width (0 for a network without convolutions).
    public let lineBufferBytes: Int
    /// The accelerator's node, metres.
    public var technologyNodeMetres: Double { accelerator.technologyNodeMetres }
    /// DRAM traffic is the I/O.
    public var ioComponent: String { "dram" }
    /// The accelerator's clock, hertz.
    public var clockHz: Double { accelerator.clockHz }
    /// The accelerator's batch.
    public var batchSize: Int { accelerator.batchSize }
    /// What the baseline is, as the report names it: `16×16 MAC array, weight-stationary with a
    /// line buffer, 62 KB weight SRAM + 6 KB activation SRAM, DRAM off-chip, at 32 nm`.
    public var name: String {
        let a = accelerator
        let nanometres = Int((a.technologyNodeMetres * 1e9).rounded())
        return "\(a.gridRows)×\(a.gridColumns) MAC array, weight-stationary with a line buffer, \(a.weightBufferBytes / 1024) KB weight SRAM + "
            + "\(a.activationBufferBytes / 1024) KB activation SRAM, DRAM off-chip, at \(nanometres) nm"
    }

    /// The baseline of `workload` on `accelerator`.
    public init(workload: NetworkWorkload, accelerator: DigitalAccelerator) throws {
        try accelerator.validate()
        let a = accelerator
        let factor = try TechnologyScaling.energyFactor(
            fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: a.technologyNodeMetres, rule: .cmos)
        let weightBit = HorowitzFigures.sramEnergyPerBitJoules(capacityBytes: a.weightBufferBytes) * factor
        let activationBit = HorowitzFigures.sramEnergyPerBitJoules(capacityBytes: a.activationBufferBytes) * factor
        func mac(_ w: Int, _ x: Int) -> Double {
            (HorowitzFigures.multiplierEnergyJoules(weightBits: w, inputBits: x) + HorowitzFigures.adderEnergyJoules(bits: a.accumulatorBits)) * factor
        }
        let lineBuffer = Self.lineBufferCapacityBytes(for: workload)
        let lineBufferBit = lineBuffer > 0 ? HorowitzFigures.sramEnergyPerBitJoules(capacityBytes: lineBuffer) * factor : 0
        let batch = Double(a.batchSize)
        let totalWeightBits = workload.matrixLayers.reduce(0) { $0 + Double($1.weights * $1.weightBits) }
        let resident = totalWeightBits <= Double(a.weightBufferBytes) * 8
        var counts = Counts()
        var macJoules = 0.0
        var cycles = 0
        counts.dramReadBits = Double(workload.inputElements * workload.inputBits)
        for layer in workload.matrixLayers {
            let m = Double(layer.rowsPerImage), k = Double(layer.inputSize), n = Double(layer.outputSize)
            let rowTiles = (layer.inputSize + a.gridRows - 1) / a.gridRows
            let columnTiles = (layer.outputSize + a.gridColumns - 1) / a.gridColumns
            let outputBits = Double(layer.outputBits ?? a.accumulatorBits)
            counts.macs += Double(layer.macsPerImage)
            macJoules += Double(layer.macsPerImage) * mac(layer.weightBits, layer.inputBits)
            let weightBits = Double(layer.weights * layer.weightBits) / batch
            counts.weightBufferReadBits += weightBits
            if !resident {
                counts.dramReadBits += weightBits
                counts.weightBufferWriteBits += weightBits
            }
            if case .conv2D = layer.kind {
                let groupColumnTiles = (layer.outputSize / layer.groups + a.gridColumns - 1) / a.gridColumns
                let sramBits = Double(layer.inputElements * layer.inputBits * groupColumnTiles)
                counts.activationBufferReadBits += sramBits
                counts.lineBufferWriteBits += sramBits
                counts.lineBufferReadBits += m * k * Double(layer.inputBits) * Double(columnTiles)
            } else {
                counts.activationBufferReadBits += m * k * Double(layer.inputBits) * Double(columnTiles)
            }
            let partialSums = m * n * Double(rowTiles - 1) * Double(a.accumulatorBits)
            counts.activationBufferReadBits += partialSums
            counts.activationBufferWriteBits += partialSums + m * n * outputBits
            let tensorBits = Double(layer.inputElements * layer.inputBits) + m * n * outputBits
            if tensorBits > Double(a.activationBufferBytes) * 8 {
                counts.dramReadBits += Double(layer.inputElements * layer.inputBits)
                counts.dramWriteBits += m * n * outputBits
            }
            cycles += layer.rowsPerImage * rowTiles * columnTiles
        }
        counts.requantizations = Double(workload.requantizationsPerImage)
        counts.poolingOperations = Double(workload.poolingOperationsPerImage)
        counts.dramWriteBits += Double(workload.outputElements * a.accumulatorBits)

        let widestWeight = workload.matrixLayers.map(\.weightBits).max() ?? 8
        let widestInput = workload.matrixLayers.map(\.inputBits).max() ?? 8
        let grid = Double(a.gridRows * a.gridColumns)
        lineBufferBytes = lineBuffer
        let peakDynamic = a.clockHz
            * (grid * mac(widestWeight, widestInput) + Double(a.gridRows * widestInput) * activationBit
                + Double(a.gridColumns * widestWeight) * weightBit)
        let staticPower = a.leakageFraction / (1 - a.leakageFraction) * peakDynamic
        let dram = HorowitzFigures.dramEnergyPerBitJoules
        self.accelerator = a
        self.workload = workload
        self.counts = counts
        cyclesPerInference = cycles
        weightsResident = resident
        weightLoadJoules = resident ? totalWeightBits * (dram + weightBit) : 0
        peakPowerWatts = peakDynamic + staticPower
        energyByComponentJoules = [
            "mac": macJoules,
            "weightBuffer": (counts.weightBufferReadBits + counts.weightBufferWriteBits) * weightBit,
            "activationBuffer": (counts.activationBufferReadBits + counts.activationBufferWriteBits) * activationBit,
            "lineBuffer": (counts.lineBufferReadBits + counts.lineBufferWriteBits) * lineBufferBit,
            "dram": (counts.dramReadBits + counts.dramWriteBits) * dram,
            "digital": workload.nonMatrixJoulesAt45nm * factor,
            "static": staticPower * Double(cycles) / a.clockHz,
        ]
        let areaFactor = try TechnologyScaling.areaFactor(
            fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: a.technologyNodeMetres, rule: .cmos)
        let macArea = (HorowitzFigures.multiplierAreaSquareMetres(weightBits: widestWeight, inputBits: widestInput)
            + HorowitzFigures.adderAreaSquareMetres(bits: a.accumulatorBits)) * areaFactor
        areaSquareMetres = grid * macArea
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: a.weightBufferBytes, nodeMetres: a.technologyNodeMetres)
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: a.activationBufferBytes, nodeMetres: a.technologyNodeMetres)
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: lineBuffer, nodeMetres: a.technologyNodeMetres)
    }

    /// The line buffer `workload` needs, bytes (see ``lineBufferBytes``).
    static func lineBufferCapacityBytes(for workload: NetworkWorkload) -> Int {
        workload.matrixLayers.map { layer -> Int in
            guard case .conv2D(let channels, let w, _, let width, _, _) = layer.kind else { return 0 }
            let kernelHeight = (w.kernelHeight - 1) * w.dilationHeight + 1, kernelWidth = (w.kernelWidth - 1) * w.dilationWidth + 1
            let elements = ((kernelHeight - 1) * (width + w.padLeft + w.padRight) + kernelWidth) * channels / layer.groups
            return (elements * layer.inputBits + 7) / 8
        }.max() ?? 0
    }

    private enum CodingKeys: String, CodingKey {
        case counts, gridRows, gridColumns, weightBufferBytes, activationBufferBytes, lineBufferBytes
    }

    public func encode(to encoder: any Encoder) throws {
        try encodeSummary(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts, forKey: .counts)
        try container.encode(accelerator.gridRows, forKey: .gridRows)
        try container.encode(accelerator.gridColumns, forKey: .gridColumns)
        try container.encode(accelerator.weightBufferBytes, forKey: .weightBufferBytes)
        try container.encode(accelerator.activationBufferBytes, forKey: .activationBufferBytes)
        try container.encode(lineBufferBytes, forKey: .lineBufferBytes)
    }
}
