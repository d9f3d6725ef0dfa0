import Foundation
import Numerics
import TestSupport
import Testing

@Suite("Deterministic random streams")
struct RandomStreamTests {
    /// Samples per statistical check: large enough that 5 standard errors are small (0.5 % of σ
    /// for a mean), small enough for a debug build.
    static let sampleCount = 1 << 20

    /// `count` floats from a bulk fill.
    static func filled(_ count: Int, _ fill: (inout RandomStream, UnsafeMutableBufferPointer<Float>) -> Void, key: String) -> [Float] {
        var stream = RandomStream(seed: 7, key: key)
        var values = [Float](repeating: .nan, count: count)
        values.withUnsafeMutableBufferPointer { fill(&stream, $0) }
        return values
    }

    // MARK: Determinism

    @Test("The same (seed, key) gives the same numbers whatever the creation order and interleaving")
    func creationOrder() {
        var first = RandomStream(seed: 7, key: "layer3/array12/program")
        let firstNumbers = (0..<20).map { _ in first.next() }
        // Other streams created before, and drawn from in between, change nothing.
        var other = RandomStream(seed: 7, key: "layer3/array11/program")
        var again = RandomStream(seed: 7, key: "layer3/array12/program")
        var interleaved = [UInt64]()
        for _ in 0..<20 {
            _ = other.next()
            interleaved.append(again.next())
        }
        #expect(interleaved == firstNumbers)
    }

    @Test("Bulk fills give identical numbers on 1 and 8 threads")
    func fillThreadIndependence() {
        // Several chunks of 16,384 values, and a tail that is not a multiple of 32.
        let count = 70_001
        let fills: [(String, (inout RandomStream, UnsafeMutableBufferPointer<Float>, Int) -> Void)] = [
            ("uniform", { $0.fillUniform($1, threads: $2) }),
            ("normal", { $0.fillNormal($1, mean: 1, standardDeviation: 2, threads: $2) }),
            ("lognormal", { $0.fillLognormal($1, mu: 0.1, sigma: 0.5, threads: $2) }),
        ]
        for (name, fill) in fills {
            let one = Self.filled(count, { fill(&$0, $1, 1) }, key: "fill/\(name)")
            let eight = Self.filled(count, { fill(&$0, $1, 8) }, key: "fill/\(name)")
            #expect(one.map(\.bitPattern) == eight.map(\.bitPattern), "\(name)")
            #expect(!one.contains { $0.isNaN }, "\(name)")
        }
        var stream1 = RandomStream(seed: 7, key: "fill/bernoulli")
        var stream8 = stream1
        var one = [Bool](repeating: false, count: count)
        var eight = one
        one.withUnsafeMutableBufferPointer { stream1.fillBernoulli($0, probability: 0.3, threads: 1) }
        eight.withUnsafeMutableBufferPointer { stream8.fillBernoulli($0, probability: 0.3, threads: 8) }
        #expect(one == eight)
    }

    @Test("A bulk fill starts at the next unused block and takes word i mod 4 of block i / 4")
    func fillLayout() {
        var scalar = RandomStream(seed: 7, key: "layout")
        _ = (scalar.next(), scalar.next())  // all of block 0
        var words = [UInt32]()
        for _ in 0..<10 {  // blocks 1…5
            let value = scalar.next()
            words += [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        }
        var bulk = RandomStream(seed: 7, key: "layout")
        _ = bulk.next()  // half of block 0: the fill drops the rest and starts at block 1
        var values = [Float](repeating: 0, count: 18)
        values.withUnsafeMutableBufferPointer { bulk.fillUniform($0) }
        #expect(values == words.prefix(18).map { Float($0 >> 8) * 0x1p-24 })
        #expect(bulk.blockIndex == 1 + 5)  // 18 values use blocks 1…5 (the last one partly)
        #expect(bulk.next() == scalar.next())  // both continue with block 6
    }

    @Test("Different keys, seeds and child paths give different streams; child(k) is key + \"/\" + k")
    func keys() {
        func prefix(_ stream: RandomStream) -> [UInt64] {
            var stream = stream
            return (0..<8).map { _ in stream.next() }
        }
        let streams = [
            RandomStream(seed: 7, key: "a"), RandomStream(seed: 7, key: "b"), RandomStream(seed: 8, key: "a"),
            RandomStream(seed: 7, key: "a/b"), RandomStream(seed: 7, key: ""), RandomStream(seed: 0, key: ""),
        ]
        let prefixes = streams.map(prefix)
        #expect(Set(prefixes).count == streams.count)
        let parent = RandomStream(seed: 7, key: "a")
        #expect(prefix(parent.child("b")) == prefix(RandomStream(seed: 7, key: "a/b")))
        #expect(prefix(RandomStream(seed: 7, key: "").child("b")) == prefix(RandomStream(seed: 7, key: "b")))
    }

    // MARK: Distributions

    @Test("Uniform samples lie in [0, 1) with mean 1/2 and variance 1/12")
    func uniform() {
        let n = Self.sampleCount
        let filled = Self.filled(n, { $0.fillUniform($1) }, key: "uniform")
        #expect(filled.allSatisfy { $0 >= 0 && $0 < 1 })
        var stream = RandomStream(seed: 7, key: "uniform/scalar")
        let scalar = (0..<n).map { _ in stream.nextUniform() }
        #expect(scalar.allSatisfy { $0 >= 0 && $0 < 1 })
        // Var(U) = 1/12; the sample variance has standard error √((μ₄ − σ⁴)/n), μ₄ = 1/80.
        let varianceError = ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot()
        for statistics in [SampleStatistics(filled), SampleStatistics(scalar)] {
            let meanError = SampleStatistics.standardErrorOfMean(standardDeviation: (1.0 / 12).squareRoot(), count: n)
            #expect(abs(statistics.mean - 0.5) < 5 * meanError)
            #expect(abs(statistics.variance - 1.0 / 12) < 5 * varianceError)
        }
    }

    @Test("Normal samples have the requested mean and variance and normal tail frequencies")
    func normal() {
        let n = Self.sampleCount
        let (mean, deviation) = (3.0, 2.0)
        let filled = Self.filled(n, { $0.fillNormal($1, mean: Float(mean), standardDeviation: Float(deviation)) }, key: "normal")
        var stream = RandomStream(seed: 7, key: "normal/scalar")
        let scalar = (0..<n).map { _ in stream.nextNormal(mean: mean, standardDeviation: deviation) }
        let samples: [(String, [Double])] = [("fillNormal", filled.map(Double.init)), ("nextNormal", scalar)]
        for (name, values) in samples {
            let statistics = SampleStatistics(values)
            let meanError = SampleStatistics.standardErrorOfMean(standardDeviation: deviation, count: n)
            let varianceError = SampleStatistics.standardErrorOfNormalVariance(variance: deviation * deviation, count: n)
            #expect(abs(statistics.mean - mean) < 5 * meanError, "\(name) mean \(statistics.mean)")
            #expect(abs(statistics.variance - deviation * deviation) < 5 * varianceError, "\(name) variance \(statistics.variance)")
            // P(|Z| < 1) = erf(1/√2) and P(|Z| > 3) = erfc(3/√2) pin down the shape, not just two moments.
            for (threshold, inside) in [(1.0, true), (3.0, false)] {
                let p = inside ? erf(threshold / 2.0.squareRoot()) : erfc(threshold / 2.0.squareRoot())
                let hits = values.count { (abs($0 - mean) < threshold * deviation) == inside }
                let frequencyError = SampleStatistics.standardErrorOfFrequency(probability: p, count: n)
                #expect(abs(Double(hits) / Double(n) - p) < 5 * frequencyError, "\(name) P(|z| \(inside ? "<" : ">") \(threshold))")
            }
        }
    }

    @Test("Random-access normals are a pure function of the group, standard normal, and leave the stream's position alone")
    func randomAccessNormals() {
        let groups: UInt64 = 2048
        var all = [Float](repeating: 0, count: Int(groups) * 32)
        var stream = RandomStream(seed: 7, key: "normal/random-access")
        _ = stream.next()
        all.withUnsafeMutableBufferPointer { stream.normals(groups: 0..<groups, into: $0.baseAddress!) }
        var part = [Float](repeating: 0, count: 3 * 32)
        // Asked for alone and in another order, groups 1000…1002 are the same samples.
        part.withUnsafeMutableBufferPointer { buffer in
            for g in [1002, 1000, 1001] as [UInt64] {
                stream.normals(groups: g..<g + 1, into: buffer.baseAddress! + Int(g - 1000) * 32)
            }
        }
        #expect(part == Array(all[1000 * 32 ..< 1003 * 32]))
        var reference = RandomStream(seed: 7, key: "normal/random-access")
        _ = reference.next()
        #expect(stream.next() == reference.next())
        let values = all.map(Double.init)
        let statistics = SampleStatistics(values)
        let n = values.count
        #expect(abs(statistics.mean) < 5 * SampleStatistics.standardErrorOfMean(standardDeviation: 1, count: n))
        #expect(abs(statistics.variance - 1) < 5 * SampleStatistics.standardErrorOfNormalVariance(variance: 1, count: n))
    }

    @Test("Lognormal samples have logarithms with mean mu and deviation sigma")
    func lognormal() {
        let n = Self.sampleCount
        let (mu, sigma) = (-0.4, 0.3)
        let filled = Self.filled(n, { $0.fillLognormal($1, mu: Float(mu), sigma: Float(sigma)) }, key: "lognormal")
        var stream = RandomStream(seed: 7, key: "lognormal/scalar")
        let scalar = (0..<n).map { _ in stream.nextLognormal(mu: mu, sigma: sigma) }
        #expect(filled.allSatisfy { $0 > 0 } && scalar.allSatisfy { $0 > 0 })
        for logs in [filled.map { Foundation.log(Double($0)) }, scalar.map { Foundation.log($0) }] {
            let statistics = SampleStatistics(logs)
            #expect(abs(statistics.mean - mu) < 5 * SampleStatistics.standardErrorOfMean(standardDeviation: sigma, count: n))
            #expect(
                abs(statistics.variance - sigma * sigma)
                    < 5 * SampleStatistics.standardErrorOfNormalVariance(variance: sigma * sigma, count: n))
        }
    }

    @Test("Bernoulli draws are true at the requested rate", arguments: [0.3, 0.001])
    func bernoulli(probability: Double) {
        let n = Self.sampleCount
        var stream = RandomStream(seed: 7, key: "bernoulli/\(probability)")
        var filled = [Bool](repeating: false, count: n)
        filled.withUnsafeMutableBufferPointer { stream.fillBernoulli($0, probability: probability) }
        let scalar = (0..<n).map { _ in stream.nextBernoulli(probability: probability) }
        let error = SampleStatistics.standardErrorOfFrequency(probability: probability, count: n)
        for draws in [filled, scalar] {
            #expect(abs(Double(draws.count { $0 }) / Double(n) - probability) < 5 * error)
        }
    }

    @Test("Bernoulli probabilities 0 and 1 (and beyond) are never and always true")
    func bernoulliExtremes() {
        var stream = RandomStream(seed: 7, key: "bernoulli/extremes")
        var draws = [Bool](repeating: false, count: 1000)
        draws.withUnsafeMutableBufferPointer { stream.fillBernoulli($0, probability: 0) }
        #expect(!draws.contains(true))
        draws.withUnsafeMutableBufferPointer { stream.fillBernoulli($0, probability: 1) }
        #expect(!draws.contains(false))
        #expect((0..<1000).allSatisfy { _ in !stream.nextBernoulli(probability: -0.5) && stream.nextBernoulli(probability: 1.5) })
    }

    @Test("As a RandomNumberGenerator, a stream drives the standard library's random APIs reproducibly")
    func randomNumberGenerator() {
        var first = RandomStream(seed: 7, key: "stdlib")
        var second = RandomStream(seed: 7, key: "stdlib")
        let a = (0..<100).map { _ in Int.random(in: -50...50, using: &first) }
        let b = (0..<100).map { _ in Int.random(in: -50...50, using: &second) }
        #expect(a == b)
        #expect(Set(a).count > 50)
        #expect([1, 2, 3, 4, 5].shuffled(using: &first) == [1, 2, 3, 4, 5].shuffled(using: &second))
    }
}
