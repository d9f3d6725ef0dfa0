import Numerics

/// The constants of one core's readout, laid out for 8-lane vector code: per-column ADC steps,
/// per-(slice, output) shift-and-add multipliers and per-slice weights, padded so that every
/// loop runs in whole vectors (padding lanes have zero multipliers and never reach an output).
struct ReadoutPlan: Sendable {
    /// Sensed columns.
    let sensed: Int
    /// Outputs (weights per row).
    let outputs: Int
    /// Outputs rounded up to a multiple of 8.
    let paddedOutputs: Int
    /// Weight slices per output.
    let weightSlices: Int
    /// Index of the unit column (offset scheme), or `nil`.
    let unitColumn: Int?
    /// 1/LSB per sensed column (codes per level), padded.
    let inverseStep: [Float]
    /// LSB per sensed column (levels per code), padded.
    let step: [Float]
    /// Smallest and largest code.
    let lowestCode: Float, highestCode: Float
    /// Peak INL in LSB.
    let inl: Float
    /// ADC noise variance in LSB².
    let adcVariance: Float
    /// Multiplier of data column (t, o) at index t·paddedOutputs + o.
    let multipliers: [Double]
    /// Coefficient of the unit column for each output, padded.
    let unitCoefficients: [Double]
    /// ±2^shift per input slice.
    let sliceScale: [Double]
    /// Normal draws per slice: one per sensed column and one for the reference column.
    var noiseStride: Int { sensed + 1 }

    init(core: CrossbarCore, fullScale: [Float]) {
        let weights = core.weights
        sensed = weights.sensedColumns
        outputs = weights.outputs
        paddedOutputs = (outputs + 7) / 8 * 8
        weightSlices = weights.encoding.slicesPerWeight
        unitColumn = weights.hasUnitColumn ? sensed - 1 : nil
        let signed = core.convertsSigned
        let maximumCode = Float(core.adc.maximumCode(signed: signed))
        inverseStep = fullScale.map { maximumCode / $0 } + [Float](repeating: 0, count: 8)
        step = fullScale.map { $0 / maximumCode } + [Float](repeating: 0, count: 8)
        lowestCode = signed ? -maximumCode : 0
        highestCode = maximumCode
        inl = Float(core.adc.inlPeakLSB)
        adcVariance = Float(core.adc.noiseStandardDeviationLSB * core.adc.noiseStandardDeviationLSB)
        var multipliers = [Double](repeating: 0, count: weightSlices * paddedOutputs)
        for t in 0..<weightSlices {
            for o in 0..<outputs { multipliers[t * paddedOutputs + o] = weights.multiplier(ofDataColumn: t * outputs + o) }
        }
        self.multipliers = multipliers
        unitCoefficients = (0..<paddedOutputs).map { $0 < weights.outputs ? weights.unitCoefficient(ofOutput: $0) : 0 }
        sliceScale = core.slicing.slices.map { Double(1 << $0.shift) * ($0.isNegative ? -1 : 1) }
    }

    /// Converts one slice's sensed values and adds their shifted digital values into the
    /// scratch accumulator; returns how many conversions clipped.
    ///
    /// `noise` points at the slice's draws (one per sensed column, then the reference column's),
    /// or is `nil` for noise-free reads; `referenceSigma` is the reference column's read-noise
    /// deviation for this slice, levels.
    @inline(__always)
    func convert(
        row: UnsafePointer<Float>, variance: UnsafePointer<Float>?, noise: UnsafePointer<Float>?, referenceSigma: Float,
        sliceScale: Double, scratch: ReadoutScratch
    ) -> Int {
        scratch.row.update(from: row, count: sensed)
        if let variance { scratch.varianceRow.update(from: variance, count: sensed) }
        let reference = noise.map { referenceSigma * $0[sensed] } ?? 0
        var clipped = 0
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        for t in 0..<weightSlices {
            var k = 0
            while k < outputs {
                let c = t * outputs + k
                let (values, clips) = convertChunk(at: c, reference: reference, noise: noise, scratch: scratch)
                let valid = lanes .< SIMD8<Int32>(repeating: Int32(outputs - k))
                clipped += Int(SIMD8<Int32>(repeating: 0).replacing(with: 1, where: clips .& valid).wrappedSum())
                UnsafeMutableRawPointer(scratch.values + t * paddedOutputs + k).storeBytes(of: values, as: SIMD8<Float>.self)
                k += 8
            }
        }
        var unit = 0.0
        if let unitColumn {
            let (values, clips) = convertChunk(at: unitColumn, reference: reference, noise: noise, scratch: scratch)
            unit = Double(values[0])
            clipped += clips[0] ? 1 : 0
        }
        let scale = SIMD8<Double>(repeating: sliceScale)
        let unitValue = SIMD8<Double>(repeating: unit)
        multipliers.withUnsafeBufferPointer { m in
            unitCoefficients.withUnsafeBufferPointer { u in
                var k = 0
                while k < paddedOutputs {
                    var sum = unitValue * UnsafeRawPointer(u.baseAddress! + k).loadUnaligned(as: SIMD8<Double>.self)
                    for t in 0..<weightSlices {
                        let index = t * paddedOutputs + k
                        let value = SIMD8<Double>(UnsafeRawPointer(scratch.values + index).loadUnaligned(as: SIMD8<Float>.self))
                        sum.addProduct(value, UnsafeRawPointer(m.baseAddress! + index).loadUnaligned(as: SIMD8<Double>.self))
                    }
                    let accumulator = UnsafeMutableRawPointer(scratch.accumulator + k)
                    accumulator.storeBytes(
                        of: accumulator.loadUnaligned(as: SIMD8<Double>.self) + scale * sum, as: SIMD8<Double>.self)
                    k += 8
                }
            }
        }
        return clipped
    }

    /// The digital values of sensed columns c…c+7 (lanes past the real columns are garbage that
    /// zero multipliers discard) and which of them clipped.
    @inline(__always)
    private func convertChunk(
        at c: Int, reference: Float, noise: UnsafePointer<Float>?, scratch: ReadoutScratch
    ) -> (SIMD8<Float>, SIMDMask<SIMD8<Int32>>) {
        inverseStep.withUnsafeBufferPointer { inverse in
            step.withUnsafeBufferPointer { steps in
                let scale = UnsafeRawPointer(inverse.baseAddress! + c).loadUnaligned(as: SIMD8<Float>.self)
                var x = (UnsafeRawPointer(scratch.row + c).loadUnaligned(as: SIMD8<Float>.self) - reference) * scale
                if let noise {
                    let readVariance = UnsafeRawPointer(scratch.varianceRow + c).loadUnaligned(as: SIMD8<Float>.self)
                    let sigma = (readVariance * scale * scale + adcVariance).squareRoot()
                    x.addProduct(sigma, UnsafeRawPointer(noise + c).loadUnaligned(as: SIMD8<Float>.self))
                }
                let low = SIMD8<Float>(repeating: lowestCode)
                let high = SIMD8<Float>(repeating: highestCode)
                let clips = (x .< low - 0.5) .| (x .> high + 0.5)
                x = x.clamped(lowerBound: low, upperBound: high)
                if inl != 0 {
                    let p = (x - low) / (high - low)
                    x += inl * 4 * p * (1 - p)
                }
                let code = x.rounded(.toNearestOrEven).clamped(lowerBound: low, upperBound: high)
                let value = (code * UnsafeRawPointer(steps.baseAddress! + c).loadUnaligned(as: SIMD8<Float>.self))
                    .rounded(.toNearestOrEven)
                return (value, clips)
            }
        }
    }
}

/// Per-thread buffers of the readout, zero-initialised (padding lanes must hold finite values).
struct ReadoutScratch {
    /// One slice's sensed values, padded.
    let row: UnsafeMutablePointer<Float>
    /// One slice's read-noise variances, padded.
    let varianceRow: UnsafeMutablePointer<Float>
    /// Digital values of the data columns at t·paddedOutputs + o.
    let values: UnsafeMutablePointer<Float>
    /// Output accumulators (exact integers in `Double`).
    let accumulator: UnsafeMutablePointer<Double>
    /// One vector's normal draws (slices × noise stride); the allocation has 8 more zeros.
    let noise: UnsafeMutableBufferPointer<Float>
    private let outputs: Int
    private let paddedOutputs: Int

    init(plan: ReadoutPlan, slices: Int) {
        func zeros<T: Numeric>(_ count: Int, _ type: T.Type) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
            return pointer
        }
        row = zeros(plan.sensed + 8, Float.self)
        varianceRow = zeros(plan.sensed + 8, Float.self)
        values = zeros(plan.weightSlices * plan.paddedOutputs + 8, Float.self)
        accumulator = zeros(plan.paddedOutputs, Double.self)
        let draws = slices * plan.noiseStride
        noise = UnsafeMutableBufferPointer(start: zeros(draws + 8, Float.self), count: draws)
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
        row.deallocate()
        varianceRow.deallocate()
        values.deallocate()
        accumulator.deallocate()
        noise.baseAddress!.deallocate()
    }
}
