import Device
import Foundation
import Numerics
import Testing

/// Programming noise, faults and endurance of the multi-level devices (ReRAM, PCM).
@Suite("Multi-level programming")
struct MultiLevelDeviceTests {
    /// σ(G) in µS from the published fits (aihwkit), at their reference G_max.
    static func publishedSigma(_ name: String, relative x: Double) -> Double {
        let microsiemens =
            name == "pcm"
            ? 0.26348 + 1.9650 * x - 1.1731 * x * x
            : 0.348 + 16.030 * x - 43.853 * x * x + 45.393 * pow(x, 3) - 16.815 * pow(x, 4)
        return microsiemens * 1e-6
    }

    @Test(
        "the programmed σ matches the model's σ(G) at several levels",
        arguments: [("reram", 1), ("reram", 2), ("reram", 3), ("pcm", 1), ("pcm", 2), ("pcm", 3)])
    func programmingSigma(name: String, level: Int) throws {
        // Without device-to-device or cycle-to-cycle spread and with exact verify reads every
        // cell's write-verify is the same, so the whole spread is the post-verify noise
        // N(0, σ(G_target)²).
        let device = try TestHelpers.device(
            name, TestHelpers.noVariation.merging(TestHelpers.exactVerifyReads[name]!) { $1 })
        let target = device.targetConductance(level: level, levelCount: 4)
        let expected = Self.publishedSigma(name, relative: target / device.conductanceMaxSiemens)
        let cells = TestHelpers.program(device, level: level, levelCount: 4, cells: 6000)
        let values = cells.map(\.conductanceSiemens)
        let n = Double(values.count)
        // The sample σ of n normal values has relative standard error 1/√(2(n − 1)).
        #expect(abs(Statistics.standardDeviation(values) / expected - 1) <= 5 / (2 * (n - 1)).squareRoot())
        let window = device.conductanceMaxSiemens - device.conductanceMinSiemens
        #expect(abs(Statistics.mean(values) - target) <= 0.01 * window + 5 * expected / n.squareRoot())
    }

    @Test("stuck-at faults occur at their configured rates and keep their conductance", arguments: ["reram", "pcm", "sttmram", "sram"])
    func stuckAtRates(name: String) throws {
        let device = try TestHelpers.device(name, ["stuckOnRate": 0.04, "stuckOffRate": 0.02])
        let levelCount = 1 << device.bitsPerCell
        let cells = TestHelpers.program(device, level: levelCount / 2, levelCount: levelCount, cells: 6000)
        let on = cells.filter { $0.fault == .stuckOn }
        let off = cells.filter { $0.fault == .stuckOff }
        #expect(TestHelpers.isBinomialConsistent(count: on.count, trials: cells.count, probability: 0.04))
        #expect(TestHelpers.isBinomialConsistent(count: off.count, trials: cells.count, probability: 0.02))
        let middle = 0.5 * (device.conductanceMinSiemens + device.conductanceMaxSiemens)
        #expect(on.allSatisfy { $0.conductanceSiemens > middle })
        #expect(off.allSatisfy { $0.conductanceSiemens < middle })
        for cell in on + off {
            #expect(device.conductance(of: cell, atSeconds: 3e7) == cell.conductanceSiemens)
        }
    }

    @Test("a cell stops responding when its endurance runs out during programming")
    func wearOutDuringProgramming() throws {
        let device = try TestHelpers.device(
            "reram",
            TestHelpers.noVariation.merging([
                "programmingNoiseCoefficientsRelative": [0], "enduranceCycles": 100, "enduranceLogSigma": 0,
            ]) { $1 })
        let low = TestHelpers.program(device, level: 1, levelCount: 4, cells: 5)
        #expect(low.allSatisfy { $0.fault == .none && $0.verified && $0.cost.pulses < 100 })
        // The top level needs about 127 pulses: the cell freezes after 100, where
        // u = B(1 − e^(−α·100/P)), and write-verify spends its whole budget.
        let alpha = 0.0316788
        let saturation = 1 / (1 - exp(-alpha))
        let frozen = 4e-6 + 36e-6 * saturation * (1 - exp(-alpha * 100 / 128))
        for cell in TestHelpers.program(device, level: 3, levelCount: 4, cells: 5) {
            #expect(cell.fault == .wornOut && !cell.verified && cell.cost.pulses == 512)
            #expect(abs(cell.conductanceSiemens - frozen) <= 1e-12)
        }
    }

    @Test("cells of a chip that has used its endurance are worn out at the lognormal rate")
    func priorWear() throws {
        // Endurance N = N₅₀·e^(0.5·z); with prior cycles N₅₀·e^0.5 a cell is already worn out
        // when z < 1: probability Φ(1) = 0.841345.
        let device = try TestHelpers.device("pcm", ["enduranceCycles": 1e6, "priorWriteCycles": .number(1e6 * exp(0.5))])
        let cells = TestHelpers.program(device, level: 2, levelCount: 4, cells: 4000)
        let worn = cells.filter { $0.fault == .wornOut }.count
        #expect(TestHelpers.isBinomialConsistent(count: worn, trials: cells.count, probability: 0.841345))
    }

    @Test("levels keep 3 d2d σ inside the window, so almost every cell reaches the top level", arguments: ["reram", "pcm"])
    func guardBand(name: String) throws {
        let device = try TestHelpers.device(name, ["stuckOnRate": 0, "stuckOffRate": 0])
        let low = device.conductanceMinSiemens
        let window = device.conductanceMaxSiemens - low
        #expect(abs(device.targetConductance(level: 0, levelCount: 4) - low * exp(0.15)) <= 1e-12 * low)
        #expect(abs(device.targetConductance(level: 3, levelCount: 4) - (low + window * exp(-0.15))) <= 1e-12 * window)
        // A cell misses the top level only if its span is more than 3σ short (probability
        // 0.00135) less the tolerance's slack; bound the unverified count by that rate.
        let cells = TestHelpers.program(device, level: 3, levelCount: 4, cells: 20_000)
        let unverified = cells.count { !$0.verified }
        #expect(Double(unverified) <= 20_000 * 0.00135 + 5 * (20_000 * 0.00135).squareRoot() + 1, "\(name): \(unverified) unverified")
    }

    @Test("a spread too wide for a 3σ band caps each guard band at a quarter of the window", arguments: ["reram", "pcm"])
    func guardBandLimit(name: String) throws {
        // At σ = 50 % a 3σ band would be G_min·(e^1.5 − 1) = 3.5 G_min at the bottom and
        // (1 − e^−1.5) = 78 % of the window at the top: they would cross.
        let device = try TestHelpers.device(name, ["d2dSigmaRelative": 0.5])
        let low = device.conductanceMinSiemens
        let window = device.conductanceMaxSiemens - low
        let top = device.targetConductance(level: 3, levelCount: 4)
        let bottom = device.targetConductance(level: 0, levelCount: 4)
        #expect(abs(top - (device.conductanceMaxSiemens - window / 4)) <= 1e-12 * window)
        #expect(bottom <= low + window / 4 * (1 + 1e-12))
        #expect(top - bottom >= window / 2 * (1 - 1e-12))
    }
}
