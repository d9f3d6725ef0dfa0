import Device
import Numerics
import TestSupport
import Testing

@testable import Circuit

@Suite("ADC offset, gain, DNL and zero inputs")
struct ADCColumnErrorsTests {
    static let samples = 2000

    /// One row of 4-bit differential cells read through one 1-bit input slice and a 5-bit signed
    /// ADC whose step is exactly one level (fixed full scale 15 = its largest code): output o is
    /// one conversion of column o, of input k_o = weight o.
    func core(weights: [Int32], adc: ADC) throws -> CrossbarCore {
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .differential)
        let slicing = try InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1)
        let (core, _) = try CircuitFixture.core(
            weights: Matrix(rows: 1, columns: weights.count, elements: weights), encoding: encoding, slicing: slicing, adc: adc,
            device: IdealDevice(bitsPerCell: 4))
        #expect(core.fixedFullScale == 15 && core.adc.maximumCode(signed: true) == 15)
        return core
    }

    /// Every output over `samples` reads of the input `input` (0 or 1), noise drawn.
    func reads(_ core: CrossbarCore, input: Int32, key: String) throws -> [[Double]] {
        let batch = Matrix<Int32>(rows: Self.samples, columns: 1, repeating: input)
        let result = try core.multiply(try core.slicing.slice(batch.view), reads: ReadRandomness(stream: RandomStream(seed: 31, key: key)))
        return (0..<core.weights.outputs).map { o in (0..<Self.samples).map { Double(result.outputs[$0, o]) } }
    }

    @Test("offset: repeated noisy conversions of k average k + o_c, with variance σ² + 1/12")
    func offset() throws {
        // σ = 1 LSB of noise dithers the rounding: E[round(μ + σz)] = μ within e^(−2π²σ²) ≈ 3e-9.
        let sigma = 1.0
        let weights: [Int32] = [0, 2, 5, -3, 1, -6, 4, 3]
        let core = try core(weights: weights, adc: ADC(resolutionBits: 5, noiseStandardDeviationLSB: sigma, offsetSigmaLSB: 1.5))
        let offsets = try #require(core.adcErrors).offsetLSB
        #expect(offsets.contains { abs($0) > 0.5 }, "some offset should move the code")
        let columns = try reads(core, input: 1, key: "test/adc/offset")
        let variance = sigma * sigma + 1.0 / 12
        for (o, values) in columns.enumerated() {
            let statistics = SampleStatistics(values)
            let expected = Double(weights[o]) + Double(offsets[o])
            #expect(abs(statistics.mean - expected) < 5 * SampleStatistics.standardErrorOfMean(standardDeviation: variance.squareRoot(), count: values.count))
            #expect(abs(statistics.variance - variance) < 5 * SampleStatistics.standardErrorOfNormalVariance(variance: variance, count: values.count))
        }
    }

    @Test("gain: repeated noisy conversions of k average (1 + ε_c)·k")
    func gain() throws {
        let weights = [Int32](repeating: 7, count: 8) + [Int32](repeating: -7, count: 8)
        let core = try core(weights: weights, adc: ADC(resolutionBits: 5, noiseStandardDeviationLSB: 1, gainErrorSigmaRelative: 0.08))
        let gains = try #require(core.adcErrors).gain
        #expect(gains.contains { abs($0 - 1) > 0.04 }, "some gain error should move the mean code by more than a quarter LSB")
        let columns = try reads(core, input: 1, key: "test/adc/gain")
        for (o, values) in columns.enumerated() {
            // Input k_o with noise σ = 1 LSB: E[code] = (1 + ε)·k, SD ≈ (1 + ε)·σ.
            let spread = (Double(gains[o] * gains[o]) + 1.0 / 12).squareRoot()
            let expected = Double(gains[o]) * Double(weights[o])
            #expect(abs(SampleStatistics(values).mean - expected) < 5 * SampleStatistics.standardErrorOfMean(standardDeviation: spread, count: values.count))
        }
    }

    @Test("a zero input converts to the column's offset: round(o_c), not 0, and the readout of zero inputs is the readout of zero vectors")
    func zeroInputs() throws {
        let weights: [Int32] = [0, 2, 5, -3, 1, -6, 4, 3]
        let quiet = try core(weights: weights, adc: ADC(resolutionBits: 5, offsetSigmaLSB: 1.5))
        #expect(!quiet.convertsZeroExactly)
        let offsets = try #require(quiet.adcErrors).offsetLSB
        let zero = try quiet.readoutOfZeroInputs(vectors: 3, reads: nil)
        for n in 0..<3 {
            for o in weights.indices {
                #expect(zero.outputs[n, o] == Int64(min(15, max(-15, offsets[o].rounded(.toNearestOrEven)))), "vector \(n), output \(o)")
            }
        }
        #expect(zero.convertedSlices == 3 && zero.arrayReadEnergyJoules == 0)
        #expect(offsets.contains { abs($0) > 0.5 }, "some zero input should read non-zero")
        // With noise, INL and DNL too, the zero-input readout equals the readout of explicit zero
        // vectors (same keyed draws), bit for bit.
        let noisy = try core(weights: weights, adc: ADC(resolutionBits: 5, noiseStandardDeviationLSB: 0.8, inlPeakLSB: 1.2, dnlSigmaLSB: 0.3, offsetSigmaLSB: 1.5))
        let indices = [4, 9, 100, 7]
        let reads = ReadRandomness(stream: RandomStream(seed: 5, key: "test/adc/zero"), vectorIndices: indices)
        let explicit = try noisy.multiply(noisy.slicing.slice(Matrix<Int32>(rows: indices.count, columns: 1).view), reads: reads)
        let direct = try noisy.readoutOfZeroInputs(vectors: indices.count, reads: reads)
        #expect(direct.outputs == explicit.outputs && direct.clippedConversions == explicit.clippedConversions)
        #expect(direct.outputs.elements.contains { $0 != 0 })
        // An ideal ADC converts 0 exactly; so does INL alone on unsigned columns (zero bow at code 0).
        #expect(try core(weights: weights, adc: ADC(resolutionBits: 5, gainErrorSigmaRelative: 0.05)).convertsZeroExactly)
        #expect(try ADC(resolutionBits: 5, inlPeakLSB: 2).convertsZeroExactly(columns: 4, signed: false, errors: nil))
        #expect(try !ADC(resolutionBits: 5, inlPeakLSB: 2).convertsZeroExactly(columns: 4, signed: true, errors: nil))
    }

    @Test("DNL: transitions displaced by σ, clipped to ±1/2 so they stay monotone, and a code is lo + #{t_k ≤ v}")
    func differentialNonlinearity() throws {
        for signed in [false, true] {
            let adc = try ADC(resolutionBits: 8, dnlSigmaLSB: 0.1)
            let errors = try #require(ADCColumnErrors(adc: adc, columns: 64, signed: signed, stream: RandomStream(seed: 3, key: "test/adc/dnl")))
            let dnl = try #require(errors.nonlinearity)
            let highest = adc.maximumCode(signed: signed)
            #expect(dnl.highestCode == highest && dnl.lowestCode == (signed ? -highest : 0))
            var deviations: [Double] = []
            for c in 0..<64 {
                for k in (dnl.lowestCode + 1)...dnl.highestCode {
                    let t = dnl.threshold(k, column: c)
                    #expect(t >= Float(k - 1) && t <= Float(k), "transition \(k) of column \(c) at \(t)")
                    if k > dnl.lowestCode + 1 { #expect(t >= dnl.threshold(k - 1, column: c)) }
                    deviations.append(Double(t) - (Double(k) - 0.5))
                }
            }
            // σ = 0.1 LSB: clipping at ±5σ is negligible; the deviations are N(0, σ²).
            let statistics = SampleStatistics(deviations)
            #expect(abs(statistics.mean) < 5 * SampleStatistics.standardErrorOfMean(standardDeviation: 0.1, count: deviations.count))
            #expect(abs(statistics.variance - 0.01) < 5 * SampleStatistics.standardErrorOfNormalVariance(variance: 0.01, count: deviations.count))
            // The code of v is the count of transitions at or below it.
            var stream = RandomStream(seed: 4, key: "test/adc/dnl/values")
            for _ in 0..<2000 {
                let c = Int(stream.next() % 64)
                let v = Float(Double(dnl.lowestCode) - 0.5 + stream.nextUniform() * Double(dnl.transitions + 1))
                let count = ((dnl.lowestCode + 1)...dnl.highestCode).filter { dnl.threshold($0, column: c) <= v }.count
                #expect(dnl.code(of: v, column: c) == Float(dnl.lowestCode + count), "v = \(v), column \(c)")
            }
        }
        // A wide σ clips: every transition still lies in [k − 1, k].
        let wide = try #require(ADCColumnErrors(adc: ADC(resolutionBits: 4, dnlSigmaLSB: 1), columns: 8, signed: false, stream: RandomStream(seed: 6, key: "test/adc/dnl/wide")))
        let dnl = try #require(wide.nonlinearity)
        for c in 0..<8 {
            for k in 1...15 { #expect(dnl.threshold(k, column: c) >= Float(k - 1) && dnl.threshold(k, column: c) <= Float(k)) }
        }
        #expect(dnl.thresholds.contains { $0 == $0.rounded() }, "σ = 1 LSB clips some transitions onto a code (a missing code)")
    }
}
