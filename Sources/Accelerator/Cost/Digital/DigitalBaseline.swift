import Circuit

/// The energy, time and area of one inference of a quantized network on a
/// ``DigitalAccelerator``: the digital baseline of the analog-vs-digital comparison.
///
/// Reuse model (weight-stationary, as DaDianNao's NFU; deliberately simple), per matrix layer
/// with M rows per image, K × N weights of w bits, a-bit inputs, an R_g × C_g MAC grid and a
/// batch of B images:
/// - **MACs**: M·K·N per image, exactly the network's; each a w×a multiply and an add at the
///   accumulator width;
/// - **weights**: each R_g × C_g weight tile is loaded into the grid once per batch, so the
///   weight SRAM reads K·N·w bits per batch;
/// - **inputs**: each element of the M × K input matrix (the im2col rows; no line-buffer reuse
///   of overlapping windows) is read from the activation SRAM once per column tile,
///   M·K·a·⌈N/C_g⌉ bits;
/// - **partial sums**: with ⌈K/R_g⌉ > 1 row tiles, the M·N partial sums are written to and
///   read back from the activation SRAM ⌈K/R_g⌉ − 1 times at the accumulator width;
/// - **outputs**: M·N values requantized (a 32-bit multiply and add each, the same
///   ``Action/activation`` the analog chip counts) and written once at their width (the
///   accumulator width for the last layer);
/// - **time**: M·⌈K/R_g⌉·⌈N/C_g⌉ cycles per image (one input row per cycle per weight tile).
///
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
/// rule); DRAM is not scaled.
public struct DigitalBaseline: Sendable, Encodable {
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
    /// `dram`, `digital`, `static`), joules.
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

    /// Energy of one inference, joules.
    public var energyPerInferenceJoules: Double { energyByComponentJoules.sumInKeyOrder }
    /// Energy of one inference off the chip: the DRAM traffic (the input image, the output, and
    /// weights or activations that do not fit the SRAMs), joules.
    public var ioEnergyPerInferenceJoules: Double { energyByComponentJoules["dram"] ?? 0 }
    /// Energy of one inference on the chip: everything but DRAM, joules.
    public var onChipEnergyPerInferenceJoules: Double { energyByComponentJoules.filter { $0.key != "dram" }.sumInKeyOrder }
    /// What the baseline is, as the report names it: `16×16 MAC array, weight-stationary, 512 KB
    /// weight SRAM + 108 KB activation SRAM, DRAM off-chip, at 32 nm`.
    public var name: String {
        let a = accelerator
        let nanometres = Int((a.technologyNodeMetres * 1e9).rounded())
        return "\(a.gridRows)×\(a.gridColumns) MAC array, weight-stationary, \(a.weightBufferBytes / 1024) KB weight SRAM + "
            + "\(a.activationBufferBytes / 1024) KB activation SRAM, DRAM off-chip, at \(nanometres) nm"
    }
    /// Time of one inference, seconds.
    public var latencyPerInferenceSeconds: Double { Double(cyclesPerInference) / accelerator.clockHz }

    /// The baseline of `workload` on `accelerator`.
    public init(workload: NetworkWorkload, accelerator: DigitalAccelerator) throws {
        try accelerator.validate()
        let a = accelerator
        let factor = try TechnologyScaling.energyFactor(
            fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: a.technologyNodeMetres, rule: .cmos)
        let weightBit = HorowitzFigures.sramEnergyPerBitJoules(capacityBytes: a.weightBufferBytes) * factor
        let activationBit = HorowitzFigures.sramEnergyPerBitJoules(capacityBytes: a.activationBufferBytes) * factor
        let requantization = (HorowitzFigures.multiplierEnergyJoules(weightBits: 32, inputBits: 32) + HorowitzFigures.adderEnergyJoules(bits: 32)) * factor
        func mac(_ w: Int, _ x: Int) -> Double {
            (HorowitzFigures.multiplierEnergyJoules(weightBits: w, inputBits: x) + HorowitzFigures.adderEnergyJoules(bits: a.accumulatorBits)) * factor
        }
        let batch = Double(a.batchSize)
        let totalWeightBits = workload.matrixLayers.reduce(0) { $0 + Double($1.weights * $1.weightBits) }
        let resident = totalWeightBits <= Double(a.weightBufferBytes) * 8
        var counts = Counts()
        var macJoules = 0.0, poolingJoules = 0.0
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
            counts.activationBufferReadBits += m * k * Double(layer.inputBits) * Double(columnTiles)
            let partialSums = m * n * Double(rowTiles - 1) * Double(a.accumulatorBits)
            counts.activationBufferReadBits += partialSums
            counts.activationBufferWriteBits += partialSums + m * n * outputBits
            counts.requantizations += m * n
            let tensorBits = Double(layer.inputElements * layer.inputBits) + m * n * outputBits
            if tensorBits > Double(a.activationBufferBytes) * 8 {
                counts.dramReadBits += Double(layer.inputElements * layer.inputBits)
                counts.dramWriteBits += m * n * outputBits
            }
            cycles += layer.rowsPerImage * rowTiles * columnTiles
        }
        for pool in workload.poolings {
            let operations = Double(pool.outputsPerImage * (pool.windowSize - 1))
            counts.poolingOperations += operations
            poolingJoules += operations * HorowitzFigures.adderEnergyJoules(bits: pool.bits) * factor
            if !pool.isMax { counts.requantizations += Double(pool.outputsPerImage) }
        }
        counts.requantizations += 2 * Double(workload.residualAddsPerImage)
        counts.dramWriteBits += Double(workload.outputElements * a.accumulatorBits)

        let widestWeight = workload.matrixLayers.map(\.weightBits).max() ?? 8
        let widestInput = workload.matrixLayers.map(\.inputBits).max() ?? 8
        let grid = Double(a.gridRows * a.gridColumns)
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
            "dram": (counts.dramReadBits + counts.dramWriteBits) * dram,
            "digital": counts.requantizations * requantization + poolingJoules,
            "static": staticPower * Double(cycles) / a.clockHz,
        ]
        let areaFactor = try TechnologyScaling.areaFactor(
            fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: a.technologyNodeMetres, rule: .cmos)
        let macArea = (HorowitzFigures.multiplierAreaSquareMetres(weightBits: widestWeight, inputBits: widestInput)
            + HorowitzFigures.adderAreaSquareMetres(bits: a.accumulatorBits)) * areaFactor
        areaSquareMetres = grid * macArea
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: a.weightBufferBytes, nodeMetres: a.technologyNodeMetres)
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: a.activationBufferBytes, nodeMetres: a.technologyNodeMetres)
    }

    private enum CodingKeys: String, CodingKey {
        case name, macsPerInference, cyclesPerInference, latencyPerInferenceSeconds, energyPerInferenceJoules, energyByComponentJoules
        case onChipEnergyPerInferenceJoules, ioEnergyPerInferenceJoules
        case weightsResident, weightLoadJoules, peakPowerWatts, areaSquareMillimetres, counts, technologyNodeMetres, clockHz
        case gridRows, gridColumns, weightBufferBytes, activationBufferBytes, batchSize
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workload.macsPerImage, forKey: .macsPerInference)
        try container.encode(cyclesPerInference, forKey: .cyclesPerInference)
        try container.encode(latencyPerInferenceSeconds, forKey: .latencyPerInferenceSeconds)
        try container.encode(energyPerInferenceJoules, forKey: .energyPerInferenceJoules)
        try container.encode(energyByComponentJoules, forKey: .energyByComponentJoules)
        try container.encode(name, forKey: .name)
        try container.encode(onChipEnergyPerInferenceJoules, forKey: .onChipEnergyPerInferenceJoules)
        try container.encode(ioEnergyPerInferenceJoules, forKey: .ioEnergyPerInferenceJoules)
        try container.encode(weightsResident, forKey: .weightsResident)
        try container.encode(weightLoadJoules, forKey: .weightLoadJoules)
        try container.encode(peakPowerWatts, forKey: .peakPowerWatts)
        try container.encode(areaSquareMetres * 1e6, forKey: .areaSquareMillimetres)
        try container.encode(counts, forKey: .counts)
        try container.encode(accelerator.technologyNodeMetres, forKey: .technologyNodeMetres)
        try container.encode(accelerator.clockHz, forKey: .clockHz)
        try container.encode(accelerator.gridRows, forKey: .gridRows)
        try container.encode(accelerator.gridColumns, forKey: .gridColumns)
        try container.encode(accelerator.weightBufferBytes, forKey: .weightBufferBytes)
        try container.encode(accelerator.activationBufferBytes, forKey: .activationBufferBytes)
        try container.encode(accelerator.batchSize, forKey: .batchSize)
    }
}
