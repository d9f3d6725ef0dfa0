import Numerics

extension CrossbarCore {
    /// Converts sensed values and recombines them: noise, sample-and-hold, ADC (gain and offset,
    /// range, clipping, INL, DNL), reading codes back as integers, un-flipping, offset removal
    /// and shift-and-add. All-zero slices are converted as any other (their values are 0) unless
    /// ``skipsZeroSlices``.
    ///
    /// `currents` holds noise-free column currents ((vectors·slices) × ``sensedLevels`` columns,
    /// levels), e.g. from ``currents(_:threads:)`` or a column block of one GEMM over several
    /// arrays that share rows; they must be finite. For a resistive array they are the sensed
    /// values; an SRAM array's are followed by its negative bitlines' currents, and a slice that
    /// may leave the bitlines' linear range is re-read as differences of bitline drops
    /// (``BitlineReadout``) before the ADC. `variances`, if given, holds codes² × ``ColumnReadNoise/variance`` for
    /// the same rows (otherwise it is computed when needed); a core whose read noise is the same
    /// on every column (``ColumnReadNoise/uniformVariance``) needs and reads neither. One vectorized pass
    /// per converted slice; no allocation per conversion. Output element (n, o) is
    /// Σ_t m_to·[Σ_s ±2^(shift_s)·v(n,s,t,o)] + γ_o·[Σ_s ±2^(shift_s)·U(n,s)] with v the values
    /// read back, m_to = ±2^(b·t) (negative when flipped), U the unit column (or, under
    /// ``InputSumSource/digitalPopcount``, the exact Σ_i code_i of the slice) and γ_o its
    /// coefficient. Normal draws are made for converted slices only, keyed by vector, slice and
    /// column (``ReadRandomness``). The read energy is ``ArrayReadPower``'s; `inputGram`, if given,
    /// is ``ArrayReadPower/inputGram(_:threads:)`` of `inputs` (shared by the arrays of one row block).
    public func readout(
        currents: MatrixView<Float>, inputs: SlicedInputs, variances: MatrixView<Float>?, reads: ReadRandomness?,
        inputGram: Matrix<Double>? = nil, threads: Int? = nil
    ) throws -> MVMResult {
        try checkInputs(inputs)
        let vectors = inputs.vectors
        let slices = inputs.slicesPerVector
        let sensed = weights.sensedColumns
        guard currents.rows == vectors * slices, currents.columns == sensedLevels.columns else {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "currents", expected: "\(vectors * slices)×\(sensedLevels.columns)",
                actual: "\(currents.rows)×\(currents.columns)")
        }
        if let variances, variances.rows != currents.rows || variances.columns != sensed {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "variances", expected: "\(currents.rows)×\(sensed)",
                actual: "\(variances.rows)×\(variances.columns)")
        }
        let noisy = reads != nil && hasNoise
        var varianceView: MatrixView<Float>?
        if noisy, let readNoise, readNoise.uniformVariance == nil {
            varianceView = variances ?? readNoise.conversionVariances(codes: inputs.codes, binary: slicing.maximumCode == 1, threads: threads).view
        }
        let tallies = try currents.withUnsafePointer { currentStart, currentStride in
            try withOptionalView(varianceView) { varianceStart, varianceStride in
                try inputs.codes.withUnsafeBufferPointer { codes in
                    try inputs.active.withUnsafeBufferPointer { active in
                        try convert(
                            vectors: vectors, reads: reads, currents: currentStart, currentStride: currentStride,
                            variances: varianceStart, varianceStride: varianceStride, codes: codes.baseAddress!, codeStride: inputs.rows,
                            active: active.baseAddress, threads: threads)
                    }
                }
            }
        }
        if let inputGram, inputGram.rows != inputs.rows || inputGram.columns != inputs.rows {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "inputGram", expected: "\(inputs.rows)×\(inputs.rows)",
                actual: "\(inputGram.rows)×\(inputGram.columns)")
        }
        let energy = bitlineReadout.map {
            $0.energyJoules(levelSum: tallies.bitlineLevels, bitlineReads: tallies.convertedSlices * $0.physicalColumns.count)
        } ?? readPower.energyJoules(
            inputs, inputGram: inputGram, codeStepVolts: readVoltageVolts / Double(slicing.maximumCode), pulseSeconds: readPulseSeconds)
        return MVMResult(
            outputs: tallies.outputs, arrayReadEnergyJoules: energy,
            convertedSlices: tallies.convertedSlices, clippedConversions: tallies.clippedConversions)
    }

    /// The readout of `vectors` input vectors whose every slice is all zero, without their
    /// (zero) sensed values: each column's ADC converts an analog 0, which with offset, noise,
    /// INL or DNL need not read code 0 (``ADC/convertsZeroExactly(columns:signed:errors:)``).
    /// Equal to ``readout(currents:inputs:variances:reads:threads:)`` of the same zero vectors
    /// (no current, so no read noise and no read energy but an SRAM bitline's leakage; the ADC's noise is drawn as there, keyed
    /// by the vectors' global indices in `reads`); with ``skipsZeroSlices`` nothing is converted
    /// and the outputs are 0.
    public func readoutOfZeroInputs(vectors: Int, reads: ReadRandomness?, threads: Int? = nil) throws -> MVMResult {
        try CircuitError.require(vectors, in: 0...Int.max, owner: "CrossbarCore.readoutOfZeroInputs", field: "vectors")
        let zeros = [Float](repeating: 0, count: Swift.max(weights.weightRows, sensedLevels.columns, plan?.paddedSensed ?? 0))
        let tallies = try zeros.withUnsafeBufferPointer { zero in
            try convert(
                vectors: vectors, reads: reads, currents: zero.baseAddress!, currentStride: 0, variances: nil, varianceStride: 0, codes: zero.baseAddress!, codeStride: 0,
                active: nil, threads: threads)
        }
        // No current flows, so the resistive cells draw nothing; SRAM bitlines still leak while converted.
        let energy = bitlineReadout.map { $0.energyJoules(levelSum: 0, bitlineReads: tallies.convertedSlices * $0.physicalColumns.count) } ?? 0
        return MVMResult(
            outputs: tallies.outputs, arrayReadEnergyJoules: energy, convertedSlices: tallies.convertedSlices,
            clippedConversions: tallies.clippedConversions)
    }

    /// Whether conversions are noisy when given draws: the cells' read noise or the ADC's own.
    private var hasNoise: Bool { readNoise != nil || adc.noiseStandardDeviationLSB > 0 }

    /// Converts and recombines the slices of `vectors` vectors over raw storage: slice r's sensed
    /// values at `currents + r·currentStride`, its variances (if any) at `variances + r·varianceStride`,
    /// its codes at `codes + r·codeStride`, whether it has a non-zero code in `active[r]` (`nil`:
    /// none has); noise is drawn from `reads` if given and the core is noisy.
    private func convert(
        vectors: Int, reads: ReadRandomness?, currents: UnsafePointer<Float>, currentStride: Int, variances: UnsafePointer<Float>?,
        varianceStride: Int, codes: UnsafePointer<Float>, codeStride: Int, active: UnsafePointer<Bool>?, threads: Int?
    ) throws -> (outputs: Matrix<Int64>, convertedSlices: Int, clippedConversions: Int, bitlineLevels: Double) {
        guard let plan else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore.readout", field: "adc.rangePolicy", value: "\(adc.rangePolicy) (not calibrated)",
                allowed: "a core calibrated with calibrate(with:) first, or the 'fixed' policy")
        }
        let reads = hasNoise ? reads : nil
        let noisy = reads != nil
        let sharedVariance = noisy ? readNoise?.uniformVariance : nil
        let referenceVariance = noisy ? readNoise?.referenceVariance : nil
        let outputs = UnsafeMutableBufferPointer<Int64>.allocate(capacity: vectors * weights.outputs)
        let perVector = UnsafeMutableBufferPointer<ReadoutJob.Tally>.allocate(capacity: vectors)
        defer {
            outputs.deallocate()
            perVector.deallocate()
        }
        let workers = max(1, threads ?? Parallel.defaultThreadCount)
        let chunkSize = workers == 1 ? max(1, vectors) : max(8, (vectors + 4 * workers - 1) / (4 * workers))
        plan.withKernel { kernel in
            withOptionalArray(sharedVariance) { shared in
                withOptionalArray(referenceVariance) { reference in
                    let job = UncheckedSendable(
                        ReadoutJob(
                            kernel: kernel, slices: slicing.slices.count, rows: weights.weightRows, reads: reads,
                            skipsZeroSlices: skipsZeroSlices, currents: currents, currentStride: currentStride, variances: variances,
                            varianceStride: varianceStride, codes: codes, codeStride: codeStride, active: active, sharedVariance: shared,
                            referenceVariance: reference, outputs: outputs.baseAddress!, tallies: perVector.baseAddress!))
                    Parallel.forEachChunk(vectors, chunkSize: chunkSize, threads: workers) { chunk in
                        let scratch = ReadoutScratch(plan: job.value.kernel.plan)
                        defer { scratch.deallocate() }
                        for n in chunk { job.value.run(vector: n, scratch: scratch) }
                    }
                }
            }
        }
        let tallies = Array(perVector)
        return (
            Matrix(rows: vectors, columns: weights.outputs, elements: Array(outputs)), tallies.reduce(0) { $0 + $1.convertedSlices },
            tallies.reduce(0) { $0 + $1.clippedConversions }, tallies.reduce(0) { $0 + $1.bitlineLevels }
        )
    }
}

extension ReadoutPlan {
    /// Calls `body` with a kernel over this plan's storage (valid only inside `body`).
    func withKernel<R>(_ body: (ReadoutKernel) throws -> R) rethrows -> R {
        try inverseStep.withUnsafeBufferPointer { inverse in
            try step.withUnsafeBufferPointer { step in
                try withOptionalArray(gain) { gain in
                    try withOptionalArray(offset) { offset in
                        try withOptionalArray(transitions) { transitions in
                            try body(
                                ReadoutKernel(
                                    plan: self, inverseStep: inverse.baseAddress!, step: step.baseAddress!, gain: gain, offset: offset,
                                    transitions: transitions))
                        }
                    }
                }
            }
        }
    }
}

/// One readout over raw storage: every pointer is valid for the duration of
/// ``CrossbarCore/readout(currents:inputs:variances:reads:inputGram:threads:)``, and each vector writes
/// only its own output row and tally.
private struct ReadoutJob {
    /// What one vector's reads add up to.
    struct Tally {
        /// Slices converted.
        var convertedSlices: Int
        /// Conversions that clipped.
        var clippedConversions: Int
        /// Σ of the bitline drops of the converted slices, levels (SRAM arrays).
        var bitlineLevels: Double
    }

    let kernel: ReadoutKernel
    /// Input slices per vector.
    let slices: Int
    /// Weight rows driven (codes per slice).
    let rows: Int
    let reads: ReadRandomness?
    let skipsZeroSlices: Bool
    let currents: UnsafePointer<Float>
    let currentStride: Int
    let variances: UnsafePointer<Float>?
    let varianceStride: Int
    let codes: UnsafePointer<Float>
    let codeStride: Int
    /// Whether each slice has a non-zero code, or `nil` when none has.
    let active: UnsafePointer<Bool>?
    let sharedVariance: UnsafePointer<Float>?
    let referenceVariance: UnsafePointer<Float>?
    let outputs: UnsafeMutablePointer<Int64>
    let tallies: UnsafeMutablePointer<Tally>

    /// Reads every slice of vector `n` and stores its outputs and tally.
    func run(vector n: Int, scratch: ReadoutScratch) {
        let plan = kernel.plan
        let firstGroup = reads.map { UInt64($0.globalIndex(ofVector: n) * slices * plan.noiseGroups) }
        scratch.totals.update(repeating: 0, count: plan.sensed)
        var tally = Tally(convertedSlices: 0, clippedConversions: 0, bitlineLevels: 0)
        let bitline = plan.bitline
        // Σ_s ±2^(shift_s)·Σ_i code_i(s), exact in Double: the digital popcount of every slice.
        var inputSum = 0.0
        plan.sliceScales.withUnsafeBufferPointer { scales in
            for s in 0..<slices {
                let r = n * slices + s
                if skipsZeroSlices && !(active?[r] ?? false) { continue }
                if plan.flushBefore[s] { scratch.flush() }
                tally.convertedSlices += 1
                if plan.countsInputSum {
                    var count: Float = 0
                    for i in 0..<rows { count += codes[r * codeStride + i] }
                    inputSum += Double(scales[s]) * Double(count)
                }
                var noise = ReadoutKernel.Noise.none
                if let reads, let firstGroup {
                    noise = ColumnReadNoise.draw(
                        kernel: kernel, reads: reads, group: firstGroup + UInt64(s * plan.noiseGroups), codes: codes + r * codeStride, rows: rows,
                        variances: variances.map { $0 + r * varianceStride }, shared: sharedVariance, reference: referenceVariance,
                        normals: scratch.normals, sigma: scratch.sigma)
                }
                var row = currents + r * currentStride
                if let bitline {
                    let sensed = bitline.sense(row, codes: codes + r * codeStride, rows: rows, drops: scratch.drops, into: scratch.drained)
                    tally.bitlineLevels += sensed.levelSum
                    row = sensed.values
                }
                tally.clippedConversions += kernel.convert(row: row, noise: noise, scale: scales[s], into: scratch.sums, tail: scratch.tail)
            }
        }
        scratch.flush()
        let out = outputs + n * plan.outputs
        let totals = scratch.totals
        let unit = plan.countsInputSum ? inputSum : plan.unitColumn.map { totals[$0] } ?? 0
        plan.dataMultipliers.withUnsafeBufferPointer { multipliers in
            plan.unitCoefficients.withUnsafeBufferPointer { coefficients in
                for o in 0..<plan.outputs {
                    var sum = coefficients[o] * unit
                    for t in 0..<plan.weightSlices {
                        let c = t * plan.outputs + o
                        sum += multipliers[c] * totals[c]
                    }
                    out[o] = Int64(sum)
                }
            }
        }
        tallies[n] = tally
    }
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
