import Network

/// Latency and throughput of inference on the chip, from the mapping and the slices the run
/// actually converted (ISAAC's inter-layer pipeline, Shafiee et al. ISCA 2016 §IV).
///
/// - One input slice on an array takes t_s = max(read cycle, ⌈sensed columns/ADCs⌉ / f_s): the
///   read and the conversions of the previous slice overlap, and each of the array's
///   ⌈columns/columnsPerADC⌉ ADCs converts its share of the sensed columns (ISAAC: 128 columns
///   at 1.28 GS/s, 100 ns = its read cycle). A layer's arrays run in parallel; its slice time is
///   its slowest array's.
/// - A vector takes c̄·t_s, c̄ the slices converted per vector and array (every slice, or with
///   zero-slice skipping the run's average). Layer l needs V_l vectors per image spread over
///   r_l copies: its pipeline stage takes T_l = ⌈V_l/r_l⌉·c̄_l·t_s per image.
/// - Pipelined throughput (a new image enters when the slowest stage is free) is 1/T_max, with
///   T_max = max(max_l T_l, t_in, t_out): the off-chip links are pipeline stages too (moving the
///   next image in while the arrays compute).
/// - Latency of one image (batch size 1, each layer waiting for the whole previous output, an
///   upper bound since ISAAC starts a layer once enough input rows are ready) is
///   L₁ = Σ_l T_l + t_in + t_out, the transfers of the input image and the output over the
///   off-chip links. Digital steps (partial-sum adds, activation, pooling) run in the pipeline
///   at the clock and are not on the critical path.
/// - Latency of a batch of B images entering back to back (``runSeconds(images:)``): the first
///   fills the pipeline, each later one leaves T_max after the one before,
///   L_B = L₁ + (B − 1)·T_max; the batch's throughput is B/L_B, which tends to 1/T_max.
public struct PerformanceEstimate: Sendable, Equatable {
    /// One layer's pipeline stage.
    public struct Stage: Sendable, Equatable {
        /// Layer name.
        public let name: String
        /// One input slice on the layer's arrays, seconds.
        public let sliceSeconds: Double
        /// Slices converted per vector and array.
        public let slicesPerVector: Double
        /// Vectors per image.
        public let vectorsPerImage: Int
        /// Copies of the layer.
        public let replication: Int
        /// Time the stage spends on one image, seconds.
        public var seconds: Double { Double((vectorsPerImage + replication - 1) / replication) * slicesPerVector * sliceSeconds }
    }

    /// The stages, in layer order.
    public let stages: [Stage]
    /// Moving one input image onto the chip, seconds.
    public let inputTransferSeconds: Double
    /// Moving one output off the chip, seconds.
    public let outputTransferSeconds: Double

    /// An estimate of the given stages and off-chip transfers (seconds per image).
    init(stages: [Stage], inputTransferSeconds: Double, outputTransferSeconds: Double) {
        self.stages = stages
        self.inputTransferSeconds = inputTransferSeconds
        self.outputTransferSeconds = outputTransferSeconds
    }

    /// The estimate for `ledger` (a run of ``ChipLedger/images`` images) on `mapping`.
    public init(mapping: Mapping, ledger: ChipLedger, network: QuantizedNetwork) {
        let spec = mapping.architecture
        // ADCs as the physical columns count them (the roll-up counts ⌈sensed/columnsPerADC⌉; the
        // two differ for differential arrays).
        let adcsPerArray = (spec.arrayColumns + spec.columnsPerADC - 1) / spec.columnsPerADC
        // A layer of the digital units (no arrays) gets no slice time: its latency is not modelled.
        stages = zip(mapping.layers, ledger.matrixLayers).map { layer, counts in
            let sensed = layer.arrays.indices.map { layer.sensedColumns(ofArray: $0) }.max() ?? 0
            let conversions = (sensed + adcsPerArray - 1) / adcsPerArray
            let vectors = max(1, counts.vectors) * layer.arrayCount
            return Stage(
                name: layer.shape.name, sliceSeconds: spec.sliceSeconds(conversionsPerADC: conversions),
                slicesPerVector: vectors == 0 ? 0 : Double(counts.convertedSlices) / Double(vectors), vectorsPerImage: layer.shape.vectorsPerImage,
                replication: layer.replication)
        }
        let linkBitsPerSecond = Double(spec.offChipLinks) * spec.offChipLinkBitsPerSecond
        let inputBits = Double(network.float.inputShape.reduce(1, *) * network.inputQuantization.bits)
        let outputBits = Double(network.float.shapes[network.outputValue]!.reduce(1, *) * 32)
        inputTransferSeconds = inputBits / linkBitsPerSecond
        outputTransferSeconds = outputBits / linkBitsPerSecond
    }

    /// Latency of one inference at batch size 1, seconds.
    public var latencySeconds: Double { stages.reduce(0) { $0 + $1.seconds } + inputTransferSeconds + outputTransferSeconds }
    /// The slowest stage, the off-chip transfers included, seconds per image (T_max).
    public var bottleneckSeconds: Double { max(stages.map(\.seconds).max() ?? 0, inputTransferSeconds, outputTransferSeconds) }
    /// Inferences per second with the pipeline full.
    public var throughputInferencesPerSecond: Double { bottleneckSeconds > 0 ? 1 / bottleneckSeconds : 0 }
    /// Time the chip needs for `images` images entering the pipeline back to back, the latency
    /// of a batch of that many: L₁ + (images − 1)·T_max, seconds.
    public func runSeconds(images: Int) -> Double { latencySeconds + Double(max(0, images - 1)) * bottleneckSeconds }
    /// Inferences per second of a batch of `batchSize` images: batchSize / ``runSeconds(images:)``.
    public func batchThroughputInferencesPerSecond(batchSize: Int) -> Double {
        let seconds = runSeconds(images: batchSize)
        return seconds > 0 ? Double(batchSize) / seconds : 0
    }
}
