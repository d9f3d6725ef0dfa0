import Device
import Foundation
import Numerics
import Testing

/// The read-noise split (frozen per read time or per conversion), ReRAM relaxation after
/// programming, and the characterization's read at each time.
@Suite("Read noise and relaxation")
struct ReadNoiseAndRelaxationTests {
    /// aihwkit's ReRamWan2022NoiseModel polynomials (µS at g_max = 40 µS), by time.
    static let wan: [(seconds: Double, coefficients: [Double])] = [
        (1, [0.348, 16.030, -43.853, 45.393, -16.815]), (86400, [0.701, 22.086, -50.773, 47.095, -16.458]),
        (172800, [0.782, 20.274, -43.507, 37.062, -11.934]),
    ]

    /// σ of a Wan fit at G (siemens), siemens.
    static func wanSigma(_ index: Int, at siemens: Double) -> Double {
        let x = siemens / 40e-6
        return wan[index].coefficients.enumerated().reduce(0) { $0 + $1.element * pow(x, Double($1.offset)) } * 1e-6
    }

    @Test("PCM's 1/f noise is all frozen per read time and equals aihwkit's formula", arguments: ["pcm", "pcm-aihwkit"])
    func pcmFrozen(name: String) throws {
        let device = try TestHelpers.device(name)
        let cell = ProgrammedCell(conductanceSiemens: 12.5e-6, driftExponent: 0.05)
        // aihwkit: σ = G(t)·0.0088/0.5^0.65·√ln((t + 250 ns)/500 ns), t = t_inference + 20 s for
        // the aihwkit preset, the time since programming for pcm.
        let t = name == "pcm" ? 1e5 : 1e5 + 20
        let g = 12.5e-6 * pow(t / 20, -0.05)
        let expected = g * 0.0088 / pow(0.5, 0.65) * log((t + 250e-9) / 500e-9).squareRoot()
        let noise = device.readNoise(of: cell, atSeconds: 1e5)
        #expect(abs(noise.frozenSigmaSiemens - expected) <= 1e-12 * expected)
        #expect(noise.perConversionSigmaSiemens == 0)
        #expect(abs(device.conductance(of: cell, atSeconds: 1e5) - g) <= 1e-12 * g)
        // A read is G(t) + σ·z, clipped at 0.
        #expect(abs(device.read(cell, atSeconds: 1e5, frozenDeviate: 1.5, perConversionDeviate: 7) - (g + 1.5 * expected)) <= 1e-18)
        #expect(device.read(cell, atSeconds: 1e5, frozenDeviate: -1e6, perConversionDeviate: 0) == 0)
    }

    @Test("reram-aihwkit reads a fresh draw around the target from each fitted time's polynomial")
    func reramAIHWKit() throws {
        let device = try TestHelpers.device("reram-aihwkit")
        let cell = ProgrammedCell(conductanceSiemens: 13e-6, targetSiemens: 12e-6)
        #expect(device.conductance(of: cell, atSeconds: 0.5) == 13e-6)
        #expect(device.readNoise(of: cell, atSeconds: 0.5) == .zero)
        for index in Self.wan.indices {
            let t = Self.wan[index].seconds
            #expect(device.conductance(of: cell, atSeconds: t) == 12e-6)
            let sigma = device.readNoise(of: cell, atSeconds: t).frozenSigmaSiemens
            #expect(abs(sigma - Self.wanSigma(index, at: 12e-6)) <= 1e-9 * sigma)
        }
        // Between fits, linear in ln t: at the geometric mean of 1 day and 2 days, the average.
        let middle = device.readNoise(of: cell, atSeconds: (86400.0 * 172800).squareRoot()).frozenSigmaSiemens
        let average = (Self.wanSigma(1, at: 12e-6) + Self.wanSigma(2, at: 12e-6)) / 2
        #expect(abs(middle - average) <= 1e-9 * average)
        let later = device.readNoise(of: cell, atSeconds: 1e7).frozenSigmaSiemens
        #expect(abs(later - Self.wanSigma(2, at: 12e-6)) <= 1e-9 * later)
    }

    @Test("reram's spread grows after programming by √(σ(t)² − σ(1 s)²), frozen per read time", arguments: [1, 2])
    func reramGrowth(index: Int) throws {
        let device = try TestHelpers.device("reram")
        let target = device.targetConductance(level: 2, levelCount: 4)
        let cell = ProgrammedCell(conductanceSiemens: target, targetSiemens: target)
        let t = Self.wan[index].seconds
        let expected = (pow(Self.wanSigma(index, at: target), 2) - pow(Self.wanSigma(0, at: target), 2)).squareRoot()
        let noise = device.readNoise(of: cell, atSeconds: t)
        #expect(abs(noise.frozenSigmaSiemens - expected) <= 1e-9 * expected)
        #expect(noise.perConversionSigmaSiemens == 0.4e-6)
        #expect(device.readNoise(of: cell, atSeconds: 1).frozenSigmaSiemens == 0)
        let stuck = ProgrammedCell(conductanceSiemens: target, targetSiemens: target, fault: .stuckOn)
        #expect(device.readNoise(of: stuck, atSeconds: t).frozenSigmaSiemens == 0)
    }

    @Test("reram's population at 1 day has aihwkit's 1-day spread (programming plus growth)")
    func reramPopulation() throws {
        // No variation, faults or read noise: write-verify ends every cell at the same G_v, so
        // G₀ = G_v + σ(1 s)·z, and the read adds the frozen growth.
        let device = try TestHelpers.device("reram", TestHelpers.noVariation.merging(["readNoiseSigmaSiemens": 0]) { $1 })
        let target = device.targetConductance(level: 3, levelCount: 4)
        let cells = TestHelpers.program(device, level: 3, levelCount: 4, cells: 40_000)
        var stream = RandomStream(seed: 5, key: "test/reram/day")
        let reads = cells.map {
            device.read($0, atSeconds: 86400, frozenDeviate: stream.nextNormal(), perConversionDeviate: stream.nextNormal())
        }
        let sample = Statistics.standardDeviation(reads)
        let expected = Self.wanSigma(1, at: target)
        // Five standard errors of a normal sample's σ, σ/√(2n).
        #expect(abs(sample - expected) <= 5 * expected / (2 * 40_000.0).squareRoot())
    }

    @Test("the characterization's read at each time is G(t) plus both noise parts from its documented streams")
    func characterizationRead() throws {
        let device = try #require(try TestHelpers.device("reram") as? any ConductanceProgrammable)
        let report = DeviceCharacterization(device: device, targetSiemens: 20e-6, cells: 300, seed: 9, times: [1, 86400])
        #expect(report.level == nil && report.targetConductanceSiemens == 20e-6)
        var stream = RandomStream(seed: 9, key: "device/characterize")
        let cells = (0..<300).map { _ in device.program(targetSiemens: 20e-6, using: &stream) }
        for (index, seconds) in [1.0, 86400].enumerated() {
            var reads = RandomStream(seed: 9, key: "device/read/\(index)")
            let expected = cells.map {
                device.read($0, atSeconds: seconds, frozenDeviate: reads.nextNormal(), perConversionDeviate: reads.nextNormal())
            }
            #expect(report.times[index].readConductance == SampleSummary(expected))
            #expect(report.times[index].readConductance.standardDeviation > report.times[index].conductance.standardDeviation)
        }
        let again = DeviceCharacterization(device: device, targetSiemens: 20e-6, cells: 300, seed: 9, times: [1, 86400])
        #expect(again.times[1].readConductance == report.times[1].readConductance)
        let other = DeviceCharacterization(device: device, targetSiemens: 20e-6, cells: 300, seed: 10, times: [1, 86400])
        #expect(other.times[1].readConductance != report.times[1].readConductance)
    }
}
