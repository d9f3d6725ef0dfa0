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
/// All-zero input slices: an architecture that skips them (``Settings/skipsZeroSlices``) does
/// not convert them. One that converts them still has its ADCs convert an analog 0, which with
/// offset, noise, INL or DNL need not read code 0: the cores then convert zero slices as any
/// other, and vectors that are all zero on a row block are converted without their (zero)
/// matrix product (``CrossbarCore/readoutOfZeroInputs(vectors:reads:threads:)``). Only when
/// every column converts 0 exactly (``CrossbarCore/convertsZeroExactly``: the ideal ADC) do the
/// cores skip zero slices in simulation too, which changes no result; the executor still
/// counts their conversions when the architecture performs them.
///
/// Each array's column converters have static errors (offset, gain, DNL; ``ADCColumnErrors``)
/// drawn from `(seed, "layer<l>/array<a>/adc")`, the same at every read time of one chip.
///
/// ADC ranges under a calibrated policy (``ADCCalibration``) are fitted once on the chip as read
/// right after programming and reused at every read time, as a chip calibrated after
/// programming and then left alone; ``Settings/recalibratesAtReadTime`` fits them again on the
/// chip as it reads at the read time instead (drift and all). Either way they are fitted from the
/// layer inputs of calibration images (the digital baseline's activations) on noise-free column
/// currents with IR drop: the calibration sets only the range, it neither sees nor removes the
/// converters' offset and gain errors (no per-column trim).
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
        /// Whether calibrated ADC ranges are fitted again at the read time instead of reusing
        /// those fitted after programming (``ADCCalibration``).
        public var recalibratesAtReadTime: Bool

        /// Settings from their parts.
        public init(
            timeSeconds: Double, wires: WireResistance, adc: ADC, dacBits: Int, skipsZeroSlices: Bool, readNoise: Bool,
            driftCompensation: Bool, inputSum: InputSumSource = .analogUnitColumn, recalibratesAtReadTime: Bool = false
        ) {
            self.timeSeconds = timeSeconds
            self.wires = wires
            self.adc = adc
            self.dacBits = dacBits
            self.skipsZeroSlices = skipsZeroSlices
            self.readNoise = readNoise
            self.driftCompensation = driftCompensation
            self.inputSum = inputSum
            self.recalibratesAtReadTime = recalibratesAtReadTime
        }

        /// Whether conversions draw random numbers: the cells' read noise or the ADC's own noise.
        var drawsNoise: Bool { readNoise || adc.noiseStandardDeviationLSB > 0 }

        /// The settings a run configuration asks for.
        public init(configuration: RunConfiguration) throws {
            let spec = try configuration.architectureSpec()
            try self.init(
                timeSeconds: configuration.driftTimeSeconds,
                wires: WireResistance(
                    rowOhmsPerSegment: configuration.rowWireResistanceOhms, columnOhmsPerSegment: configuration.columnWireResistanceOhms,
                    accessTransistorOhms: configuration.accessTransistorOhms),
                adc: ADC(
                    resolutionBits: configuration.adcBits, rangePolicy: spec.adcRangePolicy, rangePercentile: spec.adcRangePercentile,
                    noiseStandardDeviationLSB: configuration.adcNoiseLSB, inlPeakLSB: configuration.adcINLPeakLSB,
                    dnlSigmaLSB: configuration.adcDNLSigmaLSB, offsetSigmaLSB: configuration.adcOffsetSigmaLSB,
                    gainErrorSigmaRelative: configuration.adcGainErrorSigmaRelative),
                dacBits: configuration.dacBits, skipsZeroSlices: configuration.skipsZeroSlices, readNoise: configuration.readNoise,
                driftCompensation: configuration.driftCompensation, inputSum: spec.inputSumSource,
                recalibratesAtReadTime: configuration.adcRecalibratesAtReadTime)
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

    /// Reads `chip` (programmed from `network`) with `settings` (see the other initializer).
    public init(
        chip: ProgrammedChip, network: QuantizedNetwork, settings: Settings, calibrationInputs: [Matrix<Int16>]? = nil,
        calibration: ADCCalibration? = nil, threads: Int? = nil
    ) throws {
        try self.init(
            chip: chip, inputs: Self.inputFormats(network), settings: settings, calibrationInputs: calibrationInputs,
            calibration: calibration, threads: threads)
    }

    /// Reads `chip` with `settings`, for layer inputs of the given widths (`bits`, two's
    /// complement when `isSigned`), one per mapped layer. Under a calibrated range policy the
    /// ranges are `calibration` (fitted after programming), or fitted after programming now from
    /// `calibrationInputs` when it is `nil`; with ``Settings/recalibratesAtReadTime`` they are
    /// fitted at the read time from `calibrationInputs`. `calibrationInputs` holds, for each
    /// matrix layer, integer input vectors (rows of the layer's input matrix).
    public init(
        chip: ProgrammedChip, inputs: [(bits: Int, isSigned: Bool)], settings: Settings, calibrationInputs: [Matrix<Int16>]? = nil,
        calibration: ADCCalibration? = nil, threads: Int? = nil
    ) throws {
        let slicings = try Self.slicings(chip: chip, inputs: inputs, settings: settings)
        var ranges: ADCCalibration?
        if settings.adc.rangePolicy.needsCalibration && !settings.recalibratesAtReadTime {
            ranges = try calibration ?? Self.calibrate(chip: chip, inputs: inputs, settings: settings, calibrationInputs: calibrationInputs, threads: threads)
        }
        let cores = try Self.cores(
            chip: chip, slicings: slicings, settings: settings, atSeconds: settings.timeSeconds,
            calibrationInputs: settings.recalibratesAtReadTime ? calibrationInputs : nil, ranges: ranges, threads: threads)
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

    /// The ADC ranges of `chip` under `settings`' calibrated range policy, fitted on the chip as
    /// read right after programming (``ADCCalibration/timeSeconds``) from `calibrationInputs`
    /// (one input matrix per matrix layer, for layer inputs of the given widths).
    public static func calibrate(
        chip: ProgrammedChip, inputs: [(bits: Int, isSigned: Bool)], settings: Settings, calibrationInputs: [Matrix<Int16>]?,
        threads: Int? = nil
    ) throws -> ADCCalibration {
        let slicings = try slicings(chip: chip, inputs: inputs, settings: settings)
        var fitting = settings
        fitting.readNoise = false
        let cores = try cores(
            chip: chip, slicings: slicings, settings: fitting, atSeconds: ADCCalibration.timeSeconds, calibrationInputs: calibrationInputs,
            ranges: nil, threads: threads)
        return ADCCalibration(fullScale: cores.map { $0.map { $0.fullScale! } })
    }

    /// ``calibrate(chip:inputs:settings:calibrationInputs:threads:)`` for `chip` programmed from `network`.
    public static func calibrate(
        chip: ProgrammedChip, network: QuantizedNetwork, settings: Settings, calibrationInputs: [Matrix<Int16>]?, threads: Int? = nil
    ) throws -> ADCCalibration {
        try calibrate(chip: chip, inputs: inputFormats(network), settings: settings, calibrationInputs: calibrationInputs, threads: threads)
    }

    /// Each matrix layer's input format.
    private static func inputFormats(_ network: QuantizedNetwork) -> [(bits: Int, isSigned: Bool)] {
        network.matrixLayers.map { (bits: $0.input.bits, isSigned: $0.input.isSigned) }
    }

    /// Each layer's DAC slicing, after checking there is one input format per layer.
    private static func slicings(chip: ProgrammedChip, inputs: [(bits: Int, isSigned: Bool)], settings: Settings) throws -> [InputSlicing] {
        guard inputs.count == chip.layers.count else {
            throw CircuitError.shapeMismatch(
                owner: "ChipReadout", field: "inputs", expected: "\(chip.layers.count) layer input formats", actual: "\(inputs.count)")
        }
        return try inputs.map { try InputSlicing(inputBits: $0.bits, isSigned: $0.isSigned, bitsPerSlice: settings.dacBits) }
    }

    /// Every array's core at `seconds` after programming, built in parallel (IR drop is solved
    /// per array), with its converters' static errors; calibrated ranges are fitted from
    /// `calibrationInputs` if given, else taken from `ranges` (one of the two is required under
    /// a calibrated range policy).
    private static func cores(
        chip: ProgrammedChip, slicings: [InputSlicing], settings: Settings, atSeconds seconds: Double, calibrationInputs: [Matrix<Int16>]?,
        ranges: ADCCalibration?, threads: Int?
    ) throws -> [[CrossbarCore]] {
        if settings.adc.rangePolicy.needsCalibration {
            if let calibrationInputs {
                guard calibrationInputs.count == slicings.count else {
                    throw CircuitError.shapeMismatch(
                        owner: "ChipReadout", field: "calibrationInputs", expected: "\(slicings.count) input matrices (one per matrix layer)",
                        actual: "\(calibrationInputs.count)")
                }
            } else if let ranges {
                guard ranges.fullScale.map(\.count) == chip.layers.map(\.count) else {
                    throw CircuitError.shapeMismatch(
                        owner: "ChipReadout", field: "calibration", expected: "ranges of \(chip.layers.map(\.count)) arrays per layer",
                        actual: "\(ranges.fullScale.map(\.count))")
                }
            } else {
                throw CircuitError.invalidParameter(
                    owner: "ChipReadout", field: "calibrationInputs", value: "missing",
                    allowed: "one input matrix per matrix layer for the '\(settings.adc.rangePolicy)' ADC range policy")
            }
        }
        let jobs = chip.layers.indices.flatMap { l in chip.layers[l].indices.map { (layer: l, array: $0) } }
        let built = Mutex([Int: Result<CrossbarCore, any Error>]())
        Parallel.forEach(jobs.count, threads: threads) { job in
            let (l, a) = jobs[job]
            let result = Result { () throws -> CrossbarCore in
                let programmed = chip.layers[l][a]
                let errors = ADCColumnErrors(
                    adc: settings.adc, columns: programmed.weights.sensedColumns, signed: programmed.weights.encoding.sign == .differential,
                    stream: RandomStream(seed: chip.seed, key: programmed.key + "/adc"))
                var core = try CrossbarCore(
                    array: programmed.array, weights: programmed.weights, slicing: slicings[l], adc: settings.adc, adcErrors: errors,
                    wires: settings.wires, atSeconds: seconds, inputSum: settings.inputSum, drawsReadNoise: settings.readNoise, threads: 1)
                core.skipsZeroSlices = settings.skipsZeroSlices || core.convertsZeroExactly
                if settings.adc.rangePolicy.needsCalibration {
                    if let inputs = calibrationInputs?[l] {
                        let rows = programmed.block.rows
                        let block = Matrix<Int32>(rows: inputs.rows, columns: rows.count) { m, k in Int32(inputs[m, rows.lowerBound + k]) }
                        try core.calibrate(with: slicings[l].slice(block.view), threads: 1)
                    } else if let ranges {
                        try core.useCalibratedRanges(ranges.fullScale[l][a])
                    }
                }
                return core
            }
            built.withLock { $0[job] = result }
        }
        let finished = built.withLock { $0 }
        var cores = chip.layers.map { _ in [CrossbarCore]() }
        for job in jobs.indices { cores[jobs[job].layer].append(try finished[job]!.get()) }
        return cores
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
