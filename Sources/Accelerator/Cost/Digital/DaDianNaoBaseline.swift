import Circuit

/// One inference on DaDianNao (Y. Chen et al., "DaDianNao: a machine-learning supercomputer",
/// MICRO 2014), ISAAC's own digital comparison (Shafiee et al., ISCA 2016, Table IV), with the
/// same off-chip accounting as the ISAAC chip: the image in and the output out over
/// HyperTransport.
///
/// Organisation per chip (Chen et al. 2014): 16 tiles, each a neural functional unit (NFU) of
/// 16 output neurons × 16 synapses (256 MACs per cycle) fed by 2 MB of synapse eDRAM in 4
/// banks; a 4 MB central eDRAM for the neurons (activations); 4 HyperTransport links; 606 MHz
/// at 28 nm. Checked here: the 28 nm multi-chip node (the paper's abstract), 16 tiles of
/// 16 × 16 16-bit MACs (isakedo/DNNsim, `examples/DaDianNao/README.md` defaults), 4 weight
/// banks per tile (tanvisharma/papers, `notes/DaDianNao.md`); ⚑ the capacities, the clock and
/// the link count are the paper's as commonly cited, not checked against its text here. The
/// baseline is built at the analog chip's node (ISAAC compares at 32 nm) with DaDianNao's
/// clock kept.
///
/// Counts per matrix layer (M rows per image, K × N weights of w bits, a-bit inputs, batch B,
/// n chips sharing the layer's M·N output neurons — every output position of every channel is
/// a neuron, so a convolution's neurons fill the 256 NFU lanes of every chip even when it has
/// few channels):
/// - **MACs** M·K·N per image, each at the network's widths (a w×a multiply and a 32-bit add,
///   as the MAC array's; DaDianNao's datapath is 16-bit, the comparison iso-precision);
/// - **synapse eDRAM**: the NFU keeps no weights between cycles, so every MAC reads its w-bit
///   synapse from its tile's eDRAM once per batch: M·K·N·w/B bits;
/// - **central eDRAM**: each output position's input row (its im2col window) is read once per
///   group of 256 channels (16 tiles × 16 neurons) and broadcast to the lanes computing that
///   position, M·K·a·⌈N/256⌉ bits; each output written once at its width (32 bits for the last
///   layer); partial sums stay in the NFU;
/// - **HyperTransport**: the input image and the 32-bit outputs once per inference; with n > 1
///   chips every layer's outputs go to the other n − 1 chips;
/// - **time**: ⌈K/16⌉·⌈M·N/(256·n)⌉ cycles per image: each lane takes 16 synapses per cycle.
///
/// Weights stay in the synapse eDRAM: n = ⌈weight bits / (16 × 2 MB)⌉ chips (loading them once,
/// ``weightLoadJoules``, costs a HyperTransport bit and an eDRAM write per bit).
///
/// Energies: MACs and the non-matrix work by ``HorowitzFigures`` scaled by ``TechnologyScaling``
/// (CMOS); eDRAM and HyperTransport from ISAAC's component table
/// (`Experiments/components/isaac.json`, Table I) as its chip prices them: eDRAM per bit at
/// ISAAC's 64 KB figure scaled to the node — not grown by the catalogue's √capacity rule,
/// because DaDianNao reads whole wide rows of its banks every cycle (the row, not the bank,
/// sets the energy per bit; with √(512 KB/64 KB) the eDRAM would cost 2.8× more), its area and
/// leakage ∝ capacity; a HyperTransport bit at Table I's peak power ÷ bandwidth, each link's
/// leakage over the inference. Static: λ/(1 − λ) of the NFUs' and eDRAM's peak dynamic power,
/// and the eDRAM's leakage (∝ capacity) for the central eDRAM and the 512 KB synapse banks that
/// hold weights — banks holding none are taken as power-gated, as the analog chip's unused
/// tiles are; the peak figures count the whole chip.
public struct DaDianNaoBaseline: DigitalBaselineEstimate {
    /// Operation counts of one inference (fractional where a batch shares a synapse read).
    public struct Counts: Sendable, Equatable, Encodable {
        /// Multiply-accumulates.
        public var macs = 0.0
        /// Bits read from the tiles' synapse eDRAM.
        public var synapseReadBits = 0.0
        /// Bits read from the central (neuron) eDRAM.
        public var neuronReadBits = 0.0
        /// Bits written to the central (neuron) eDRAM.
        public var neuronWriteBits = 0.0
        /// Bits over HyperTransport.
        public var hyperTransportBits = 0.0
    }

    /// Tiles per chip (Chen et al. 2014).
    public static let tilesPerChip = 16
    /// Output neurons of one NFU (Chen et al. 2014: Tn = 16).
    public static let neuronsPerTile = 16
    /// Synapses per neuron per cycle (Chen et al. 2014: Ti = 16).
    public static let synapsesPerNeuron = 16
    /// Synapse eDRAM per tile, bytes: 2 MB in 4 banks (Chen et al. 2014; 32 MB per chip).
    public static let synapseBytesPerTile = 2 << 20
    /// Synapse eDRAM banks per tile (Chen et al. 2014: 4).
    public static let synapseBanksPerTile = 4
    /// Central eDRAM per chip, bytes: 4 MB (Chen et al. 2014).
    public static let centralBytes = 4 << 20
    /// Clock, hertz: 606 MHz (Chen et al. 2014, at 28 nm).
    public static let clockHz = 606e6
    /// HyperTransport links per chip (Chen et al. 2014: four HT2.0 links; ISAAC Table I prices
    /// the same four).
    public static let hyperTransportLinks = 4
    /// DaDianNao's peak figures as ISAAC's Table IV gives them (Shafiee et al., ISCA 2016; 16-bit
    /// operations, HyperTransport included, at 32 nm): 63.46 GOPS/(s·mm²), 286.4 GOPS/W.
    public static let tableIV = (gopsPerSquareMillimetre: 63.46, gopsPerWatt: 286.4)
    /// Accumulator width of the MAC energy, bits (the MAC array's).
    public static let accumulatorBits = 32

    /// The network's work.
    public let workload: NetworkWorkload
    /// Technology node, metres.
    public let technologyNodeMetres: Double
    /// Images that share one synapse read.
    public let batchSize: Int
    /// Chips needed to hold the weights in synapse eDRAM.
    public let chips: Int
    /// Counts of one inference.
    public let counts: Counts
    /// Energy of one inference by component (`mac`, `synapseEDRAM`, `neuronEDRAM`,
    /// `hyperTransport`, `digital`, `static`), joules.
    public let energyByComponentJoules: [String: Double]
    /// Clock cycles of one inference.
    public let cyclesPerInference: Int
    /// One-time energy to bring the weights on chip over HyperTransport, joules.
    public let weightLoadJoules: Double
    /// Peak power of all chips, watts.
    public let peakPowerWatts: Double
    /// Area of all chips, square metres.
    public let areaSquareMetres: Double
    /// One chip at peak with `peakBits`-bit synapses and neurons: 2 operations per MAC per
    /// cycle, its power (NFUs, eDRAM reads of 256 synapses per tile and 16 broadcast neurons per
    /// cycle, leakage, the four links at Table I's peak), its area.
    public let peak: (opsPerSecond: Double, watts: Double, squareMetres: Double)
    /// The bit width of ``peak``.
    public let peakBits: Int

    /// Synapses are always resident (the chip count is chosen to hold them).
    public var weightsResident: Bool { true }
    /// HyperTransport traffic is the I/O.
    public var ioComponent: String { "hyperTransport" }
    /// DaDianNao's clock.
    public var clockHz: Double { Self.clockHz }
    /// `DaDianNao: 16 tiles × 16×16 NFU, 32 MB synapse eDRAM + 4 MB central eDRAM per chip,
    /// 1 chip, 4 HyperTransport links, 606 MHz, at 32 nm`.
    public var name: String {
        "DaDianNao: \(Self.tilesPerChip) tiles × \(Self.neuronsPerTile)×\(Self.synapsesPerNeuron) NFU, "
            + "\(Self.tilesPerChip * Self.synapseBytesPerTile >> 20) MB synapse eDRAM + \(Self.centralBytes >> 20) MB central eDRAM per chip, "
            + "\(chips) chip\(chips == 1 ? "" : "s"), \(Self.hyperTransportLinks) HyperTransport links, 606 MHz, at "
            + "\(Int((technologyNodeMetres * 1e9).rounded())) nm"
    }

    /// The baseline of `workload` at `technologyNodeMetres` with leakage fraction λ and a batch
    /// of `batchSize`; `peakBits` is the width of ``peak`` (16 for ISAAC's Table IV). Reads
    /// ISAAC's component table.
    public init(workload: NetworkWorkload, technologyNodeMetres: Double, leakageFraction: Double, batchSize: Int = 1, peakBits: Int = 16) throws {
        try CostModelError.require(batchSize, in: 1...1_000_000, owner: "DaDianNaoBaseline", field: "batchSize")
        try CostModelError.require(peakBits, in: 2...32, owner: "DaDianNaoBaseline", field: "peakBits")
        let isaac = try ChipCostModel(architecture: ISAACCalibration.shared().architecture, leakageFraction: leakageFraction)
        let edram = try isaac.figures("tileBuffer").scaled(toNodeMetres: technologyNodeMetres, rule: .cmos)
        let link = try isaac.figures("offChipLink")
        let linkComponent = try isaac.table.component(named: "offChipLink")
        let edramBit = edram.energyPerActionJoules[.tileBufferBitRead]!
        let edramWriteBit = edram.energyPerActionJoules[.tileBufferBitWrite]!
        let linkBit = link.energyPerActionJoules[.offChipBitTransfer]!
        let referenceEDRAMBytes = Double(isaac.architecture.edramBytesPerTile)
        let factor = try TechnologyScaling.energyFactor(
            fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: technologyNodeMetres, rule: .cmos)
        func mac(_ w: Int, _ x: Int) -> Double {
            (HorowitzFigures.multiplierEnergyJoules(weightBits: w, inputBits: x) + HorowitzFigures.adderEnergyJoules(bits: Self.accumulatorBits)) * factor
        }
        let lanes = Self.tilesPerChip * Self.neuronsPerTile
        let macsPerCycle = Double(lanes * Self.synapsesPerNeuron)
        let totalWeightBits = workload.matrixLayers.reduce(0) { $0 + $1.weights * $1.weightBits }
        let chipWeightBits = Self.tilesPerChip * Self.synapseBytesPerTile * 8
        let chips = max(1, (totalWeightBits + chipWeightBits - 1) / chipWeightBits)
        let batch = Double(batchSize)
        var counts = Counts()
        var macJoules = 0.0
        var cycles = 0
        counts.hyperTransportBits = Double(workload.inputElements * workload.inputBits + workload.outputElements * Self.accumulatorBits)
        for layer in workload.matrixLayers {
            let m = Double(layer.rowsPerImage), k = Double(layer.inputSize), n = Double(layer.outputSize)
            let neuronsPerChip = (layer.rowsPerImage * layer.outputSize + chips - 1) / chips
            let channelGroups = (layer.outputSize + lanes - 1) / lanes
            let outputBits = Double(layer.outputBits ?? Self.accumulatorBits)
            counts.macs += Double(layer.macsPerImage)
            macJoules += Double(layer.macsPerImage) * mac(layer.weightBits, layer.inputBits)
            counts.synapseReadBits += Double(layer.macsPerImage * layer.weightBits) / batch
            counts.neuronReadBits += m * k * Double(layer.inputBits) * Double(channelGroups)
            counts.neuronWriteBits += m * n * outputBits
            if chips > 1 { counts.hyperTransportBits += m * n * outputBits * Double(chips - 1) }
            cycles += ((layer.inputSize + Self.synapsesPerNeuron - 1) / Self.synapsesPerNeuron) * ((neuronsPerChip + lanes - 1) / lanes)
        }
        let seconds = Double(cycles) / Self.clockHz

        // One chip at peak, and at the workload's widest widths for the leakage.
        func chipPeak(_ w: Int, _ x: Int) -> (dynamic: Double, links: Double) {
            let nfu = macsPerCycle * mac(w, x)
            let synapses = macsPerCycle * Double(w) * edramBit
            let neurons = Double(Self.synapsesPerNeuron * x) * edramBit
            return (Self.clockHz * (nfu + synapses + neurons), Double(Self.hyperTransportLinks) * isaac.peakPowerWatts(linkComponent))
        }
        let leakage = leakageFraction / (1 - leakageFraction)
        let widestWeight = workload.matrixLayers.map(\.weightBits).max() ?? 8
        let widestInput = workload.matrixLayers.map(\.inputBits).max() ?? 8
        let workloadPeak = chipPeak(widestWeight, widestInput)
        let tablePeak = chipPeak(peakBits, peakBits)
        let edramBytes = Double(Self.tilesPerChip * Self.synapseBytesPerTile + Self.centralBytes)
        let areaFactor = try TechnologyScaling.areaFactor(
            fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: technologyNodeMetres, rule: .cmos)
        func chipArea(_ w: Int, _ x: Int) -> Double {
            let macArea = (HorowitzFigures.multiplierAreaSquareMetres(weightBits: w, inputBits: x)
                + HorowitzFigures.adderAreaSquareMetres(bits: Self.accumulatorBits)) * areaFactor
            return macsPerCycle * macArea
                + edram.areaSquareMetres * edramBytes / referenceEDRAMBytes + Double(Self.hyperTransportLinks) * link.areaSquareMetres
        }
        let edramStatic = edram.staticPowerWatts * edramBytes / referenceEDRAMBytes
        // In a run, synapse banks that hold no weights are power-gated (as the analog chip's unused tiles).
        let bankBits = Self.synapseBytesPerTile / Self.synapseBanksPerTile * 8
        let occupiedBanks = (totalWeightBits + bankBits - 1) / bankBits
        let runEDRAMStatic = edram.staticPowerWatts * Double(occupiedBanks * bankBits / 8 + chips * Self.centralBytes) / referenceEDRAMBytes

        self.workload = workload
        self.technologyNodeMetres = technologyNodeMetres
        self.batchSize = batchSize
        self.chips = chips
        self.counts = counts
        cyclesPerInference = cycles
        weightLoadJoules = Double(totalWeightBits) * (linkBit + edramWriteBit)
        self.peakBits = peakBits
        peak = (
            2 * macsPerCycle * Self.clockHz, tablePeak.dynamic * (1 + leakage) + edramStatic + tablePeak.links,
            chipArea(peakBits, peakBits)
        )
        peakPowerWatts = Double(chips) * (workloadPeak.dynamic * (1 + leakage) + edramStatic + workloadPeak.links)
        areaSquareMetres = Double(chips) * chipArea(widestWeight, widestInput)
        energyByComponentJoules = [
            "mac": macJoules,
            "synapseEDRAM": counts.synapseReadBits * edramBit,
            "neuronEDRAM": counts.neuronReadBits * edramBit + counts.neuronWriteBits * edramWriteBit,
            "hyperTransport": counts.hyperTransportBits * linkBit
                + Double(chips * Self.hyperTransportLinks) * link.staticPowerWatts * seconds,
            "digital": workload.nonMatrixJoulesAt45nm * factor,
            "static": (Double(chips) * leakage * workloadPeak.dynamic + runEDRAMStatic) * seconds,
        ]
    }

    private enum CodingKeys: String, CodingKey {
        case counts, chips, peakBits, peakOpsPerSecond, peakPowerWattsPerChip, peakAreaSquareMillimetresPerChip
        case peakGOPSPerSquareMillimetre, peakGOPSPerWatt
    }

    public func encode(to encoder: any Encoder) throws {
        try encodeSummary(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts, forKey: .counts)
        try container.encode(chips, forKey: .chips)
        try container.encode(peakBits, forKey: .peakBits)
        try container.encode(peak.opsPerSecond, forKey: .peakOpsPerSecond)
        try container.encode(peak.watts, forKey: .peakPowerWattsPerChip)
        try container.encode(peak.squareMetres * 1e6, forKey: .peakAreaSquareMillimetresPerChip)
        try container.encode(peak.opsPerSecond / 1e9 / (peak.squareMetres * 1e6), forKey: .peakGOPSPerSquareMillimetre)
        try container.encode(peak.opsPerSecond / 1e9 / peak.watts, forKey: .peakGOPSPerWatt)
    }
}
