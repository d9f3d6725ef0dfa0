import Device
import Foundation
import Numerics
import Testing

/// STT-MRAM switching and retention against the macrospin closed forms.
@Suite("STT-MRAM")
struct STTMRAMDeviceTests {
    // The preset: R_P = 1.4 kΩ, R_AP = 3.92 kΩ, 1 V writes, Δ = 60, I_c0 = 128 µA, τ_D = τ₀ = 1 ns.
    let current = 1 / 3920.0
    let base: [String: PresetValue] = ["d2dSigmaRelative": 0, "stuckOnRate": 0, "stuckOffRate": 0]

    @Test("the write error rate versus pulse width follows the precessional closed form", arguments: [2e-9, 3e-9, 4e-9, 5e-9])
    func precessional(pulseSeconds: Double) throws {
        let device = try TestHelpers.device("sttmram", base.merging(["writePulseSeconds": .number(pulseSeconds)]) { $1 })
        let i = current / 128e-6
        let expected = 1 - exp(-Double.pi * Double.pi * 60 / 4 * exp(-2 * (i - 1) * pulseSeconds / 1e-9))
        let cells = TestHelpers.program(device, level: 1, levelCount: 2, cells: 20_000)
        let failures = cells.filter { !$0.verified }
        #expect(TestHelpers.isBinomialConsistent(count: failures.count, trials: cells.count, probability: expected))
        #expect(failures.allSatisfy { $0.conductanceSiemens == device.conductanceMinSiemens })
    }

    @Test("below the critical current the write error rate follows thermal activation", arguments: [50e-6, 100e-6, 300e-6])
    func thermal(pulseSeconds: Double) throws {
        // I_c0 chosen so that i = I/I_c0 = 0.8.
        let device = try TestHelpers.device(
            "sttmram",
            base.merging(["writePulseSeconds": .number(pulseSeconds), "criticalCurrentAmperes": .number(current / 0.8)]) { $1 })
        let expected = exp(-pulseSeconds / 1e-9 * exp(-60 * 0.2))
        let cells = TestHelpers.program(device, level: 1, levelCount: 2, cells: 10_000)
        #expect(TestHelpers.isBinomialConsistent(count: cells.filter { !$0.verified }.count, trials: cells.count, probability: expected))
    }

    @Test("a successful write costs one pulse of V·I·t plus two verify reads")
    func writeEnergy() throws {
        let device = try TestHelpers.device("sttmram", base)
        let parallel = 1 / 1400.0
        let antiparallel = 1 / 3920.0
        let expected = 1 * (1 * antiparallel) * 10e-9 + 0.1 * 0.1 * (antiparallel + parallel) * 10e-9
        let cells = TestHelpers.program(device, level: 1, levelCount: 2, cells: 50).filter(\.verified)
        #expect(!cells.isEmpty)
        for cell in cells {
            #expect(cell.cost.pulses == 1 && abs(cell.conductanceSiemens - parallel) <= 1e-15)
            #expect(abs(cell.cost.energyJoules - expected) <= 1e-12 * expected)
            #expect(abs(cell.cost.latencySeconds - 30e-9) <= 1e-18)
        }
        for cell in TestHelpers.program(device, level: 0, levelCount: 2, cells: 5) {
            #expect(cell.cost.pulses == 0 && cell.conductanceSiemens == antiparallel)
        }
    }

    @Test("cells flip thermally after an exponential time of mean τ₀·e^Δ")
    func retention() throws {
        let device = try TestHelpers.device("sttmram", base.merging(["thermalStabilityFactor": 20]) { $1 })
        let mean = 1e-9 * exp(20.0)
        let cells = TestHelpers.program(device, level: 1, levelCount: 2, cells: 10_000).filter(\.verified)
        for seconds in [0.1 * mean, mean, 3 * mean] {
            let flipped = cells.filter { device.conductance(of: $0, atSeconds: seconds) < 1 / 3000.0 }
            #expect(
                TestHelpers.isBinomialConsistent(count: flipped.count, trials: cells.count, probability: 1 - exp(-seconds / mean)))
            #expect(flipped.allSatisfy { abs(device.conductance(of: $0, atSeconds: seconds) - 1 / 3920.0) <= 1e-15 })
        }
    }
}
