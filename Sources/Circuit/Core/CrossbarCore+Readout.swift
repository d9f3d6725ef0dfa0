import Numerics

extension CrossbarCore {
    /// Converts sensed values and recombines them: noise, sample-and-hold, ADC (range, clipping,
    /// INL), reading codes back as integers, un-flipping, offset removal and shift-and-add.
    ///
    /// `currents` holds noise-free sensed values ((vectors·slices) × sensed columns, levels), e.g.
    /// from ``currents(_:threads:)`` or a column block of one GEMM over several arrays that share
    /// rows; they must be finite. `variances`, if given, holds codes² × ``readNoiseVariance`` for
    /// the same rows (otherwise it is computed when needed). One vectorized pass per slice; no
    /// allocation per conversion. Output element (n, o) is
    /// Σ_s ±2^(shift_s)·[Σ_t m_to·v(n,s,t,o) + γ_o·U(n,s)] with v the values read back,
    /// m_to = ±2^(b·t) (negative when flipped), U the unit column and γ_o its coefficient.
    public func readout(
        currents: MatrixView<Float>, inputs: SlicedInputs, variances: MatrixView<Float>?, reads: ReadRandomness?,
        threads: Int? = nil
    ) throws -> MVMResult {
        try checkInputs(inputs)
        let vectors = inputs.vectors
        let slices = inputs.slicesPerVector
        let sensed = weights.sensedColumns
        guard currents.rows == vectors * slices, currents.columns == sensed else {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "currents", expected: "\(vectors * slices)×\(sensed)",
                actual: "\(currents.rows)×\(currents.columns)")
        }
        guard let fullScale else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore.readout", field: "adc.rangePolicy", value: "\(adc.rangePolicy) (not calibrated)",
                allowed: "a core calibrated with calibrate(with:) first, or the 'fixed' policy")
        }
        if let variances, variances.rows != currents.rows || variances.columns != sensed {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "variances", expected: "\(currents.rows)×\(sensed)",
                actual: "\(variances.rows)×\(variances.columns)")
        }
        let noisy = reads != nil && (readNoiseVariance != nil || adc.noiseStandardDeviationLSB > 0)
        var varianceView: MatrixView<Float>?
        if noisy, let readNoiseVariance {
            if let variances {
                varianceView = variances
            } else {
                let squared = slicing.maximumCode == 1 ? inputs.codes : inputs.codes.map { $0 * $0 }
                var out = Matrix<Float>(rows: squared.rows, columns: sensed)
                GEMM.multiply(squared.view, readNoiseVariance.view, into: &out, threads: threads)
                varianceView = out.view
            }
        }
        let plan = ReadoutPlan(core: self, fullScale: fullScale)
        let rowConductance = rowConductanceSiemens.map(Float.init)
        let referenceVariance = noisy ? referenceNoiseVariance : nil
        let outputs = UnsafeMutableBufferPointer<Int64>.allocate(capacity: vectors * weights.outputs)
        let perVector = UnsafeMutableBufferPointer<ReadoutJob.Tally>.allocate(capacity: vectors)
        defer {
            outputs.deallocate()
            perVector.deallocate()
        }
        plan.withKernel { kernel in
            currents.withUnsafePointer { currentStart, currentStride in
                withOptionalView(varianceView) { varianceStart, varianceStride in
                    inputs.codes.withUnsafeBufferPointer { codes in
                        rowConductance.withUnsafeBufferPointer { conductance in
                            withOptionalArray(referenceVariance) { reference in
                                let job = UncheckedSendable(
                                    ReadoutJob(
                                        kernel: kernel, inputs: inputs, reads: noisy ? reads : nil, skipsZeroSlices: skipsZeroSlices,
                                        currents: currentStart, currentStride: currentStride, variances: varianceStart,
                                        varianceStride: varianceStride, codes: codes.baseAddress!,
                                        rowConductance: conductance.baseAddress!, referenceVariance: reference,
                                        outputs: outputs.baseAddress!, tallies: perVector.baseAddress!))
                                Parallel.forEachChunk(vectors, chunkSize: 8, threads: threads) { chunk in
                                    let scratch = ReadoutScratch(plan: job.value.kernel.plan, slices: slices)
                                    defer { scratch.deallocate() }
                                    for n in chunk { job.value.run(vector: n, scratch: scratch) }
                                }
                            }
                        }
                    }
                }
            }
        }
        let tallies = Array(perVector)
        let convertedSlices = tallies.reduce(0) { $0 + $1.convertedSlices }
        let codeStep = readVoltageVolts / Double(slicing.maximumCode)
        var actions = ActionCounts()
        actions.add(.dacConversion, convertedSlices * weights.weightRows)
        actions.add(.cellRead, convertedSlices * weights.weightRows * arrayColumns)
        actions.add(.sampleAndHold, convertedSlices * sensed)
        actions.add(.adcConversion, convertedSlices * sensed)
        actions.add(.shiftAdd, convertedSlices * (weights.dataColumns + (weights.hasUnitColumn ? weights.outputs : 0)))
        return MVMResult(
            outputs: Matrix(rows: vectors, columns: weights.outputs, elements: Array(outputs)), actions: actions,
            arrayReadEnergyJoules: tallies.reduce(0) { $0 + $1.drivenPower } * codeStep * codeStep * readPulseSeconds,
            convertedSlices: convertedSlices, clippedConversions: tallies.reduce(0) { $0 + $1.clippedConversions })
    }
}

/// One readout over raw storage: every pointer is valid for the duration of
/// ``CrossbarCore/readout(currents:inputs:variances:reads:threads:)``, and each vector writes
/// only its own output row and tally.
private struct ReadoutJob {
    /// What one vector's reads add up to.
    struct Tally {
        /// Σ over converted slices and rows of code²·G (siemens per code step²).
        var drivenPower: Double
        /// Slices converted.
        var convertedSlices: Int
        /// Conversions that clipped.
        var clippedConversions: Int
    }

    let kernel: ReadoutKernel
    let inputs: SlicedInputs
    let reads: ReadRandomness?
    let skipsZeroSlices: Bool
    let currents: UnsafePointer<Float>
    let currentStride: Int
    let variances: UnsafePointer<Float>?
    let varianceStride: Int
    let codes: UnsafePointer<Float>
    let rowConductance: UnsafePointer<Float>
    let referenceVariance: UnsafePointer<Float>?
    let outputs: UnsafeMutablePointer<Int64>
    let tallies: UnsafeMutablePointer<Tally>

    /// Reads every slice of vector `n` and stores its outputs and tally.
    func run(vector n: Int, scratch: ReadoutScratch) {
        let plan = kernel.plan
        let slices = inputs.slicesPerVector
        let rows = inputs.rows
        if let reads {
            var stream = reads.stream(forVector: n)
            stream.fillNormal(scratch.noise, threads: 1)
        }
        scratch.clearAccumulator()
        var tally = Tally(drivenPower: 0, convertedSlices: 0, clippedConversions: 0)
        for s in 0..<slices {
            let r = n * slices + s
            if skipsZeroSlices && !inputs.active[r] { continue }
            let (power, referenceSpread) = rowSums(codes + r * rows, count: rows)
            tally.drivenPower += Double(power)
            tally.convertedSlices += 1
            tally.clippedConversions += kernel.convert(
                row: currents + r * currentStride, variance: variances.map { $0 + r * varianceStride },
                noise: reads == nil ? nil : scratch.noise.baseAddress! + s * plan.noiseStride,
                referenceSigma: referenceSpread.squareRoot(), slice: s, scratch: scratch)
        }
        scratch.store(into: outputs + n * plan.outputs)
        tallies[n] = tally
    }

    /// Σ_i a_i²·G_i (the read power in code units) and, with a reference column,
    /// Σ_i a_i²·σ²_ref,i, for one slice's codes.
    @inline(__always)
    private func rowSums(_ codes: UnsafePointer<Float>, count: Int) -> (Float, Float) {
        let power = squaredDot(codes, rowConductance, count: count)
        return (power, referenceVariance.map { squaredDot(codes, $0, count: count) } ?? 0)
    }
}

/// Σ_i a_i²·w_i, in four independent vector sums (a single one would wait on every add).
@inline(__always)
private func squaredDot(_ a: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Float {
    var sums = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
    func term(_ i: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        return (x * x, UnsafeRawPointer(w + i).loadUnaligned(as: SIMD8<Float>.self))
    }
    var i = 0
    while i + 32 <= count {
        let (x0, w0) = term(i)
        let (x1, w1) = term(i + 8)
        let (x2, w2) = term(i + 16)
        let (x3, w3) = term(i + 24)
        sums.0.addProduct(x0, w0)
        sums.1.addProduct(x1, w1)
        sums.2.addProduct(x2, w2)
        sums.3.addProduct(x3, w3)
        i &+= 32
    }
    while i + 8 <= count {
        let (x, w) = term(i)
        sums.0.addProduct(x, w)
        i &+= 8
    }
    var total = ((sums.0 + sums.1) + (sums.2 + sums.3)).sum()
    while i < count {
        total += a[i] * a[i] * w[i]
        i &+= 1
    }
    return total
}

/// Calls `body` with the view's start and row stride, or with `nil` and 0.
private func withOptionalView<R>(
    _ view: MatrixView<Float>?, _ body: (UnsafePointer<Float>?, Int) throws -> R
) rethrows -> R {
    guard let view else { return try body(nil, 0) }
    return try view.withUnsafePointer { try body($0, $1) }
}

/// Calls `body` with the array's start, or `nil`.
private func withOptionalArray<R>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0.baseAddress!) }
}
