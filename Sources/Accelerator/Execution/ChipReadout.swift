import Circuit
import Device
import Network
import Numerics
import Synchronization

/// A programmed chip as it reads at one time after programming: one ``CrossbarCore`` per array
/// (conductances drifted to that time, IR drop solved into G_eff, ADC ranges set), and for
/// every row block of a layer the sensed matrices of all its arrays side by side, so that one
/// GEMM per row block serves every array that shares those rows.
///
/// The cores skip all-zero input slices whatever the architecture does: such a slice reads
/// exactly 0 (no current, no read noise, an ADC without noise or INL), so skipping it changes
/// no result; the executor still counts its conversions when the architecture performs them.
///
/// ADC ranges under a calibrated policy are set on this chip, from the layer inputs of
/// calibration images (the digital baseline's activations), so they see drift and IR drop.
///
/// Global drift compensation (``Settings/driftCompensation``, as aihwkit's
/// `GlobalDriftCompensation`): a reference read with every row at full scale, at programming
/// time and at the read time, gives a per-layer gain α = Σ_c |Σ_i ΔG_ic(0)| / Σ_c |Σ_i ΔG_ic(t)|
/// over every sensed column c of the layer's arrays (ΔG the sensed conductance difference; the
/// reference read neglects IR drop), and the layer's digital accumulators are multiplied by α
/// before requantization (folded into the requantization multiplier, so it costs no action).
public struct ChipReadout: Sendable {
    /// How the chip is read.
    public struct Settings: Sendable, Equatable {
        /// Seconds from programming to the reads.
        public var timeSeconds: Double
        /// Wire and access-transistor resistances.
        public var wires: WireResistance
        /// ADC resolution and range policy.
        public var adc: ADC
        /// DAC resolution (input bits per slice).
        public var dacBits: Int
        /// Whether all-zero input slices are skipped (not converted, not counted).
        public var skipsZeroSlices: Bool
        /// Whether read noise is drawn.
        public var readNoise: Bool
        /// Whether the per-layer drift-compensation gain is applied.
        public var driftCompensation: Bool
        /// Where the offset scheme's Σx comes from.
        public var inputSum: InputSumSource

        /// Settings from their parts.
        public init(
            timeSeconds: Double, wires: WireResistance, adc: ADC, dacBits: Int, skipsZeroSlices: Bool, readNoise: Bool,
            driftCompensation: Bool, inputSum: InputSumSource = .analogUnitColumn
        ) {
            self.timeSeconds = timeSeconds
            self.wires = wires
            self.adc = adc
            self.dacBits = dacBits
            self.skipsZeroSlices = skipsZeroSlices
            self.readNoise = readNoise
            self.driftCompensation = driftCompensation
            self.inputSum = inputSum
        }

        /// The settings a run configuration asks for.
        public init(configuration: RunConfiguration) throws {
            let spec = try configuration.architectureSpec()
            try self.init(
                timeSeconds: configuration.driftTimeSeconds,
                wires: WireResistance(
                    rowOhmsPerSegment: configuration.rowWireResistanceOhms, columnOhmsPerSegment: configuration.columnWireResistanceOhms,
                    accessTransistorOhms: configuration.accessTransistorOhms),
                adc: ADC(resolutionBits: configuration.adcBits, rangePolicy: spec.adcRangePolicy, rangePercentile: spec.adcRangePercentile), dacBits: configuration.dacBits,
                skipsZeroSlices: configuration.skipsZeroSlices, readNoise: configuration.readNoise,
                driftCompensation: configuration.driftCompensation, inputSum: spec.inputSumSource)
        }
    }

    /// The arrays of one row block of a layer, read with one GEMM.
    struct RowBlock: Sendable {
        /// Weight rows of the block.
        let rows: Range<Int>
        /// The layer's arrays on these rows (indices into ``Layer/cores``).
        let arrays: [Int]
        /// Where each array's sensed columns start in ``levels`` (one more entry: the total).
        let columnOffsets: [Int]
        /// Every array's ``CrossbarCore/sensedLevels``, side by side (an SRAM array's: one column per
        /// read bitline); each array's read-noise variances start at the same offset.
        let levels: Matrix<Float>
        /// Every array's ``ColumnReadNoise/variance``, side by side, when reads are noisy and
        /// some array's read noise differs between its columns (otherwise each core computes its
        /// conversions' variance from ``ColumnReadNoise/uniformVariance``).
        let variance: Matrix<Float>?
        /// ``levels`` and ``variance`` side by side, when reads are noisy and DAC codes are 0 or 1
        /// (then codes² = codes, and one GEMM gives the sensed values and their variances).
        let fused: Matrix<Float>?
        /// IMAs holding arrays of the block (each receives the block's inputs).
        let imas: Int

        /// Columns of the block's GEMM output: the sensed values, and their variances if any.
        var computedColumns: Int { columnOffsets.last! * (variance == nil ? 1 : 2) }
    }

    /// One layer of the chip, ready to compute.
    public struct Layer: Sendable {
        /// Where the layer's arrays sit.
        public let mapping: LayerMapping
        /// How its inputs go through the DACs.
        public let slicing: InputSlicing
        /// One core per array, in ``LayerMapping/arrays`` order.
        public let cores: [CrossbarCore]
        /// Each array's read stream, `(seed, "layer<l>/array<a>/read")`.
        public let readStreams: [RandomStream]
        /// The drift-compensation gain α (1 without compensation).
        public let driftGain: Double
        /// The row blocks.
        let rowBlocks: [RowBlock]
    }

    /// The programmed chip.
    public let chip: ProgrammedChip
    /// How it is read.
    public let settings: Settings
    /// One entry per matrix layer.
    public let layers: [Layer]

    /// Reads `chip` (programmed from `network`) with `settings`. `calibrationInputs` holds, for
    /// each matrix layer, integer input vectors (rows of the layer's input matrix) to set
    /// calibrated ADC ranges from; it is required only by calibrated range policies.
    public init(
        chip: ProgrammedChip, network: QuantizedNetwork, settings: Settings, calibrationInputs: [Matrix<Int16>]? = nil,
        threads: Int? = nil
    ) throws {
        try self.init(
            chip: chip, inputs: network.matrixLayers.map { (bits: $0.input.bits, isSigned: $0.input.isSigned) }, settings: settings,
            calibrationInputs: calibrationInputs, threads: threads)
    }

    /// Reads `chip` with `settings`, for layer inputs of the given widths (`bits`, two's
    /// complement when `isSigned`), one per mapped layer.
    public init(
        chip: ProgrammedChip, inputs: [(bits: Int, isSigned: Bool)], settings: Settings, calibrationInputs: [Matrix<Int16>]? = nil,
        threads: Int? = nil
    ) throws {
        guard inputs.count == chip.layers.count else {
            throw CircuitError.shapeMismatch(
                owner: "ChipReadout", field: "inputs", expected: "\(chip.layers.count) layer input formats", actual: "\(inputs.count)")
        }
        if settings.adc.rangePolicy.needsCalibration {
            guard let calibrationInputs, calibrationInputs.count == inputs.count else {
                throw CircuitError.invalidParameter(
                    owner: "ChipReadout", field: "calibrationInputs", value: "missing",
                    allowed: "one input matrix per matrix layer for the '\(settings.adc.rangePolicy)' ADC range policy")
            }
        }
        guard settings.adc.noiseStandardDeviationLSB == 0 && settings.adc.inlPeakLSB == 0 else {
            throw CircuitError.invalidParameter(
                owner: "ChipReadout", field: "adc", value: "noise \(settings.adc.noiseStandardDeviationLSB) LSB, INL \(settings.adc.inlPeakLSB) LSB",
                allowed: "an ADC without noise or INL (the executor does not compute inputs that are all zero)")
        }
        let slicings = try inputs.map { try InputSlicing(inputBits: $0.bits, isSigned: $0.isSigned, bitsPerSlice: settings.dacBits) }
        // Every array's core, built in parallel (IR drop is solved per array).
        let jobs = chip.layers.indices.flatMap { l in chip.layers[l].indices.map { (layer: l, array: $0) } }
        let built = Mutex([Int: Result<CrossbarCore, any Error>]())
        Parallel.forEach(jobs.count, threads: threads) { job in
            let (l, a) = jobs[job]
            let result = Result { () throws -> CrossbarCore in
                let programmed = chip.layers[l][a]
                var core = try CrossbarCore(
                    array: programmed.array, weights: programmed.weights, slicing: slicings[l], adc: settings.adc,
                    wires: settings.wires, atSeconds: settings.timeSeconds, skipsZeroSlices: true, inputSum: settings.inputSum, threads: 1)
                if let inputs = calibrationInputs?[l], settings.adc.rangePolicy.needsCalibration {
                    let rows = programmed.block.rows
                    let block = Matrix<Int32>(rows: inputs.rows, columns: rows.count) { m, k in Int32(inputs[m, rows.lowerBound + k]) }
                    try core.calibrate(with: slicings[l].slice(block.view), threads: 1)
                }
                return core
            }
            built.withLock { $0[job] = result }
        }
        let finished = built.withLock { $0 }
        var cores = chip.layers.map { _ in [CrossbarCore]() }
        for job in jobs.indices { cores[jobs[job].layer].append(try finished[job]!.get()) }

        layers = try chip.mapping.layers.indices.map { l in
            let mapping = chip.mapping.layers[l]
            let rowBlocks = mapping.rowBlocks.indices.map { r in
                Self.rowBlock(r, mapping: mapping, cores: cores[l], noisy: settings.readNoise, binaryCodes: slicings[l].maximumCode == 1)
            }
            return Layer(
                mapping: mapping, slicing: slicings[l], cores: cores[l],
                readStreams: chip.layers[l].map { RandomStream(seed: chip.seed, key: $0.key + "/read") },
                driftGain: settings.driftCompensation && !mapping.runsDigitally ? try Self.driftGain(chip.layers[l], atSeconds: settings.timeSeconds) : 1,
                rowBlocks: rowBlocks)
        }
        self.chip = chip
        self.settings = settings
    }

    /// The combined matrices of row block `r`.
    private static func rowBlock(_ r: Int, mapping: LayerMapping, cores: [CrossbarCore], noisy: Bool, binaryCodes: Bool) -> RowBlock {
        let arrays = mapping.arrays.filter { $0.rowBlock == r }.map(\.index)
        var offsets = [0]
        for a in arrays { offsets.append(offsets.last! + cores[a].sensedLevels.columns) }
        let rows = mapping.rowBlocks[r]
        let total = offsets.last!
        var levels = Matrix<Float>(rows: rows.count, columns: total)
        let hasNoise = noisy && arrays.contains { cores[$0].readNoise.map { $0.uniformVariance == nil } ?? false }
        var variance = hasNoise ? Matrix<Float>(rows: rows.count, columns: total) : nil
        for (position, a) in arrays.enumerated() {
            let core = cores[a]
            let start = offsets[position]
            for i in 0..<rows.count {
                for c in 0..<core.sensedLevels.columns { levels[i, start + c] = core.sensedLevels[i, c] }
                if let noise = core.readNoise?.variance {
                    for c in 0..<core.weights.sensedColumns { variance?[i, start + c] = noise[i, c] }
                }
            }
        }
        let fused = variance.flatMap { variance in
            binaryCodes ? Matrix<Float>(rows: rows.count, columns: 2 * total) { i, c in c < total ? levels[i, c] : variance[i, c - total] } : nil
        }
        return RowBlock(
            rows: rows, arrays: arrays, columnOffsets: offsets, levels: levels, variance: variance, fused: fused,
            imas: Set(arrays.map { mapping.arrays[$0].ima }).count)
    }

    /// α = Σ_c |Σ_i ΔG_ic(0)| / Σ_c |Σ_i ΔG_ic(t)| over the layer's sensed columns (ideal wires).
    private static func driftGain(_ arrays: [ProgrammedArray], atSeconds seconds: Double) throws -> Double {
        func reference(at time: Double) -> Double {
            arrays.reduce(0) { total, programmed in
                let g = programmed.array.conductanceSiemens(atSeconds: time)
                let weights = programmed.weights
                return total
                    + (0..<weights.sensedColumns).reduce(0) { sum, c in
                        sum + abs((0..<weights.weightRows).reduce(0) { $0 + g[$1, weights.positiveColumn[c]] - g[$1, weights.negativeColumn[c]] })
                    }
            }
        }
        let now = reference(at: seconds)
        guard now > 0 else {
            throw CircuitError.invalidParameter(
                owner: "ChipReadout", field: "driftCompensation", value: "reference read of 0 A at \(seconds) s",
                allowed: "a layer whose reference read is not zero")
        }
        return reference(at: 0) / now
    }
}
