import Device
import Numerics
import Testing

@testable import Circuit

@Suite("ADC range, clipping and rounding")
struct ADCTests {
    @Test("too few ADC bits: every output error is within the rounding bound", arguments: [WeightEncoding.SignScheme.differential, .offset])
    func roundingBound(sign: WeightEncoding.SignScheme) throws {
        var stream = RandomStream(seed: 11, key: "test/adc/rounding/\(sign)")
        let rows = 24
        let encoding = try WeightEncoding(weightBits: 6, bitsPerCell: 2, sign: sign)
        let slicing = try InputSlicing(inputBits: 6, isSigned: true, bitsPerSlice: 2)
        let weights = CircuitFixture.randomIntegers(rows: rows, columns: 5, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 40, columns: rows, in: slicing.inputRange, stream: &stream)
        let exact = CircuitFixture.integerProduct(inputs, weights)
        // Fixed full scale (levels): (2^d − 1)·R·(2^b − 1) = 3·24·3 = 216; lossless needs 8 bits (9 signed).
        let fullScale = 216.0
        let lossless = sign == .differential ? 9 : 8
        for missing in 1...3 {
            let bits = lossless - missing
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: bits),
                device: IdealDevice(bitsPerCell: 2))
            #expect(core.losslessADCBits == lossless)
            let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
            // Each conversion: |round(code·LSB) − k| ≤ LSB/2 + 1/2, LSB = full scale / largest code
            // (plus 1e-3 for the single-precision representation of the step); conversions are
            // weighted by 2^shift_s · 2^(b·t) and, for the offset scheme's unit column, 2^(W−1).
            let largestCode = Double(sign == .differential ? (1 << (bits - 1)) - 1 : (1 << bits) - 1)
            let perConversion = fullScale / largestCode / 2 + 0.5 + 1e-3
            let weightSum = 1.0 + 4 + 16 + (sign == .offset ? 32 : 0)
            let sliceSum = slicing.slices.reduce(0.0) { $0 + Double(1 << $1.shift) }
            let bound = perConversion * weightSum * sliceSum
            var worst = 0.0
            for n in 0..<inputs.rows {
                for o in 0..<weights.columns { worst = max(worst, Double(abs(result.outputs[n, o] - exact[n, o]))) }
            }
            #expect(worst <= bound, "\(bits) bits: worst error \(worst) > bound \(bound)")
            #expect(worst > 0, "\(bits) bits should lose information")
            #expect(result.clippedConversions == 0)
        }
    }

    @Test("percentile range clips every value above the column's percentile, and only those")
    func percentileClipping() throws {
        var stream = RandomStream(seed: 12, key: "test/adc/percentile")
        let rows = 30
        // One input slice and one weight slice: each output is one conversion.
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .differential)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let weights = CircuitFixture.randomIntegers(rows: rows, columns: 4, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 200, columns: rows, in: 0...1, stream: &stream)
        let exact = CircuitFixture.integerProduct(inputs, weights)
        for percentile in [50.0, 90.0, 100.0] {
            var (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing,
                adc: try ADC(resolutionBits: 12, rangePolicy: .calibrated, rangePercentile: percentile), device: IdealDevice(bitsPerCell: 4))
            let sliced = try slicing.slice(inputs.view)
            try core.calibrate(with: sliced)
            let result = try core.multiply(sliced, reads: nil)
            var expectedClips = 0
            for o in 0..<4 {
                // Nearest-rank percentile of |k| over the calibration batch, at least one level.
                let magnitudes = (0..<inputs.rows).map { abs(exact[$0, o]) }.sorted()
                let rank = Int((percentile / 100 * Double(magnitudes.count)).rounded(.up))
                let range = max(1, magnitudes[rank - 1])
                for n in 0..<inputs.rows {
                    let k = exact[n, o]
                    #expect(result.outputs[n, o] == min(max(k, -range), range), "p\(percentile) n\(n) o\(o)")
                    expectedClips += abs(k) > range ? 1 : 0
                }
            }
            #expect(result.clippedConversions == expectedClips)
            if percentile == 100 { #expect(expectedClips == 0) }
        }
    }

    @Test("a per-column calibrated range converts its calibration data exactly")
    func perColumnCalibration() throws {
        var stream = RandomStream(seed: 13, key: "test/adc/per-column")
        let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .offset, columnFlip: true)
        let slicing = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 1)
        let weights = CircuitFixture.randomIntegers(rows: 64, columns: 6, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 30, columns: 64, in: slicing.inputRange, stream: &stream)
        var (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing,
            adc: try ADC(resolutionBits: 8, rangePolicy: .calibrated), device: IdealDevice(bitsPerCell: 2))
        let sliced = try slicing.slice(inputs.view)
        #expect(throws: CircuitError.self) { try core.multiply(sliced, reads: nil) }
        try core.calibrate(with: sliced)
        let result = try core.multiply(sliced, reads: nil)
        #expect(result.outputs == CircuitFixture.integerProduct(inputs, weights))
        #expect(result.clippedConversions == 0)
    }

    @Test("integral nonlinearity bends mid-scale codes by its peak and leaves the ends")
    func integralNonlinearity() throws {
        // One row, one input bit, 4-bit weights on 4-bit cells (offset scheme): data column
        // D = w + 8 in 0…15 and unit column U = 1, each one conversion with a 4-bit ADC whose
        // step is exactly one level (fixed full scale 15).
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .offset)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let weights = Matrix<Int32>(rows: 1, columns: 16) { _, o in Int32(o - 8) }
        let inputs = Matrix<Int32>(rows: 1, columns: 1, repeating: 1)
        let (core, _) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 4, inlPeakLSB: 1),
            device: IdealDevice(bitsPerCell: 4))
        #expect(core.fixedFullScale == 15)
        let result = try core.multiply(try slicing.slice(inputs.view), reads: nil)
        func bent(_ k: Double) -> Double { (k + 4 * (k / 15) * (1 - k / 15)).rounded(.toNearestOrEven) }
        for o in 0..<16 {
            #expect(Double(result.outputs[0, o]) == bent(Double(o)) - 8 * bent(1), "D = \(o)")
        }
        #expect(result.outputs[0, 3] == 4 - 8, "mid-range codes move")
        #expect(result.outputs[0, 15] == 15 - 8, "the ends stay")
    }

    /// ADCs for the kernel test: (INL peak, DNL σ, offset σ, gain-error σ, noise σ), all in LSB but the gain.
    static let kernelCases: [(Double, Double, Double, Double, Double)] = [
        (0, 0, 0, 0, 0), (1.5, 0, 0, 0, 0), (0, 0, 2, 0.01, 0), (0, 0, 2, 0.01, 1.5), (0, 0.3, 0, 0, 0), (1.5, 0.3, 2, 0.01, 1.5),
    ]

    @Test("the readout kernel converts exactly as the scalar ADC.convert, bit for bit, with noise, INL, DNL, offset and gain", arguments: kernelCases)
    func kernelMatchesReference(inl: Double, dnl: Double, offset: Double, gain: Double, noise: Double) throws {
        var stream = RandomStream(seed: 17, key: "test/adc/kernel")
        for sign in [WeightEncoding.SignScheme.differential, .offset] {
            let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 2, sign: sign)
            let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 1)
            let weights = CircuitFixture.randomIntegers(rows: 16, columns: 7, in: encoding.weightRange, stream: &stream)
            let adc = try ADC(resolutionBits: 6, inlPeakLSB: inl, dnlSigmaLSB: dnl, offsetSigmaLSB: offset, gainErrorSigmaRelative: gain)
            let (core, _) = try CircuitFixture.core(
                weights: weights, encoding: encoding, slicing: slicing, adc: adc, device: IdealDevice(bitsPerCell: 2))
            #expect((core.adcErrors != nil) == (dnl > 0 || offset > 0 || gain > 0))
            let sensed = core.weights.sensedColumns
            let signed = sign == .differential
            // Per-column ranges, as a calibration sets them.
            let fullScale = (0..<sensed).map { _ in Float(1 + 200 * stream.nextUniform()) }
            let plan = ReadoutPlan(core: core, fullScale: fullScale)
            var sums = [Float](repeating: 0, count: plan.paddedSensed)
            var tail = [Float](repeating: 0, count: 8)
            for _ in 0..<200 {
                // Values inside the range and up to 30 % beyond either end.
                let row = fullScale.map { Float(stream.nextUniform() * 2.6 - (signed ? 1.3 : 0.3)) * $0 }
                // The same draws for kernel and reference: standard normals, per-column σ (LSB)
                // and the reference column's deviation (levels).
                let normals = (0..<plan.paddedSensed).map { _ in Float(stream.nextNormal()) }
                let sigma = (0..<plan.paddedSensed).map { $0 < sensed ? Float(noise * (0.5 + stream.nextUniform())) : 0 }
                let reference = noise > 0 ? Float(stream.nextNormal()) : 0
                sums = sums.map { _ in 0 }
                let clipped = plan.withKernel { kernel in
                    row.withUnsafeBufferPointer { values in
                        normals.withUnsafeBufferPointer { normals in
                            sigma.withUnsafeBufferPointer { sigma in
                                let draws: ReadoutKernel.Noise =
                                    noise > 0 ? .gaussian(normals: normals.baseAddress!, sigma: sigma.baseAddress!, reference: reference) : .none
                                return kernel.convert(row: values.baseAddress!, noise: draws, scale: 1, into: &sums, tail: &tail)
                            }
                        }
                    }
                }
                let maximum = Float(adc.maximumCode(signed: signed))
                let results = (0..<sensed).map { c in
                    // The column's input in LSB, formed as the readout forms it (one fused
                    // multiply-add where the build has them).
                    let inverse = maximum / fullScale[c]
                    let x = noise > 0
                        ? FastMath.multiplyAdd(SIMD8(repeating: sigma[c]), SIMD8(repeating: normals[c]), SIMD8(repeating: (row[c] - reference) * inverse))[0]
                        : row[c] * inverse
                    return adc.convert(x, step: fullScale[c] / maximum, signed: signed, column: c, errors: core.adcErrors)
                }
                // The kernel adds 1 × value into zeroed sums (so −0 reads as +0).
                for c in 0..<sensed {
                    #expect(sums[c].bitPattern == (0 + results[c].value).bitPattern, "\(sign) column \(c): \(row[c])")
                }
                #expect(clipped == results.filter(\.clipped).count)
            }
        }
    }
}
