import Device
import Foundation
import Numerics

/// Helpers shared by the device tests: building devices from presets, programming populations,
/// and statistical yardsticks (tolerances come from the sample size, never from the code).
enum TestHelpers {
    /// The bundled preset `name` with `overrides` applied, as a device.
    static func device(_ name: String, _ overrides: [String: PresetValue] = [:]) throws -> any MemoryDevice {
        try DevicePreset.device(name, overriding: overrides)
    }

    /// `cells` cells of `device` programmed to `level` of `levelCount` from one stream.
    static func program(
        _ device: any MemoryDevice, level: Int, levelCount: Int, cells: Int, seed: UInt64 = 7
    ) -> [ProgrammedCell] {
        var stream = RandomStream(seed: seed, key: "test/\(device.name)/\(level)of\(levelCount)")
        return (0..<cells).map { _ in device.program(level: level, levelCount: levelCount, using: &stream) }
    }

    /// Whether `count` successes in `trials` are within 5 binomial standard deviations of
    /// `trials·probability` (plus one count, for the discreteness at tiny probabilities).
    static func isBinomialConsistent(count: Int, trials: Int, probability: Double) -> Bool {
        let mean = Double(trials) * probability
        let sigma = (Double(trials) * probability * (1 - probability)).squareRoot()
        return abs(Double(count) - mean) <= 5 * sigma + 1
    }

    /// E[f(z)] for z ~ N(0, 1), by composite Simpson quadrature on [−12, 12] with 24 000
    /// intervals (error far below any tolerance used here for smooth or kinked f).
    static func normalExpectation(_ f: (Double) -> Double) -> Double {
        let intervals = 24_000
        let lower = -12.0
        let step = 24.0 / Double(intervals)
        var sum = 0.0
        for i in 0...intervals {
            let z = lower + Double(i) * step
            let weight = i == 0 || i == intervals ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            sum += weight * f(z) * exp(-z * z / 2)
        }
        return sum * step / 3 / (2 * Double.pi).squareRoot()
    }

    /// The overrides that switch off every source of spread in a multi-level preset except the
    /// ones a test studies.
    static let noVariation: [String: PresetValue] = [
        "d2dSigmaRelative": 0, "d2dStepSigmaRelative": 0, "c2cStepSigmaRelative": 0, "stuckOnRate": 0,
        "stuckOffRate": 0,
    ]

    /// The override that makes a multi-level preset's verify reads exact (no read noise).
    static let exactVerifyReads: [String: [String: PresetValue]] = [
        "reram": ["readNoiseSigmaSiemens": 0], "pcm": ["readNoiseCoefficient": 0],
    ]
}
