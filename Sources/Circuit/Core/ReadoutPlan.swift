import Numerics

/// The constants of one core's readout: per-column ADC steps and the shift-and-add weight of
/// every (input slice, sensed column).
struct ReadoutPlan: Sendable {
    /// Sensed columns.
    let sensed: Int
    /// Outputs (weights per row).
    let outputs: Int
    /// Weight slices per output.
    let weightSlices: Int
    /// Outputs rounded up to a multiple of 16: the stride of ``multipliers`` between weight slices.
    let paddedOutputs: Int
    /// Index of the unit column (offset scheme), or `nil`.
    let unitColumn: Int?
    /// 1/LSB per sensed column (codes per level).
    let inverseStep: [Float]
    /// LSB per sensed column (levels per code).
    let step: [Float]
    /// Smallest and largest code.
    let lowestCode: Float, highestCode: Float
    /// Peak INL in LSB.
    let inl: Float
    /// ADC noise variance in LSB².
    let adcVariance: Float
    /// Weight of data column (t, o) in input slice s, ±2^shift_s · ±2^(b·t) (negative for the
    /// sign slice and for flipped columns), at (s·weightSlices + t)·paddedOutputs + o; zero padding.
    let multipliers: [Double]
    /// Coefficient of the unit column for output o in input slice s, at s·paddedOutputs + o; zero padding.
    let unitCoefficients: [Double]
    /// Normal draws per slice: one per sensed column and one for the reference column.
    var noiseStride: Int { sensed + 1 }

    init(core: CrossbarCore, fullScale: [Float]) {
        let weights = core.weights
        sensed = weights.sensedColumns
        outputs = weights.outputs
        weightSlices = weights.encoding.slicesPerWeight
        paddedOutputs = (outputs + 15) / 16 * 16
        unitColumn = weights.hasUnitColumn ? sensed - 1 : nil
        let signed = core.convertsSigned
        let maximumCode = Float(core.adc.maximumCode(signed: signed))
        inverseStep = fullScale.map { maximumCode / $0 }
        step = fullScale.map { $0 / maximumCode }
        lowestCode = signed ? -maximumCode : 0
        highestCode = maximumCode
        inl = Float(core.adc.inlPeakLSB)
        adcVariance = Float(core.adc.noiseStandardDeviationLSB * core.adc.noiseStandardDeviationLSB)
        let sliceScale = core.slicing.slices.map { Double(1 << $0.shift) * ($0.isNegative ? -1 : 1) }
        let padded = paddedOutputs
        let outputs = outputs
        let data = (0..<(weightSlices * padded)).map { index in
            index % padded < outputs ? weights.multiplier(ofDataColumn: index / padded * outputs + index % padded) : 0
        }
        multipliers = sliceScale.flatMap { scale in data.map { scale * $0 } }
        let unit = (0..<padded).map { $0 < outputs ? weights.unitCoefficient(ofOutput: $0) : 0 }
        unitCoefficients = sliceScale.flatMap { scale in unit.map { scale * $0 } }
    }

    /// Calls `body` with a kernel over this plan's storage (valid only inside `body`).
    func withKernel<R>(_ body: (ReadoutKernel) throws -> R) rethrows -> R {
        try inverseStep.withUnsafeBufferPointer { inverse in
            try step.withUnsafeBufferPointer { step in
                try multipliers.withUnsafeBufferPointer { multipliers in
                    try unitCoefficients.withUnsafeBufferPointer { unit in
                        try body(
                            ReadoutKernel(
                                plan: self, inverseStep: inverse.baseAddress!, step: step.baseAddress!,
                                multipliers: multipliers.baseAddress!, unitCoefficients: unit.baseAddress!))
                    }
                }
            }
        }
    }
}

/// The readout's inner loops over raw storage: plain loops over contiguous columns that the
/// compiler vectorizes, no allocation and no reference counting per conversion.
struct ReadoutKernel {
    let plan: ReadoutPlan
    let inverseStep: UnsafePointer<Float>
    let step: UnsafePointer<Float>
    let multipliers: UnsafePointer<Double>
    let unitCoefficients: UnsafePointer<Double>

    /// Converts slice `slice`'s sensed values and adds their shifted digital values into
    /// `scratch.accumulator`; returns how many conversions clipped.
    ///
    /// `noise` points at the slice's normal draws (one per sensed column, then the reference
    /// column's) or is `nil` for noise-free reads; `variance` holds the slice's read-noise
    /// variances (levels²) or is `nil`; `referenceSigma` is the reference column's read-noise
    /// deviation for this slice, levels.
    @inline(__always)
    func convert(
        row: UnsafePointer<Float>, variance: UnsafePointer<Float>?, noise: UnsafePointer<Float>?, referenceSigma: Float,
        slice: Int, scratch: ReadoutScratch
    ) -> Int {
        let reference = noise.map { referenceSigma * $0[plan.sensed] } ?? 0
        let values = scratch.values
        let clipped = digitize(row: row, variance: variance, noise: noise, count: plan.sensed, reference: reference, into: values)
        // Shift-and-add, four outputs at a time: values are read at t·outputs + o (lanes past the
        // last output read the next slice's values or zero padding, under zero multipliers).
        // Shift-and-add, sixteen outputs at a time in four independent accumulators; values are
        // read at t·outputs + o (lanes past the last output read the next slice's values or
        // zero padding, under zero multipliers).
        let padded = plan.paddedOutputs
        let outputs = plan.outputs
        let weightSlices = plan.weightSlices
        let m = multipliers + slice &* weightSlices &* padded
        let unit = SIMD4<Double>(repeating: plan.unitColumn.map { Double(values[$0]) } ?? 0)
        let u = unitCoefficients + slice &* padded
        var o = 0
        while o < padded {
            let accumulator = scratch.accumulator + o
            var sum0 = load4(accumulator) + unit * load4(u + o)
            var sum1 = load4(accumulator + 4) + unit * load4(u + o + 4)
            var sum2 = load4(accumulator + 8) + unit * load4(u + o + 8)
            var sum3 = load4(accumulator + 12) + unit * load4(u + o + 12)
            for t in 0..<weightSlices {
                let v = UnsafeRawPointer(values + (t &* outputs &+ o))
                let mt = m + (t &* padded &+ o)
                sum0.addProduct(SIMD4<Double>(v.loadUnaligned(as: SIMD4<Float>.self)), load4(mt))
                sum1.addProduct(SIMD4<Double>(v.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)), load4(mt + 4))
                sum2.addProduct(SIMD4<Double>(v.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self)), load4(mt + 8))
                sum3.addProduct(SIMD4<Double>(v.loadUnaligned(fromByteOffset: 48, as: SIMD4<Float>.self)), load4(mt + 12))
            }
            store4(sum0, accumulator)
            store4(sum1, accumulator + 4)
            store4(sum2, accumulator + 8)
            store4(sum3, accumulator + 12)
            o &+= 16
        }
        return clipped
    }

    /// ADC conversion of `count` consecutive sensed columns into their digital values
    /// round(code·LSB); returns how many clipped (fell more than half an LSB outside the range).
    /// Plain loops over the columns, one per kind of read, that the compiler vectorizes.
    @inline(__always)
    private func digitize(
        row: UnsafePointer<Float>, variance: UnsafePointer<Float>?, noise: UnsafePointer<Float>?, count: Int,
        reference: Float, into values: UnsafeMutablePointer<Float>
    ) -> Int {
        let low = plan.lowestCode
        let high = plan.highestCode
        let lowClip = low - 0.5
        let highClip = high + 0.5
        let inl = plan.inl
        let adcVariance = plan.adcVariance
        var clipped: Int32 = 0
        if noise == nil && inl == 0 {
            // The common case: noise-free reads through an ideal ADC.
            for c in 0..<count {
                let x = row[c] * inverseStep[c]
                clipped &+= x < lowClip ? 1 : 0
                clipped &+= x > highClip ? 1 : 0
                let code = Swift.min(Swift.max(x, low), high).rounded(.toNearestOrEven)
                values[c] = (code * step[c]).rounded(.toNearestOrEven)
            }
            return Int(clipped)
        }
        for c in 0..<count {
            var x = (row[c] - reference) * inverseStep[c]
            if let noise {
                // Read noise (variance from the second GEMM) and ADC noise, in LSB.
                let readVariance = variance.map { $0[c] * inverseStep[c] * inverseStep[c] } ?? 0
                x += (readVariance + adcVariance).squareRoot() * noise[c]
            }
            clipped &+= x < lowClip ? 1 : 0
            clipped &+= x > highClip ? 1 : 0
            x = Swift.min(Swift.max(x, low), high)
            let p = (x - low) / (high - low)
            let code = Swift.min(Swift.max((x + inl * 4 * p * (1 - p)).rounded(.toNearestOrEven), low), high)
            values[c] = (code * step[c]).rounded(.toNearestOrEven)
        }
        return Int(clipped)
    }
}

/// Four doubles from `pointer`.
@inline(__always)
private func load4(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

/// Four doubles from `pointer`.
@inline(__always)
private func load4(_ pointer: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

/// Stores four doubles at `pointer`.
@inline(__always)
private func store4(_ vector: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD4<Double>.self)
}

/// Per-thread buffers of the readout.
struct ReadoutScratch {
    /// Digital values of one slice's sensed columns (and 16 zeros of padding).
    let values: UnsafeMutablePointer<Float>
    /// Output accumulators (exact integers in `Double`).
    let accumulator: UnsafeMutablePointer<Double>
    /// One vector's normal draws (slices × noise stride).
    let noise: UnsafeMutableBufferPointer<Float>
    private let outputs: Int
    private let paddedOutputs: Int

    init(plan: ReadoutPlan, slices: Int) {
        values = .allocate(capacity: plan.sensed + 16)
        values.initialize(repeating: 0, count: plan.sensed + 16)
        accumulator = .allocate(capacity: plan.paddedOutputs)
        accumulator.initialize(repeating: 0, count: plan.paddedOutputs)
        noise = .allocate(capacity: slices * plan.noiseStride)
        noise.initialize(repeating: 0)
        outputs = plan.outputs
        paddedOutputs = plan.paddedOutputs
    }

    /// Sets every accumulator to zero.
    func clearAccumulator() { accumulator.update(repeating: 0, count: paddedOutputs) }

    /// Writes the accumulated dot products (exact integers) as `Int64`.
    func store(into out: UnsafeMutablePointer<Int64>) {
        for o in 0..<outputs { out[o] = Int64(accumulator[o]) }
    }

    /// Frees the buffers.
    func deallocate() {
        values.deallocate()
        accumulator.deallocate()
        noise.deallocate()
    }
}
