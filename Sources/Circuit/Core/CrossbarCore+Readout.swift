import Numerics

extension CrossbarCore {
    /// Converts sensed values and recombines them: noise, sample-and-hold, ADC (range, clipping,
    /// INL), reading codes back as integers, un-flipping, offset removal and shift-and-add.
    ///
    /// `currents` holds noise-free sensed values ((vectors·slices) × sensed columns, levels), e.g.
    /// from ``currents(_:threads:)`` or a column block of one GEMM over several arrays that share
    /// rows. `variances`, if given, holds codes² × ``readNoiseVariance`` for the same rows
    /// (otherwise it is computed when needed). One vectorized pass per slice; no allocation per
    /// conversion. Output element (n, o) is
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
        let noisy = reads != nil && (readNoiseVariance != nil || adc.noiseStandardDeviationLSB > 0)
        var varianceStorage: Matrix<Float>?
        if noisy, variances == nil, let readNoiseVariance {
            let squared = slicing.maximumCode == 1 ? inputs.codes : inputs.codes.map { $0 * $0 }
            var out = Matrix<Float>(rows: squared.rows, columns: sensed)
            GEMM.multiply(squared.view, readNoiseVariance.view, into: &out, threads: threads)
            varianceStorage = out
        }
        if let variances, variances.rows != currents.rows || variances.columns != sensed {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore.readout", field: "variances", expected: "\(currents.rows)×\(sensed)",
                actual: "\(variances.rows)×\(variances.columns)")
        }
        let varianceView = noisy && readNoiseVariance != nil ? (variances ?? varianceStorage?.view) : nil
        let plan = ReadoutPlan(core: self, fullScale: fullScale)
        var outputs = Matrix<Int64>(rows: vectors, columns: weights.outputs)
        var energyPerVector = [Double](repeating: 0, count: vectors)
        var convertedPerVector = [Int](repeating: 0, count: vectors)
        var clippedPerVector = [Int](repeating: 0, count: vectors)
        let codeStep = readVoltageVolts / Double(slicing.maximumCode)
        let energyScale = codeStep * codeStep * readPulseSeconds
        let rowConductance = rowConductanceSiemens.map(Float.init)
        let referenceVariance = noisy ? referenceNoiseVariance : nil
        let skip = skipsZeroSlices
        currents.withUnsafePointer { currentStart, currentStride in
            withOptionalPointer(varianceView) { varianceStart, varianceStride in
                inputs.codes.withUnsafeBufferPointer { codes in
                    outputs.withUnsafeMutableBufferPointer { out in
                        energyPerVector.withUnsafeMutableBufferPointer { energy in
                            convertedPerVector.withUnsafeMutableBufferPointer { converted in
                                clippedPerVector.withUnsafeMutableBufferPointer { clipped in
                                    let shared = UncheckedSendable(
                                        (currentStart, varianceStart, codes, out, energy, converted, clipped))
                                    Parallel.forEachChunk(vectors, chunkSize: 8, threads: threads) { chunk in
                                        let (currentStart, varianceStart, codes, out, energy, converted, clipped) = shared.value
                                        let scratch = ReadoutScratch(plan: plan, slices: slices)
                                        defer { scratch.deallocate() }
                                        for n in chunk {
                                            if noisy, let reads {
                                                var stream = reads.stream(forVector: n)
                                                stream.fillNormal(scratch.noise, threads: 1)
                                            }
                                            scratch.clearAccumulator()
                                            var vectorEnergy = 0.0
                                            var vectorConverted = 0
                                            var vectorClipped = 0
                                            for s in 0..<slices {
                                                let r = n * slices + s
                                                if skip && !inputs.active[r] { continue }
                                                let codeRow = codes.baseAddress! + r * inputs.rows
                                                let (driven, referenceSpread) = Self.rowSums(
                                                    codeRow, count: inputs.rows, conductance: rowConductance,
                                                    referenceVariance: referenceVariance)
                                                vectorEnergy += Double(driven)
                                                vectorConverted += 1
                                                vectorClipped += plan.convert(
                                                    row: currentStart + r * currentStride,
                                                    variance: varianceStart.map { $0 + r * varianceStride },
                                                    noise: noisy ? scratch.noise.baseAddress! + s * plan.noiseStride : nil,
                                                    referenceSigma: referenceSpread.squareRoot(), sliceScale: plan.sliceScale[s],
                                                    scratch: scratch)
                                            }
                                            scratch.store(into: out.baseAddress! + n * plan.outputs)
                                            energy[n] = vectorEnergy * energyScale
                                            converted[n] = vectorConverted
                                            clipped[n] = vectorClipped
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let convertedSlices = convertedPerVector.reduce(0, +)
        var actions = ActionCounts()
        actions.add(.dacConversion, convertedSlices * weights.weightRows)
        actions.add(.cellRead, convertedSlices * weights.weightRows * arrayColumns)
        actions.add(.sampleAndHold, convertedSlices * sensed)
        actions.add(.adcConversion, convertedSlices * sensed)
        actions.add(.shiftAdd, convertedSlices * (weights.dataColumns + (weights.hasUnitColumn ? weights.outputs : 0)))
        return MVMResult(
            outputs: outputs, actions: actions, arrayReadEnergyJoules: energyPerVector.reduce(0, +),
            convertedSlices: convertedSlices, clippedConversions: clippedPerVector.reduce(0, +))
    }

    /// Σ_i a_i²·G_i (the read power in code units) and Σ_i a_i²·σ²_ref,i for one slice's codes.
    private static func rowSums(
        _ codes: UnsafePointer<Float>, count: Int, conductance: [Float], referenceVariance: [Float]?
    ) -> (Float, Float) {
        var power = SIMD8<Float>()
        var spread = SIMD8<Float>()
        var i = 0
        conductance.withUnsafeBufferPointer { g in
            referenceVariance.withOptionalBuffer { v in
                while i + 8 <= count {
                    let a = UnsafeRawPointer(codes + i).loadUnaligned(as: SIMD8<Float>.self)
                    let a2 = a * a
                    power.addProduct(a2, UnsafeRawPointer(g.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self))
                    if let v { spread.addProduct(a2, UnsafeRawPointer(v.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)) }
                    i += 8
                }
                var tailPower: Float = 0
                var tailSpread: Float = 0
                while i < count {
                    let a2 = codes[i] * codes[i]
                    tailPower += a2 * g[i]
                    if let v { tailSpread += a2 * v[i] }
                    i += 1
                }
                power[0] += tailPower
                spread[0] += tailSpread
            }
        }
        return (power.sum(), spread.sum())
    }
}

/// Calls `body` with the view's start and row stride, or with `nil` and 0.
private func withOptionalPointer<R>(
    _ view: MatrixView<Float>?, _ body: (UnsafePointer<Float>?, Int) throws -> R
) rethrows -> R {
    guard let view else { return try body(nil, 0) }
    return try view.withUnsafePointer { try body($0, $1) }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with the array's buffer, or `nil`.
    fileprivate func withOptionalBuffer<R>(_ body: (UnsafeBufferPointer<Float>?) throws -> R) rethrows -> R {
        guard let self else { return try body(nil) }
        return try self.withUnsafeBufferPointer { try body($0) }
    }
}
