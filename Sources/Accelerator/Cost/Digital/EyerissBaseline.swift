import Circuit

/// One inference on an Eyeriss-style row-stationary accelerator (Y.-H. Chen, J. Emer, V. Sze,
/// ISCA 2016; Chen et al., JSSC 2017; Sze et al., Proc. IEEE 2017): a 12 × 14 array of PEs,
/// each with a MAC and scratch pads (filter 224, ifmap 12, psum 24 entries), a 108 KB global
/// buffer (GLB) for ifmaps and psums, DRAM off chip.
///
/// Mapping (row stationary), per group of a convolution with C input channels, M filters,
/// R × S kernel, E × F output, H × W input (Dense: C = K, M = N, all else 1), batch B:
/// - a **PE set** of R' × E' PEs, R' = ⌈R/f_r⌉ filter rows (f_r = ⌈R/12⌉ folds) by
///   E' = min(E, 14) output rows: PE (i, j) holds filter row i, receives ifmap row i + j·U and
///   produces a psum row that flows up its column; t = ⌊12/R'⌋·⌊14/E'⌋ sets fit the array;
/// - each PE interleaves q = min(C, ⌊12/S⌋) channels (ifmap pad q·S ≤ 12) and
///   p = min(M, 24, ⌊224/(q·S)⌋) filters (psum pad p ≤ 24, filter pad p·q·S ≤ 224);
/// - t_m = min(t, ⌈M/p⌉) sets take different filter groups (sharing ifmaps by multicast),
///   r = min(⌊t/t_m⌋, ⌈C/q⌉) sets different channel groups (their psums summed across sets);
///   the layer takes P_m = ⌈M/(p·t_m)⌉ filter passes and P_c = ⌈C/(q·r)⌉ channel passes.
///
/// Accesses per image (words; per batch where marked /B):
/// - **RF**: every MAC reads a weight, an input and a psum and writes the psum; every word
///   delivered to a PE is written into its pad once;
/// - **array (PE↔PE NoC)**: ifmaps C·W·R·E·⌈M/p⌉ (every PE receives its ifmap row once per
///   filter group); filters M·C·R·S·E/B (every PE column receives each filter row; filters stay
///   in the pads across the batch); psums M·E·F·((R' − 1)·r + r − 1)·P_c·f_r (up each column,
///   then across the r channel sets);
/// - **GLB**: ifmap reads C·H·W·P_m; psum writes and reads M·E·F·(P_c·f_r − 1) at the
///   accumulator width, and the M·E·F outputs written once at their width (filters go from
///   DRAM to the array without the GLB, as in Eyeriss, whose GLB holds ifmaps and psums);
/// - **DRAM**: the filters M·C·R·S/B; the input image and the 32-bit output; a layer whose
///   input and output exceed the GLB reads its input from and writes its output to DRAM.
/// Time: ⌈MACs / (t_m·r·R'·E')⌉ cycles (one MAC per active PE per cycle).
///
/// Energies: Sze et al.'s normalized energy per access (ISCA 2016 Table IV, Proc. IEEE 2017
/// Fig. 10, 65 nm: RF 1×, array 2×, GLB 6×, DRAM 200× of a 16-bit MAC) with the anchor a
/// 16-bit MAC by Horowitz (16×16 multiply + 16-bit add, 0.84 pJ at 45 nm) at the node, per
/// bit = k × anchor / 16; the MACs themselves and the non-matrix work as for the MAC array
/// (``HorowitzFigures``, w×a multiply + 32-bit add). DRAM is Horowitz's 20.3 pJ/bit, the same
/// off-chip accounting as the MAC array (200 × 0.84 pJ / 16 at 45 nm would be 10.5 pJ/bit).
/// Static: λ/(1 − λ) of the peak dynamic power (168 MACs and their four RF accesses per cycle).
public struct EyerissBaseline: DigitalBaselineEstimate {
    /// Accesses of one inference, in words (fractional where a batch shares filters).
    public struct Counts: Sendable, Equatable, Encodable {
        /// Multiply-accumulates.
        public var macs = 0.0
        /// RF reads of weights, inputs and psums, one each per MAC.
        public var rfFilterReads = 0.0, rfIfmapReads = 0.0, rfPsumReads = 0.0
        /// RF psum writes (one per MAC) and words written into the pads from the array.
        public var rfPsumWrites = 0.0, rfFills = 0.0
        /// Words moved over the PE array: ifmaps, filters, psums.
        public var arrayIfmaps = 0.0, arrayFilters = 0.0, arrayPsums = 0.0
        /// GLB ifmap reads and writes (the network input, DRAM spills).
        public var glbIfmapReads = 0.0, glbIfmapWrites = 0.0
        /// GLB partial-sum reads and writes (accumulator width) and outputs written.
        public var glbPsumReads = 0.0, glbPsumWrites = 0.0, glbOutputWrites = 0.0
        /// DRAM filter reads, ifmap reads (input image, spills), output writes.
        public var dramFilterReads = 0.0, dramIfmapReads = 0.0, dramOutputWrites = 0.0
    }

    /// PE rows and columns (Chen et al., JSSC 2017: 12 × 14).
    public static let arrayRows = 12, arrayColumns = 14
    /// Scratch pads per PE, 16-bit entries (Chen et al., JSSC 2017; the Timeloop/Accelergy
    /// Eyeriss-like configurations use the same depths: weights 224, psum 24, ifmap 12 × 16 bits).
    public static let filterPadEntries = 224, ifmapPadEntries = 12, psumPadEntries = 24
    /// Global buffer, bytes (Chen et al., JSSC 2017: 108 KB).
    public static let globalBufferBytes = 108 * 1024
    /// Energy per access relative to a 16-bit MAC (Sze et al., Proc. IEEE 2017, Fig. 10; Chen
    /// et al., ISCA 2016, Table IV; 65 nm): RF, array, GLB, DRAM.
    public static let relativeEnergy = (rf: 1.0, array: 2.0, globalBuffer: 6.0, dram: 200.0)
    /// Accumulator (psum) width, bits (the MAC array's).
    public static let accumulatorBits = 32

    /// The network's work.
    public let workload: NetworkWorkload
    /// Technology node, metres.
    public let technologyNodeMetres: Double
    /// Clock, hertz.
    public let clockHz: Double
    /// Images that share one filter fetch.
    public let batchSize: Int
    /// Accesses of one inference.
    public let counts: Counts
    /// Energy of one inference by component (`mac`, `rf`, `array`, `globalBuffer`, `dram`,
    /// `digital`, `static`), joules.
    public let energyByComponentJoules: [String: Double]
    /// Clock cycles of one inference.
    public let cyclesPerInference: Int
    /// Peak power, watts.
    public let peakPowerWatts: Double
    /// Area of the PEs (MAC and pads) and the GLB, square metres.
    public let areaSquareMetres: Double

    /// Filters stream from DRAM every batch.
    public var weightsResident: Bool { false }
    /// Nothing is loaded once.
    public var weightLoadJoules: Double { 0 }
    /// DRAM traffic is the I/O.
    public var ioComponent: String { "dram" }
    /// `Eyeriss-style row-stationary, 12×14 PEs, 108 KB global buffer, DRAM off-chip, at 32 nm`.
    public var name: String {
        "Eyeriss-style row-stationary, \(Self.arrayRows)×\(Self.arrayColumns) PEs, \(Self.globalBufferBytes / 1024) KB global buffer, "
            + "DRAM off-chip, at \(Int((technologyNodeMetres * 1e9).rounded())) nm"
    }

    /// The baseline of `workload` at `technologyNodeMetres` and `clockHz`, leakage fraction λ,
    /// a batch of `batchSize`.
    public init(workload: NetworkWorkload, technologyNodeMetres: Double, clockHz: Double, leakageFraction: Double, batchSize: Int = 1) throws {
        let owner = "EyerissBaseline"
        try CostModelError.requirePositive(clockHz, owner: owner, field: "clockHz")
        try CostModelError.require(batchSize, in: 1...1_000_000, owner: owner, field: "batchSize")
        guard leakageFraction.isFinite, leakageFraction >= 0, leakageFraction < 1 else {
            throw CostModelError.invalidParameter(owner: owner, field: "leakageFraction", value: "\(leakageFraction)", allowed: "0 ≤ λ < 1")
        }
        let factor = try TechnologyScaling.energyFactor(
            fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: technologyNodeMetres, rule: .cmos)
        func mac(_ w: Int, _ x: Int) -> Double {
            (HorowitzFigures.multiplierEnergyJoules(weightBits: w, inputBits: x) + HorowitzFigures.adderEnergyJoules(bits: Self.accumulatorBits)) * factor
        }
        let anchorBit = (HorowitzFigures.multiplierEnergyJoules(weightBits: 16, inputBits: 16) + HorowitzFigures.adderEnergyJoules(bits: 16)) * factor / 16
        let e = Self.relativeEnergy
        let (rfBit, arrayBit, glbBit) = (e.rf * anchorBit, e.array * anchorBit, e.globalBuffer * anchorBit)
        let dramBit = HorowitzFigures.dramEnergyPerBitJoules
        let batch = Double(batchSize)
        let accumulator = Double(Self.accumulatorBits)
        var c = Counts()
        var joules = ["mac": 0.0, "rf": 0.0, "array": 0.0, "globalBuffer": 0.0, "dram": 0.0]
        var cycles = 0
        c.dramIfmapReads = Double(workload.inputElements)
        c.glbIfmapWrites = Double(workload.inputElements)
        c.dramOutputWrites = Double(workload.outputElements)
        joules["dram"]! += Double(workload.inputElements * workload.inputBits + workload.outputElements * Self.accumulatorBits) * dramBit
        joules["globalBuffer"]! += Double(workload.inputElements * workload.inputBits) * glbBit
        for layer in workload.matrixLayers {
            let shape = Self.shape(layer)
            let m = shape.filters, ch = shape.channels, r = shape.kernelHeight, s = shape.kernelWidth, e = shape.outputHeight
            let f = shape.outputWidth
            let folds = (r + Self.arrayRows - 1) / Self.arrayRows
            let setRows = (r + folds - 1) / folds, setColumns = min(e, Self.arrayColumns)
            let sets = (Self.arrayRows / setRows) * (Self.arrayColumns / setColumns)
            let q = max(1, min(ch, Self.ifmapPadEntries / s))
            let p = max(1, min(m, Self.psumPadEntries, Self.filterPadEntries / (q * s)))
            let filterGroups = (m + p - 1) / p
            let filterSets = min(sets, filterGroups)
            let channelSets = max(1, min(sets / filterSets, (ch + q - 1) / q))
            let filterPasses = (m + p * filterSets - 1) / (p * filterSets)
            let channelPasses = (ch + q * channelSets - 1) / (q * channelSets)
            let g = Double(layer.groups)
            let macs = g * Double(m * ch * r * s * e * f)
            let outputs = g * Double(m * e * f)
            let ifmaps = g * Double(ch * shape.inputWidth * r * e * filterGroups)
            let filters = g * Double(m * ch * r * s * e) / batch
            let psumHops = outputs * Double(((setRows - 1) * channelSets + channelSets - 1) * channelPasses * folds)
            let glbIfmapReads = g * Double(ch * shape.inputHeight * shape.inputWidth * filterPasses)
            let partials = outputs * Double(channelPasses * folds - 1)
            let weightWords = Double(layer.weights) / batch
            let (w, a) = (Double(layer.weightBits), Double(layer.inputBits))
            let outputBits = Double(layer.outputBits ?? Self.accumulatorBits)
            c.macs += macs
            c.rfFilterReads += macs; c.rfIfmapReads += macs; c.rfPsumReads += macs; c.rfPsumWrites += macs
            c.rfFills += ifmaps + filters
            c.arrayIfmaps += ifmaps; c.arrayFilters += filters; c.arrayPsums += psumHops
            c.glbIfmapReads += glbIfmapReads
            c.glbPsumReads += partials; c.glbPsumWrites += partials; c.glbOutputWrites += outputs
            c.dramFilterReads += weightWords
            joules["mac"]! += macs * mac(layer.weightBits, layer.inputBits)
            joules["rf"]! += (macs * (w + a + 2 * accumulator) + ifmaps * a + filters * w) * rfBit
            joules["array"]! += (ifmaps * a + filters * w + psumHops * accumulator) * arrayBit
            joules["globalBuffer"]! += (glbIfmapReads * a + 2 * partials * accumulator + outputs * outputBits) * glbBit
            joules["dram"]! += weightWords * w * dramBit
            let inputBits = Double(layer.inputElements) * a
            if inputBits + outputs * outputBits > Double(Self.globalBufferBytes * 8) {
                c.dramIfmapReads += Double(layer.inputElements); c.glbIfmapWrites += Double(layer.inputElements)
                c.dramOutputWrites += outputs
                joules["dram"]! += (inputBits + outputs * outputBits) * dramBit
                joules["globalBuffer"]! += inputBits * glbBit
            }
            let active = Double(filterSets * channelSets * setRows * setColumns)
            cycles += Int((macs / active).rounded(.up))
        }
        let widestWeight = workload.matrixLayers.map(\.weightBits).max() ?? 8
        let widestInput = workload.matrixLayers.map(\.inputBits).max() ?? 8
        let pes = Double(Self.arrayRows * Self.arrayColumns)
        let peakDynamic = clockHz * pes
            * (mac(widestWeight, widestInput) + Double(widestWeight + widestInput + 2 * Self.accumulatorBits) * rfBit)
        let staticPower = leakageFraction / (1 - leakageFraction) * peakDynamic
        joules["digital"] = workload.nonMatrixJoulesAt45nm * factor
        joules["static"] = staticPower * Double(cycles) / clockHz
        let areaFactor = try TechnologyScaling.areaFactor(
            fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: technologyNodeMetres, rule: .cmos)
        let macArea = (HorowitzFigures.multiplierAreaSquareMetres(weightBits: widestWeight, inputBits: widestInput)
            + HorowitzFigures.adderAreaSquareMetres(bits: Self.accumulatorBits)) * areaFactor
        let padBytes = (Self.filterPadEntries + Self.ifmapPadEntries + Self.psumPadEntries) * 2
        self.workload = workload
        self.technologyNodeMetres = technologyNodeMetres
        self.clockHz = clockHz
        self.batchSize = batchSize
        counts = c
        energyByComponentJoules = joules
        cyclesPerInference = cycles
        peakPowerWatts = peakDynamic + staticPower
        areaSquareMetres = pes * (macArea + HorowitzFigures.sramAreaSquareMetres(capacityBytes: padBytes, nodeMetres: technologyNodeMetres))
            + HorowitzFigures.sramAreaSquareMetres(capacityBytes: Self.globalBufferBytes, nodeMetres: technologyNodeMetres)
    }

    /// A layer's group as a convolution: C channels and M filters of one group, R × S kernel
    /// (a dilated kernel's taps, so that the MACs are the network's), E × F output, H × W input; a Dense layer is a 1 × 1 convolution of
    /// a 1 × 1 input with C = K.
    private static func shape(_ layer: NetworkWorkload.MatrixLayer) -> (
        channels: Int, filters: Int, kernelHeight: Int, kernelWidth: Int, outputHeight: Int, outputWidth: Int, inputHeight: Int, inputWidth: Int
    ) {
        let filters = layer.outputSize / layer.groups
        guard case .conv2D(let channels, let w, let height, let width, let outputHeight, let outputWidth) = layer.kind else {
            return (layer.inputSize, filters, 1, 1, 1, 1, 1, 1)
        }
        return (
            channels / layer.groups, filters, w.kernelHeight, w.kernelWidth, outputHeight, outputWidth, height, width
        )
    }

    private enum CodingKeys: String, CodingKey { case counts }

    public func encode(to encoder: any Encoder) throws {
        try encodeSummary(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts, forKey: .counts)
    }
}
