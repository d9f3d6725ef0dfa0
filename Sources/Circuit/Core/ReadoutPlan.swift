import Numerics

/// The constants of one core's readout, computed once per core (and again when its ADC ranges
/// are calibrated): per-column ADC steps, the weight of every input slice and of every sensed
/// column in the dot products, and where the slice sums must leave single precision.
///
/// Shift-and-add is linear, so it is done in two steps: per vector, each sensed column's values
/// are summed over the input slices with the slices' weights ±2^shift (``sliceScales``, in
/// `Float`, exact while the sums stay integers below 2^24 — ``flushBefore`` moves them to
/// `Double` before they could grow past that); then the column sums are combined once per vector
/// into the outputs with the weight slices' multipliers ±2^(b·t) and the unit column's
/// coefficients (``dataMultipliers``, ``unitCoefficients``, in `Double`).
struct ReadoutPlan: Sendable {
    /// Sensed columns.
    let sensed: Int
    /// Sensed columns rounded up to a multiple of 8 (the vector width): the length of the
    /// per-column arrays, whose padding is zero.
    let paddedSensed: Int
    /// Outputs (weights per row).
    let outputs: Int
    /// Weight slices per output.
    let weightSlices: Int
    /// Index of the unit column (offset scheme), or `nil`.
    let unitColumn: Int?
    /// Whether Σx is the exact sum of the codes (``InputSumSource/digitalPopcount``) instead of
    /// the unit column's converted value.
    let countsInputSum: Bool
    /// 1/LSB per sensed column (codes per level), zero-padded.
    let inverseStep: [Float]
    /// LSB per sensed column (levels per code), zero-padded.
    let step: [Float]
    /// Whether every column has the same LSB (a fixed range): one noise scale per slice then.
    let uniformStep: Bool
    /// Whether the ADC converts signed values (differential pairs).
    let signed: Bool
    /// Smallest and largest code.
    let lowestCode: Float, highestCode: Float
    /// 4·A, A the peak INL in LSB (the bow A·4p(1 − p)).
    let bow: Float
    /// The columns' DNL transitions side by side (``ADCDifferentialNonlinearity/thresholds``), or `nil`.
    let transitions: [Float]?
    /// Transitions per column.
    let transitionsPerColumn: Int
    /// Gain 1 + ε_c per sensed column, zero-padded, or `nil` without static errors.
    let gain: [Float]?
    /// Offset o_c per sensed column, LSB, zero-padded, or `nil` without static errors.
    let offset: [Float]?
    /// ADC noise variance in LSB².
    let adcVariance: Float
    /// Weight of each input slice, ±2^shift (negative for the sign slice).
    let sliceScales: [Float]
    /// Whether the `Float` column sums are moved to `Double` before slice `s` is added.
    let flushBefore: [Bool]
    /// Weight of each data column t·outputs + o, ±2^(b·t) (negative when flipped).
    let dataMultipliers: [Double]
    /// Coefficient of the unit column for each output (zero without one).
    let unitCoefficients: [Double]
    /// Random-access normal groups per slice (``ReadRandomness``): ⌈(sensed + 1)/32⌉.
    let noiseGroups: Int
    /// An SRAM array's bitline read (its slices' currents become drops before the ADC), or `nil`.
    let bitline: BitlineReadout?

    init(core: CrossbarCore, fullScale: [Float]) {
        let weights = core.weights
        sensed = weights.sensedColumns
        paddedSensed = (sensed + 7) / 8 * 8
        outputs = weights.outputs
        weightSlices = weights.encoding.slicesPerWeight
        unitColumn = weights.hasUnitColumn ? sensed - 1 : nil
        countsInputSum = weights.hasUnitColumn && core.inputSum == .digitalPopcount
        signed = core.convertsSigned
        let maximumCode = Float(core.adc.maximumCode(signed: signed))
        let padding = [Float](repeating: 0, count: paddedSensed - sensed)
        inverseStep = fullScale.map { maximumCode / $0 } + padding
        step = fullScale.map { $0 / maximumCode } + padding
        uniformStep = Set(fullScale).count <= 1
        lowestCode = signed ? -maximumCode : 0
        highestCode = maximumCode
        bow = Float(core.adc.inlPeakLSB) * 4
        transitions = core.adcErrors?.nonlinearity?.thresholds
        transitionsPerColumn = core.adcErrors?.nonlinearity?.transitions ?? 0
        gain = core.adcErrors.map { $0.gain + padding }
        offset = core.adcErrors.map { $0.offsetLSB + padding }
        adcVariance = Float(core.adc.noiseStandardDeviationLSB * core.adc.noiseStandardDeviationLSB)
        sliceScales = core.slicing.slices.map { Float(1 << $0.shift) * ($0.isNegative ? -1 : 1) }
        // Runs of slices whose weighted sums stay below 2^24 for the largest value read back.
        let largestValue = step.prefix(sensed).map { (maximumCode * $0).rounded(.toNearestOrEven) }.max() ?? 0
        var run: Float = 0
        flushBefore = sliceScales.map { scale in
            let flush = run > 0 && (run + abs(scale)) * largestValue >= 0x1p24
            run = (flush ? 0 : run) + abs(scale)
            return flush
        }
        dataMultipliers = (0..<weights.dataColumns).map { weights.multiplier(ofDataColumn: $0) }
        unitCoefficients = (0..<outputs).map { weights.unitCoefficient(ofOutput: $0) }
        noiseGroups = (sensed + 1 + 31) / 32
        bitline = core.bitlineReadout
    }
}

/// The readout's inner loops over raw storage: eight columns at a time, no allocation and no
/// reference counting per conversion. Valid only while the plan's arrays are (inside
/// ``CrossbarCore/readout(currents:inputs:variances:reads:inputGram:threads:)``).
struct ReadoutKernel {
    let plan: ReadoutPlan
    let inverseStep: UnsafePointer<Float>
    let step: UnsafePointer<Float>
    /// ``ReadoutPlan/gain``, ``ReadoutPlan/offset`` and ``ReadoutPlan/transitions``, or `nil`.
    let gain: UnsafePointer<Float>?
    let offset: UnsafePointer<Float>?
    let transitions: UnsafePointer<Float>?

    /// How a slice's conversions are perturbed.
    enum Noise {
        /// Noise-free reads.
        case none
        /// `normals[c]` standard normal draws scaled by `sigma[c]` (LSB) for each column, and the
        /// reference column's deviation `reference` (levels, already multiplied by its draw).
        case gaussian(normals: UnsafePointer<Float>, sigma: UnsafePointer<Float>, reference: Float)
    }

    /// Converts one slice's sensed values `row` (levels) and adds their digital values
    /// round(code·LSB), times `scale`, into `sums` (one `Float` per padded column); returns how
    /// many conversions clipped (fell more than half an LSB outside the range).
    ///
    /// Eight columns at a time, as ``ADC/convert(_:step:signed:column:errors:)`` (and bit for bit
    /// equal to it): the input x = (value − reference)/LSB + σ·z LSB, the columns' gain and
    /// offset, clipping, the range, the INL bow and rounding; under DNL each column's code is then
    /// placed between its two transitions around the rounded value, one column at a time.
    @inline(__always)
    func convert(row: UnsafePointer<Float>, noise: Noise, scale: Float, into sums: UnsafeMutablePointer<Float>, tail: UnsafeMutablePointer<Float>) -> Int {
        let low = SIMD8<Float>(repeating: plan.lowestCode)
        let high = SIMD8<Float>(repeating: plan.highestCode)
        let lowClip = low - 0.5
        let highClip = high + 0.5
        let span = high - low
        let bow = SIMD8<Float>(repeating: plan.bow)
        let weight = SIMD8<Float>(repeating: scale)
        var clipped = SIMD8<UInt32>()
        let sensed = plan.sensed
        /// Eight columns from `c` on, given their inputs `x` in LSB.
        @inline(__always)
        func finish(_ x: SIMD8<Float>, at c: Int) {
            var u = x
            if let gain, let offset { u = u * load(gain + c) + load(offset + c) }
            clipped &+= lanes(u, below: lowClip) &+ lanes(highClip, below: u)
            var level = clamp(u, low, high)
            if plan.bow != 0 {
                let p = (level - low) / span
                level = level + bow * p * (1 - p)
            }
            var code = FastMath.roundedToNearestEven(level)
            if let transitions {
                let lowest = Int(plan.lowestCode)
                let highest = Int(plan.highestCode)
                for lane in 0..<Swift.min(8, sensed - c) {
                    code[lane] = ADCDifferentialNonlinearity.code(
                        of: level[lane], transitions: transitions + (c + lane) * plan.transitionsPerColumn, lowest: lowest, highest: highest)
                }
            }
            if plan.bow != 0 { code = clamp(code, low, high) }
            let value = FastMath.roundedToNearestEven(code * load(step + c))
            store(FastMath.multiplyAdd(value, weight, load(sums + c)), sums + c)
        }
        var c = 0
        switch noise {
        case .none:
            while c + 8 <= sensed {
                finish(load(row + c) * load(inverseStep + c), at: c)
                c &+= 8
            }
            if c < sensed {
                tail.update(from: row + c, count: sensed - c)
                finish(load(tail) * load(inverseStep + c), at: c)
            }
        case .gaussian(let normals, let sigma, let reference):
            let shift = SIMD8<Float>(repeating: reference)
            @inline(__always)
            func value(_ values: UnsafePointer<Float>, _ c: Int) -> SIMD8<Float> {
                FastMath.multiplyAdd(load(sigma + c), load(normals + c), (load(values) - shift) * load(inverseStep + c))
            }
            while c + 8 <= sensed {
                finish(value(row + c, c), at: c)
                c &+= 8
            }
            if c < sensed {
                tail.update(from: row + c, count: sensed - c)
                finish(value(tail, c), at: c)
            }
        }
        return Int(clipped.wrappedSum())
    }
}

/// Eight floats from `pointer` (any alignment).
@inline(__always)
private func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// Eight floats from `pointer` (any alignment).
@inline(__always)
private func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// Stores eight floats at `pointer` (any alignment).
@inline(__always)
private func store(_ vector: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD8<Float>.self)
}

/// `x` clamped to [low, high], lane by lane (one `vmaxps` and one `vminps`).
@inline(__always)
private func clamp(_ x: SIMD8<Float>, _ low: SIMD8<Float>, _ high: SIMD8<Float>) -> SIMD8<Float> {
    var result = x
    for lane in 0..<8 { result[lane] = Swift.min(Swift.max(x[lane], low[lane]), high[lane]) }
    return result
}

/// 1 in the lanes where a < b, else 0: the sign bit of a − b, which is set exactly when a < b
/// for finite a and b unless a = −0 and b = +0 (b is never zero here). A lane-by-lane compare
/// compiled to a branch per lane.
@inline(__always)
private func lanes(_ a: SIMD8<Float>, below b: SIMD8<Float>) -> SIMD8<UInt32> {
    unsafeBitCast(a - b, to: SIMD8<UInt32>.self) &>> 31
}

/// Per-thread buffers of the readout.
struct ReadoutScratch {
    /// Each column's weighted sum over the slices added since the last flush (`Float`, exact integers).
    let sums: UnsafeMutablePointer<Float>
    /// Each column's flushed sums (`Double`, exact integers).
    let totals: UnsafeMutablePointer<Double>
    /// One slice's normal draws (random-access groups of 32).
    let normals: UnsafeMutablePointer<Float>
    /// One slice's noise scale per column, LSB (zero past the last column).
    let sigma: UnsafeMutablePointer<Float>
    /// The last, partial group of eight sensed values of a row, zero-padded.
    let tail: UnsafeMutablePointer<Float>
    /// One slice's bitline drops, levels (SRAM arrays; one element otherwise).
    let drops: UnsafeMutablePointer<Float>
    /// One slice's sensed values from its bitline drops, zero-padded (SRAM arrays; one element otherwise).
    let drained: UnsafeMutablePointer<Float>
    private let padded: Int
    private let sensed: Int

    init(plan: ReadoutPlan) {
        padded = plan.paddedSensed
        sensed = plan.sensed
        sums = .allocate(capacity: padded)
        sums.initialize(repeating: 0, count: padded)
        totals = .allocate(capacity: padded)
        totals.initialize(repeating: 0, count: padded)
        normals = .allocate(capacity: 32 * plan.noiseGroups)
        normals.initialize(repeating: 0, count: 32 * plan.noiseGroups)
        sigma = .allocate(capacity: padded)
        sigma.initialize(repeating: 0, count: padded)
        tail = .allocate(capacity: 8)
        tail.initialize(repeating: 0, count: 8)
        let bitlines = plan.bitline?.physicalColumns.count ?? 1
        drops = .allocate(capacity: bitlines)
        drops.initialize(repeating: 0, count: bitlines)
        let sensedCount = plan.bitline == nil ? 1 : padded
        drained = .allocate(capacity: sensedCount)
        drained.initialize(repeating: 0, count: sensedCount)
    }

    /// Adds the `Float` sums into the `Double` totals and clears them.
    func flush() {
        for c in 0..<sensed { totals[c] += Double(sums[c]) }
        sums.update(repeating: 0, count: padded)
    }

    /// Frees the buffers.
    func deallocate() {
        sums.deallocate()
        totals.deallocate()
        normals.deallocate()
        sigma.deallocate()
        tail.deallocate()
        drops.deallocate()
        drained.deallocate()
    }
}
