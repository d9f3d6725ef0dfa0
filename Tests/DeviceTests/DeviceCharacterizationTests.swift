import Device
import Numerics
import Testing

@Suite("Device characterization")
struct DeviceCharacterizationTests {
    @Test("an ideal device characterizes as exact, free and fault-free")
    func ideal() throws {
        let report = DeviceCharacterization(
            device: try TestHelpers.device("ideal"), level: 2, levelCount: 4, cells: 100, seed: 1, times: [1, 1e6])
        #expect(report.targetConductanceSiemens == 200e-6 / 3)
        #expect(report.conductance.mean == report.targetConductanceSiemens && report.conductance.standardDeviation == 0)
        #expect(report.healthyConductance == report.conductance)
        #expect(report.pulses.mean == 0 && report.pulses.maximum == 0)
        #expect(report.writeEnergyJoulesPerCell == 0 && report.unverified == 0)
        #expect(report.times.map(\.seconds) == [1, 1e6])
        #expect(report.times.allSatisfy { $0.conductance == report.conductance && $0.readNoiseSigmaMeanSiemens == 0 })
    }

    @Test("fault counts and the fault-free summary separate stuck cells from the rest")
    func faults() throws {
        let device = try TestHelpers.device("sram", ["stuckOnRate": 0.1, "stuckOffRate": 0.2])
        let report = DeviceCharacterization(device: device, level: 1, levelCount: 2, cells: 2000, seed: 3)
        #expect(TestHelpers.isBinomialConsistent(count: report.faults.stuckOn, trials: 2000, probability: 0.1))
        #expect(TestHelpers.isBinomialConsistent(count: report.faults.stuckOff, trials: 2000, probability: 0.2))
        // A stuck-off cell cannot hold a 1; a stuck-on cell holds it.
        #expect(report.unverified == report.faults.stuckOff)
        let healthy = try #require(report.healthyConductance)
        #expect(healthy.count == 2000 - report.faults.stuckOn - report.faults.stuckOff)
        #expect(healthy.minimum > device.conductanceMinSiemens)
    }

    @Test("PCM conductance falls with time after the drift reference and not before")
    func drift() throws {
        let report = DeviceCharacterization(
            device: try TestHelpers.device("pcm", ["stuckOnRate": 0, "stuckOffRate": 0]), level: 3, levelCount: 4,
            cells: 300, seed: 2, times: [1, 20, 3600, 3.15e7])
        let means = report.times.map(\.conductance.mean)
        #expect(means[0] == report.conductance.mean && means[1] == report.conductance.mean)
        #expect(means[2] < means[1] && means[3] < means[2])
    }
}
