import Device
import Foundation
import Numerics
import Testing

/// SRAM bit-cell read-current spread against Pelgrom's law.
@Suite("SRAM bit-cell")
struct SRAMDeviceTests {
    let gateOverdrive = 0.4
    let alpha = 1.3
    let coefficient = 1.5e-9

    @Test("for small mismatch the read-current spread equals Pelgrom's first-order law")
    func firstOrder() throws {
        // W = L = 0.375 µm: σ_Vt = 1.5 mV·µm / 0.375 µm = 4 mV; σ_β = 1 %.
        // (σ_I/I)² = σ_β² + (α·σ_Vt/V_ov)² (Kinget 2005); the second-order terms are ~10⁻⁴ relative.
        let device = try TestHelpers.device(
            "sram",
            ["readTransistorWidthMeters": 0.375e-6, "readTransistorLengthMeters": 0.375e-6, "d2dSigmaRelative": 0.01])
        let thresholdSigma = coefficient / 0.375e-6
        let expected = (0.01 * 0.01 + pow(alpha * thresholdSigma / gateOverdrive, 2)).squareRoot()
        let currents = TestHelpers.program(device, level: 1, levelCount: 2, cells: 20_000).map(\.conductanceSiemens)
        let spread = Statistics.standardDeviation(currents) / Statistics.mean(currents)
        #expect(abs(spread / expected - 1) <= 5 / (2 * Double(currents.count - 1)).squareRoot())
    }

    @Test("at the preset's mismatch the spread matches the alpha-power law integrated over Pelgrom's distribution")
    func presetSpread() throws {
        // I/I₀ = (1 + σ_β·z₂)(1 − σ_Vt·z₁/V_ov)^α with independent z₁, z₂, so
        // E[I] = E[(1 − s z)^α] and E[I²] = (1 + σ_β²)·E[(1 − s z)^(2α)], s = σ_Vt/V_ov.
        let device = try TestHelpers.device("sram")
        let s = coefficient / (100e-9 * 30e-9).squareRoot() / gateOverdrive
        let beta = 0.03
        let first = TestHelpers.normalExpectation { pow(max(0, 1 - s * $0), alpha) }
        let second = (1 + beta * beta) * TestHelpers.normalExpectation { pow(max(0, 1 - s * $0), 2 * alpha) }
        let expected = (second - first * first).squareRoot() / first
        let currents = TestHelpers.program(device, level: 1, levelCount: 2, cells: 20_000).map(\.conductanceSiemens)
        let spread = Statistics.standardDeviation(currents) / Statistics.mean(currents)
        #expect(abs(spread / expected - 1) <= 5 / (2 * Double(currents.count - 1)).squareRoot())
        #expect(abs(Statistics.mean(currents) / (first * 1e-6 / 0.55) - 1) <= 5 * expected / Double(currents.count).squareRoot())
    }

    @Test("a stored 0 reads the leakage conductance and every write costs the same")
    func zerosAndWrites() throws {
        let device = try TestHelpers.device("sram")
        for cell in TestHelpers.program(device, level: 0, levelCount: 2, cells: 100) {
            #expect(cell.conductanceSiemens == 1e-6 / 0.55 / 1e4)
            #expect(cell.cost == WriteCost(pulses: 1, energyJoules: 5e-16, latencySeconds: 0.2e-9, enduranceCycles: 1))
        }
        #expect(device.isVolatile)
    }
}
