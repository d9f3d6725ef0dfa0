import Device
import Foundation
import Numerics
import TestSupport
import Testing

/// PCM drift and 1/f read noise against aihwkit's PCMLikeNoiseModel formulas.
@Suite("PCM drift and read noise")
struct PCMDriftTests {
    /// E|μ + σz| and Var|μ + σz| for z ~ N(0, 1) (the folded normal).
    static func foldedNormal(mean: Double, sigma: Double) -> (mean: Double, variance: Double) {
        let first = TestHelpers.normalExpectation { abs(mean + sigma * $0) }
        return (first, mean * mean + sigma * sigma - first * first)
    }

    @Test("the drift exponent recovered by a log-log fit matches aihwkit's ν(G)", arguments: [1, 7])
    func driftExponent(level: Int) throws {
        let device = try TestHelpers.device("pcm")
        let target = device.targetConductance(level: level, levelCount: 8)
        let x = target / device.conductanceMaxSiemens
        // aihwkit: mu = clip(−0.0155 ln x + 0.0244, 0.049, 0.1), sigma = clip(−0.0125 ln x − 0.0059, 0.008, 0.045).
        let mu = min(max(-0.0155 * log(x) + 0.0244, 0.049), 0.1)
        let sigma = min(max(-0.0125 * log(x) - 0.0059, 0.008), 0.045)
        let (expected, variance) = Self.foldedNormal(mean: mu, sigma: sigma)
        let cells = TestHelpers.program(device, level: level, levelCount: 8, cells: 4000).filter { $0.fault == .none }
        let times = [20.0, 200, 2e3, 2e4, 2e5, 2e6, 3.15e7]
        let meanLog = times.map { t in Statistics.mean(cells.map { log(device.conductance(of: $0, atSeconds: t)) }) }
        let fit = LinearFit(x: times.map { log($0 / 20) }, y: meanLog)
        #expect(abs(-fit.slope - expected) <= 5 * (variance / Double(cells.count)).squareRoot())
    }

    @Test("before the drift reference time the conductance is G₀")
    func noDriftBeforeReference() throws {
        let device = try TestHelpers.device("pcm")
        let cell = ProgrammedCell(conductanceSiemens: 12.5e-6, driftExponent: 0.08)
        for t in [1e-6, 1, 19.9, 20] {
            #expect(device.conductance(of: cell, atSeconds: t) == 12.5e-6)
        }
    }

    @Test("drift and 1/f read noise match values computed with numpy from aihwkit's formulas")
    func readNoiseValues() throws {
        // G₀ = 12.5 µS (x = 0.5), ν = 0.05: Q_s = 0.0088/0.5^0.65;
        // σ(t) = G(t)·Q_s·√ln((t + 250 ns)/500 ns), G(t) = G₀·(t/20 s)^(−ν) after 20 s.
        let device = try TestHelpers.device("pcm")
        let cell = ProgrammedCell(conductanceSiemens: 12.5e-6, driftExponent: 0.05)
        #expect(abs(device.readNoiseStandardDeviation(of: cell, atSeconds: 1) - 6.574697925459604e-07) <= 1e-18)
        #expect(abs(device.conductance(of: cell, atSeconds: 1e5) - 8.165100089755562e-06) <= 1e-17)
        #expect(abs(device.readNoiseStandardDeviation(of: cell, atSeconds: 1e5) - 5.751492268143802e-07) <= 1e-18)
        #expect(device.readNoiseStandardDeviation(of: cell, atSeconds: 100e-9) == 0)
    }
}
