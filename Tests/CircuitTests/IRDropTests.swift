import Foundation
import Numerics
import Testing

@testable import Circuit

/// The ngspice reference cases copied from the shared data folder (format in Fixtures/README.md).
enum SpiceFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let names = [
        "xbar-4x3-r10", "xbar-16x16-r0", "xbar-16x16-r2.5", "xbar-64x64-r2.5", "xbar-32x8-rrow1-rcol4",
        "xbar-32x32-r2.5-binary", "xbar-ngspice-8x24-r3-zeros", "xbar-ngspice-12x10-rrow0-rcol5",
        "xbar-ngspice-10x12-rrow5-rcol0", "xbar-ngspice-16x16-r2-access2k", "xbar-ngspice-1x20-r4", "xbar-ngspice-20x1-r4",
        "xbar-ngspice-24x24-r200-strong", "xbar-ngspice-72x56-r1",
    ]

    /// The case and ngspice's column currents for it.
    static func load(_ name: String) throws -> (IRDropCase, [[Double]], [[Double]]) {
        let url = folder.appendingPathComponent(name + ".json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let spice = try #require(object["columnCurrentAmps"] as? [[Double]])
        let ideal = try #require(object["idealColumnCurrentAmps"] as? [[Double]])
        return (try IRDropCase(contentsOf: url), spice, ideal)
    }
}

@Suite("IR drop")
struct IRDropTests {
    @Test("G_eff reproduces every ngspice column current to relative error ≤ 1e-6", arguments: SpiceFixtures.names)
    func matchesSpice(name: String) throws {
        let (crossbar, spice, ideal) = try SpiceFixtures.load(name)
        let solution = try crossbar.solve()
        #expect(solution.columnCurrentAmps.count == spice.count)
        for (vector, currents) in spice.enumerated() {
            for (column, reference) in currents.enumerated() {
                let got = solution.columnCurrentAmps[vector][column]
                #expect(abs(got - reference) <= 1e-6 * abs(reference), "vector \(vector) column \(column): \(got) vs \(reference)")
                let idealGot = solution.idealColumnCurrentAmps[vector][column]
                #expect(abs(idealGot - ideal[vector][column]) <= 1e-12 * abs(ideal[vector][column]))
            }
        }
    }
}
