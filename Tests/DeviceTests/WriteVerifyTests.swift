import Device
import Foundation
import Numerics
import Testing

/// Write-verify on the ReRAM preset: closed-form pulse counts without noise, Wald's identities
/// with cycle-to-cycle noise, and the verify invariant with every source of spread on.
@Suite("Write-verify")
struct WriteVerifyTests {
    // The ReRAM preset's pulse response (NeuroSim TaOx/HfOx, MLP+NeuroSim V3.0 Table II).
    let pulses = 128.0
    let alpha = 0.0316788
    let gMin = 1 / (25_000.0 * 10)
    let gMax = 1 / 25_000.0
    let tolerance = 0.01

    /// The ReRAM preset with no spread at all except what `extra` turns back on.
    func reram(_ extra: [String: PresetValue] = [:]) throws -> any MemoryDevice {
        try TestHelpers.device(
            "reram",
            TestHelpers.noVariation.merging(["programmingNoiseCoefficientsRelative": [0], "readNoiseSigmaSiemens": 0]) { $1 }
                .merging(extra) { $1 })
    }

    @Test(
        "without noise, pulses, conductance and cost follow u(p) = B(1 − e^(−αp/P))",
        arguments: [(0, 4), (1, 4), (2, 4), (3, 4), (9, 16), (15, 16)])
    func closedForm(level: Int, levelCount: Int) throws {
        let device = try reram()
        let saturation = 1 / (1 - exp(-alpha))
        let threshold = Double(level) / Double(levelCount - 1) - tolerance
        let exact = threshold <= 0 ? 0 : pulses / alpha * log(saturation / (saturation - threshold))
        let n = Int(exact.rounded(.up))
        #expect(n == 0 || exact.rounded(.up) - exact > 1e-6, "the crossing must not sit on a pulse boundary")
        func g(_ p: Int) -> Double { gMin + (gMax - gMin) * saturation * (1 - exp(-alpha * Double(p) / pulses)) }
        var energy = 0.5 * 0.5 * g(0) * 10e-9
        for p in stride(from: 1, through: n, by: 1) {
            energy += 1.6 * 1.6 * 0.5 * (g(p - 1) + g(p)) * 50e-9 + 0.5 * 0.5 * g(p) * 10e-9
        }
        for cell in TestHelpers.program(device, level: level, levelCount: levelCount, cells: 3) {
            #expect(cell.cost.pulses == n)
            #expect(cell.cost.enduranceCycles == n)
            #expect(cell.verified)
            #expect(abs(cell.conductanceSiemens - g(n)) <= 1e-12 * gMax)
            #expect(abs(cell.cost.energyJoules - energy) <= 1e-9 * energy)
            #expect(abs(cell.cost.latencySeconds - (Double(n) * 60e-9 + 10e-9)) <= 1e-15)
        }
    }

    @Test("with cycle-to-cycle noise the pulse counts satisfy both of Wald's identities")
    func waldIdentities() throws {
        // Each SET pulse multiplies B − u by 1 − k(1 + σz): ln(B − u) falls by i.i.d.
        // D = −ln(1 − k(1 + σz)). For the stopping time N, E[S_N − N·μ_D] = 0 and
        // E[(S_N − N·μ_D)²] = σ_D²·E[N] with S_N = ln(B/(B − u_N)) (Wald's first and second
        // equations), whatever the stopping rule: they pin the mean and the spread of the step.
        let device = try reram(["c2cStepSigmaRelative": 0.3])
        let sigma = 0.3
        let k = -expm1(-alpha / pulses)
        let saturation = 1 / (1 - exp(-alpha))
        let meanStep = TestHelpers.normalExpectation { -log(1 - k * (1 + sigma * $0)) }
        let stepVariance = TestHelpers.normalExpectation { pow(-log(1 - k * (1 + sigma * $0)), 2) } - meanStep * meanStep
        let cells = TestHelpers.program(device, level: 2, levelCount: 4, cells: 4000)
        var first: [Double] = []
        var second: [Double] = []
        for cell in cells {
            let u = (cell.conductanceSiemens - gMin) / (gMax - gMin)
            let travelled = log(saturation / (saturation - u))
            let deviation = travelled - Double(cell.cost.pulses) * meanStep
            first.append(deviation)
            second.append(deviation * deviation - stepVariance * Double(cell.cost.pulses))
        }
        let n = Double(cells.count)
        #expect(abs(Statistics.mean(first)) <= 5 * Statistics.standardDeviation(first) / n.squareRoot())
        #expect(abs(Statistics.mean(second)) <= 5 * Statistics.standardDeviation(second) / n.squareRoot())
        #expect(Statistics.standardDeviation(cells.map { Double($0.cost.pulses) }) > 0)
    }

    @Test("with exact verify reads, write-verify never reports success outside the tolerance", arguments: ["reram", "pcm"])
    func verifiedMeansWithinTolerance(name: String) throws {
        let device = try TestHelpers.device(
            name, ["programmingNoiseCoefficientsRelative": [0], "stuckOnRate": 0.01].merging(TestHelpers.exactVerifyReads[name]!) { $1 })
        let window = device.conductanceMaxSiemens - device.conductanceMinSiemens
        let maximum = name == "reram" ? 512 : 400
        var unverified = 0
        for levelCount in [4, 16] {
            for level in 0..<levelCount {
                let target = device.targetConductance(level: level, levelCount: levelCount)
                for cell in TestHelpers.program(device, level: level, levelCount: levelCount, cells: 150) {
                    if cell.verified {
                        #expect(abs(cell.conductanceSiemens - target) <= tolerance * window * (1 + 1e-12))
                    } else {
                        unverified += 1
                        #expect(cell.cost.pulses == maximum || cell.fault != .none)
                    }
                }
            }
        }
        #expect(unverified > 0, "1 % stuck-on cells cannot all be verified")
    }

    @Test("with the presets' noisy verify reads some cells verify outside the tolerance", arguments: ["reram", "pcm"])
    func noisyVerify(name: String) throws {
        // One verify read of a cell at G accepts it with probability P(|G + σζ − T| ≤ tol); a
        // cell whose true G is outside the band is accepted only through the noise. With exact
        // reads no verified cell is outside (test above); with the presets' read noise some are.
        let quiet: [String: PresetValue] = ["programmingNoiseCoefficientsRelative": [0], "stuckOnRate": 0, "stuckOffRate": 0]
        let device = try TestHelpers.device(name, quiet)
        let window = device.conductanceMaxSiemens - device.conductanceMinSiemens
        let target = device.targetConductance(level: 2, levelCount: 4)
        let cells = TestHelpers.program(device, level: 2, levelCount: 4, cells: 4000).filter(\.verified)
        let outside = cells.filter { abs($0.conductanceSiemens - target) > tolerance * window }
        #expect(cells.count > 3000)
        #expect(outside.count > 0, "\(name): read noise must let some cells verify outside ±\(tolerance * window) S")
    }

    @Test("with steps larger than the tolerance band the loop overshoots, resets, and still only verifies inside it")
    func overshootAndReset() {
        let verify = WriteVerify(
            toleranceSiemens: 0.2e-6, maximumPulses: 60, readVoltageVolts: 0.2, readPulseSeconds: 10e-9,
            readNoise: .gaussian(GaussianReadNoise(sigmaRelative: 0, sigmaSiemens: 0)))
        let pulse = WritePulse(voltageVolts: 1, widthSeconds: 50e-9)
        for reset in [WriteVerify.Reset.gradual(PulseResponse(pulsesFullWindow: 20, nonlinearity: 0.5)), .abrupt] {
            let cell = WriteVerify.Cell(
                lowSiemens: 1e-6, spanSiemens: 20e-6, set: PulseResponse(pulsesFullWindow: 20, nonlinearity: 1),
                reset: reset, setPulse: pulse, resetPulse: pulse, c2cSigmaRelative: 0.3, remainingCycles: 1000)
            var stream = RandomStream(seed: 3, key: "test/overshoot")
            var resets = 0
            var verified = 0
            for _ in 0..<2000 {
                let outcome = verify.program(cell, targetSiemens: 11e-6, using: &stream)
                resets += outcome.resetPulses
                if outcome.verified {
                    verified += 1
                    #expect(abs(outcome.conductanceSiemens - 11e-6) <= 0.2e-6)
                } else {
                    #expect(outcome.setPulses + outcome.resetPulses == 60)
                }
            }
            #expect(resets > 0 && verified > 0)
        }
    }
}
