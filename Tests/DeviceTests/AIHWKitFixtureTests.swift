import Device
import Foundation
import Numerics
import Testing

/// The fixtures IBM aihwkit 1.1.0 printed (`Experiments/peers/aihwkit/device_statistics.py`):
/// 200,000 cells per target, programmed and read at aihwkit's inference times.
struct AIHWKitStatistics: Decodable {
    /// Mean and sample standard deviation, µS.
    struct Summary: Decodable {
        let mean: Double
        let standardDeviation: Double
    }

    /// The population at one `t_inference`.
    struct TimePoint: Decodable {
        let inferenceSeconds: Double
        /// Drift only (PCM).
        let drifted: Summary?
        /// What `apply_drift_noise_to_conductance` returned.
        let read: Summary
    }

    /// One target conductance.
    struct Target: Decodable {
        let targetMicrosiemens: Double
        let programmed: Summary
        let times: [TimePoint]
    }

    let cells: Int
    let targets: [Target]

    static func load(_ name: String) throws -> AIHWKitStatistics {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try JSONDecoder().decode(AIHWKitStatistics.self, from: Data(contentsOf: url))
    }
}

/// `pcm-aihwkit` and `reram-aihwkit` against aihwkit's own samples. Two independent samples of
/// n = 200,000 from the same distribution differ in mean by at most 5·√(s²/n + s²/n) and in σ
/// by at most 5·√2·SE(s), SE(s) = √((m₄ − s⁴)/n)/(2s) from this sample's fourth central moment
/// (the distributions are not normal: clipped, folded, drifted); on top, the bounds
/// (mean within 2 %, σ within 5 %) must hold.
@Suite("aihwkit fixtures")
struct AIHWKitFixtureTests {
    /// Mean, σ and fourth central moment of a sample, µS.
    struct Moments {
        let count: Double
        let mean: Double
        let standardDeviation: Double
        let fourthMoment: Double

        init(_ siemens: [Double]) {
            let values = siemens.map { $0 * 1e6 }
            count = Double(values.count)
            mean = Statistics.mean(values)
            standardDeviation = Statistics.standardDeviation(values)
            let m = mean
            fourthMoment = values.reduce(0) { $0 + pow($1 - m, 4) } / count
        }

        /// Whether aihwkit's `reference` is the same distribution, within sampling error and the
        /// issue's 2 % (mean) and 5 % (σ) bounds.
        func matches(_ reference: AIHWKitStatistics.Summary, cells: Int, _ label: String) {
            let n = Double(cells)
            let meanTolerance = 5 * (standardDeviation * standardDeviation / count
                + reference.standardDeviation * reference.standardDeviation / n).squareRoot()
            let s = standardDeviation
            let sigmaError = (max(0, fourthMoment - s * s * s * s) / count).squareRoot() / (2 * s)
            let sigmaTolerance = 5 * 2.0.squareRoot() * sigmaError
            #expect(abs(mean - reference.mean) <= meanTolerance, "\(label): mean \(mean) vs aihwkit \(reference.mean) µS")
            #expect(abs(mean - reference.mean) <= 0.02 * reference.mean, "\(label): mean beyond 2 %")
            #expect(
                abs(s - reference.standardDeviation) <= sigmaTolerance,
                "\(label): σ \(s) vs aihwkit \(reference.standardDeviation) µS (tolerance \(sigmaTolerance))")
            #expect(abs(s - reference.standardDeviation) <= 0.05 * reference.standardDeviation, "\(label): σ beyond 5 %")
        }
    }

    /// `cells` cells of `device` programmed to `target` siemens, read at `seconds` with deviates
    /// from their own stream.
    static func population(_ device: any ConductanceProgrammable, target: Double, cells: Int) -> [ProgrammedCell] {
        var stream = RandomStream(seed: 11, key: "test/aihwkit/\(device.name)/\(target)")
        return (0..<cells).map { _ in device.program(targetSiemens: target, using: &stream) }
    }

    static func reads(_ device: any MemoryDevice, _ cells: [ProgrammedCell], atSeconds seconds: Double) -> [Double] {
        var stream = RandomStream(seed: 12, key: "test/aihwkit/read/\(seconds)")
        return cells.map {
            device.read($0, atSeconds: seconds, frozenDeviate: stream.nextNormal(), perConversionDeviate: stream.nextNormal())
        }
    }

    static let pcm = try! AIHWKitStatistics.load("aihwkit-pcm-statistics.json")
    static let reram = try! AIHWKitStatistics.load("aihwkit-reram-statistics.json")

    @Test("pcm-aihwkit: programmed, drifted and read conductance match PCMLikeNoiseModel", arguments: 0..<6)
    func pcmLike(index: Int) throws {
        let reference = Self.pcm.targets[index]
        let device = try #require(try TestHelpers.device("pcm-aihwkit") as? any ConductanceProgrammable)
        let target = reference.targetMicrosiemens * 1e-6
        let cells = Self.population(device, target: target, cells: Self.pcm.cells)
        let label = "\(reference.targetMicrosiemens) µS"
        Moments(cells.map(\.conductanceSiemens)).matches(reference.programmed, cells: Self.pcm.cells, label + " programmed")
        for point in reference.times {
            let drifted = try #require(point.drifted)
            let t = point.inferenceSeconds
            Moments(cells.map { device.conductance(of: $0, atSeconds: t) })
                .matches(drifted, cells: Self.pcm.cells, label + " drifted at \(t) s")
            Moments(Self.reads(device, cells, atSeconds: t)).matches(point.read, cells: Self.pcm.cells, label + " read at \(t) s")
        }
    }

    @Test("reram-aihwkit: programmed and read conductance match ReRamWan2022NoiseModel", arguments: 0..<6)
    func reramWan(index: Int) throws {
        let reference = Self.reram.targets[index]
        let device = try #require(try TestHelpers.device("reram-aihwkit") as? any ConductanceProgrammable)
        let target = reference.targetMicrosiemens * 1e-6
        let cells = Self.population(device, target: target, cells: Self.reram.cells)
        let label = "\(reference.targetMicrosiemens) µS"
        Moments(cells.map(\.conductanceSiemens)).matches(reference.programmed, cells: Self.reram.cells, label + " programmed")
        for point in reference.times {
            Moments(Self.reads(device, cells, atSeconds: point.inferenceSeconds))
                .matches(point.read, cells: Self.reram.cells, label + " read at \(point.inferenceSeconds) s")
        }
    }
}
