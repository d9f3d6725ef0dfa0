import Device
import Foundation
import Numerics
import Testing

/// The SRAM bitline discharge (Zhang, Wang & Verma, JSSC 2017) against its ODE, and its energy.
@Suite("SRAM bitline discharge")
struct SRAMBitlineTests {
    /// C·dV/dt = −I·f(V/V_dsat), f(u) = 1 for u ≥ 1 and 2u − u² below, integrated by classical
    /// Runge–Kutta with 200,000 steps (error ≪ 10⁻⁹ V).
    static func integrate(_ bitline: BitlineDischarge, amperes: Double, seconds: Double) -> Double {
        func slope(_ v: Double) -> Double {
            let u = v / bitline.saturationVolts
            return -amperes / bitline.capacitanceFarads * (u >= 1 ? 1 : 2 * u - u * u)
        }
        let steps = 200_000
        let h = seconds / Double(steps)
        var v = bitline.prechargeVolts
        for _ in 0..<steps {
            let k1 = slope(v)
            let k2 = slope(v + h / 2 * k1)
            let k3 = slope(v + h / 2 * k2)
            let k4 = slope(v + h * k3)
            v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        }
        return v
    }

    @Test(
        "the closed-form bitline voltage solves the current-source/triode ODE, linear then compressed",
        arguments: [(0.8, 0.4), (0.3, 0.4)])
    func closedForm(precharge: Double, saturation: Double) {
        let bitline = BitlineDischarge(
            capacitanceFarads: 25.6e-15, prechargeVolts: precharge, saturationVolts: saturation, cellLeakageAmperes: 2e-9)
        for (amperes, seconds) in [(20e-6, 100e-12), (20e-6, 2e-9), (640e-6, 50e-12), (2.56e-3, 1e-9)] {
            let closed = bitline.voltage(totalSaturatedCurrentAmperes: amperes, afterSeconds: seconds)
            let numeric = Self.integrate(bitline, amperes: amperes, seconds: seconds)
            #expect(abs(closed - numeric) <= 1e-9, "I = \(amperes) A, t = \(seconds) s: \(closed) vs \(numeric) V")
        }
    }

    @Test("while saturated the swing is I·t/C exactly, and it never exceeds the precharge")
    func linearAndCompressed() throws {
        let device = try #require(try TestHelpers.device("sram") as? SRAMDevice)
        let bitline = device.bitline
        let current = 1e-6
        let linear = bitline.linearSeconds(totalSaturatedCurrentAmperes: current)
        #expect(abs(linear - 25.6e-15 * 0.4 / 1e-6) <= 1e-24)
        let half = bitline.swing(totalSaturatedCurrentAmperes: current, afterSeconds: linear / 2)
        #expect(abs(half - current * linear / 2 / 25.6e-15) <= 1e-12)
        let long = bitline.swing(totalSaturatedCurrentAmperes: 128 * current, afterSeconds: 100 * linear)
        #expect(long <= 0.8 && long > 0.8 - 1e-6)
        // 128 conducting cells give less than 128 × one cell's swing once compressed.
        let one = bitline.swing(totalSaturatedCurrentAmperes: current, afterSeconds: 0.1 * linear)
        let many = bitline.swing(totalSaturatedCurrentAmperes: 128 * current, afterSeconds: 0.1 * linear)
        #expect(many < 128 * one && many < 0.8)
    }

    @Test("the preset's 80 ps pulse keeps a full 128-row column linear: C·(V_pre − V_dsat)/(I·t) = 128 conducting cells")
    func presetLinearRange() throws {
        let device = try #require(try TestHelpers.device("sram") as? SRAMDevice)
        let cell = device.conductanceMaxSiemens * device.readVoltageVolts
        let cells = device.bitline.linearSeconds(totalSaturatedCurrentAmperes: cell) / device.readPulseSeconds
        #expect(abs(cells - 25.6e-15 * 0.4 / (1e-6 * 80e-12)) <= 1e-9)
        #expect(abs(cells - 128) <= 1e-9)
    }

    @Test("read energy is C·V_pre·ΔV plus N·I_leak·V_pre·t, the leakage I_read/(on/off ratio)")
    func energy() throws {
        let device = try #require(try TestHelpers.device("sram") as? SRAMDevice)
        #expect(abs(device.bitline.cellLeakageAmperes - 1e-6 / 1e4) <= 1e-22)
        let joules = device.bitline.energyJoules(swingVolts: 0.2, cells: 128, seconds: 1e-9)
        let expected = 25.6e-15 * 0.8 * 0.2 + 128 * 1e-10 * 0.8 * 1e-9
        #expect(abs(joules - expected) <= 1e-12 * expected)
    }
}
