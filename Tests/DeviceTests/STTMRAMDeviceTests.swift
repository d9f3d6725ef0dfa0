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
            base.merging(["writePulseSeconds": .number(pulseSeconds), "criticalCurrentToParallelAmperes": .number(current / 0.8)]) { $1 })
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

    @Test("a P→AP write drives V/R_P against its own critical current", arguments: [1e-9, 1.5e-9, 2e-9])
    func parallelToAntiparallel(pulseSeconds: Double) throws {
        let device = try #require(
            try TestHelpers.device("sttmram", base.merging(["writePulseSeconds": .number(pulseSeconds)]) { $1 })
                as? STTMRAMDevice)
        var stream = RandomStream(seed: 4, key: "test/stt/rewrite")
        let parallel = ProgrammedCell(conductanceSiemens: 1 / 1400.0)
        // i = (1 V/1.4 kΩ)/192 µA ≈ 3.72: more current and more critical current than AP→P.
        let i = (1 / 1400.0) / 192e-6
        let expected = 1 - exp(-Double.pi * Double.pi * 60 / 4 * exp(-2 * (i - 1) * pulseSeconds / 1e-9))
        let cells = (0..<20_000).map { _ in device.rewrite(parallel, level: 0, using: &stream) }
        let failures = cells.filter { !$0.verified }
        #expect(TestHelpers.isBinomialConsistent(count: failures.count, trials: cells.count, probability: expected))
        #expect(failures.allSatisfy { $0.conductanceSiemens == 1 / 1400.0 })
        let switched = try #require(cells.first { $0.verified })
        #expect(abs(switched.conductanceSiemens - 1 / 3920.0) <= 1e-15)
        let energy = 1 * (1 / 1400.0) * pulseSeconds + 0.1 * 0.1 * (1 / 1400.0 + 1 / 3920.0) * 10e-9
        #expect(abs(switched.cost.energyJoules - energy) <= 1e-12 * energy)
    }

    @Test("a rewrite starts from the cell's state: already there costs no pulse")
    func rewriteFromState() throws {
        let device = try #require(try TestHelpers.device("sttmram", base) as? STTMRAMDevice)
        var stream = RandomStream(seed: 6, key: "test/stt/same")
        for (g, level) in [(1 / 1400.0, 1), (1 / 3920.0, 0)] {
            let cell = device.rewrite(ProgrammedCell(conductanceSiemens: g), level: level, using: &stream)
            #expect(cell.cost.pulses == 0 && cell.verified && cell.conductanceSiemens == g)
        }
        let stuck = device.rewrite(ProgrammedCell(conductanceSiemens: 1 / 1400.0, fault: .stuckOn), level: 0, using: &stream)
        #expect(!stuck.verified && stuck.conductanceSiemens == 1 / 1400.0 && stuck.fault == .stuckOn)
    }

    @Test("a column warns once its wire resistance is a tenth of R_on/rows: 1 Ω per cell already for 128 STT-MRAM cells")
    func columnResistance() throws {
        let stt = try TestHelpers.device("sttmram")
        let warning = try #require(ColumnResistanceWarning(device: stt, rows: 128, wireResistanceOhmsPerCell: 1))
        #expect(abs(warning.columnResistanceOhms - 1400.0 / 128) <= 1e-12)
        #expect(abs(warning.columnCurrentAmperes - 0.1 * 128 / 1400) <= 1e-15)
        #expect(warning.wireResistanceOhms == 128)
        #expect(ColumnResistanceWarning(device: stt, rows: 128, wireResistanceOhmsPerCell: 0.0085) == nil)
        // ReRAM: R_col = 25 kΩ/128 ≈ 195 Ω, so 0.1 Ω per cell (12.8 Ω) passes and 1 Ω (128 Ω) does not.
        let reram = try TestHelpers.device("reram")
        #expect(ColumnResistanceWarning(device: reram, rows: 128, wireResistanceOhmsPerCell: 0.1) == nil)
        #expect(ColumnResistanceWarning(device: reram, rows: 128, wireResistanceOhmsPerCell: 1) != nil)
    }
}
