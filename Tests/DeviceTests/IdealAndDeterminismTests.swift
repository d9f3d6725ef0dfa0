import Device
import Numerics
import Testing

@Suite("Ideal device and determinism")
struct IdealAndDeterminismTests {
    @Test("the ideal device is exact: evenly spaced levels, no noise, no drift, free writes")
    func idealIsExact() throws {
        let device = try TestHelpers.device("ideal")
        #expect(device.conductanceMinSiemens == 0 && device.conductanceMaxSiemens == 100e-6)
        for levelCount in [2, 4, 256, 65536] {
            for level in [0, 1, levelCount / 2, levelCount - 1] {
                var stream = RandomStream(seed: 1, key: "test/ideal")
                let cell = device.program(level: level, levelCount: levelCount, using: &stream)
                #expect(cell.conductanceSiemens == 100e-6 * Double(level) / Double(levelCount - 1))
                #expect(cell.cost == .zero && cell.fault == .none && cell.verified)
                #expect(device.conductance(of: cell, atSeconds: 1e8) == cell.conductanceSiemens)
                #expect(device.readNoiseStandardDeviation(of: cell, atSeconds: 1e8) == 0)
            }
        }
    }

    @Test(
        "programming is a pure function of the stream",
        arguments: ["reram", "pcm", "sttmram", "sram", "pcm-aihwkit", "reram-aihwkit"])
    func reproducible(name: String) throws {
        let device = try TestHelpers.device(name)
        let first = TestHelpers.program(device, level: 1, levelCount: 2, cells: 200, seed: 11)
        let again = TestHelpers.program(device, level: 1, levelCount: 2, cells: 200, seed: 11)
        let other = TestHelpers.program(device, level: 1, levelCount: 2, cells: 200, seed: 12)
        #expect(first == again)
        #expect(first != other)
    }

    @Test(
        "each cell takes one word of the array stream, so later cells do not depend on earlier ones",
        arguments: ["reram", "pcm", "sttmram", "sram", "pcm-aihwkit", "reram-aihwkit"])
    func commonRandomNumbers(name: String) throws {
        let device = try TestHelpers.device(name)
        let levelCount = 1 << device.bitsPerCell
        var low = RandomStream(seed: 5, key: "test/array")
        var high = RandomStream(seed: 5, key: "test/array")
        var reference = RandomStream(seed: 5, key: "test/array")
        _ = device.program(level: 0, levelCount: levelCount, using: &low)
        _ = device.program(level: levelCount - 1, levelCount: levelCount, using: &high)
        #expect(
            device.program(level: 1, levelCount: levelCount, using: &low)
                == device.program(level: 1, levelCount: levelCount, using: &high))
        _ = reference.next()
        _ = reference.next()
        #expect(low.next() == reference.next())
    }
}
