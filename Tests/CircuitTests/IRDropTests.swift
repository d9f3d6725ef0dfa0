import Device
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
    ] + powerNames
    /// The cases that also record ngspice's supply power.
    static let powerNames = [
        "xbar-ngspice-4x3-rrow300-rcol100-power", "xbar-ngspice-3x5-rrow60-rcol200-access1k-power",
        "xbar-ngspice-4x3-rrow0-rcol300-power", "xbar-ngspice-4x3-rrow300-rcol0-power", "xbar-ngspice-66x70-rrow6-rcol2-power",
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
        // G_eff alone (tall arrays through the reciprocal sweep) gives the same currents.
        let alone = try IRDropSolver.effectiveConductance(crossbar.conductanceSiemens, wires: crossbar.wires)
        for (vector, currents) in spice.enumerated() {
            for (column, reference) in currents.enumerated() {
                let got = (0..<alone.rows).reduce(0.0) { $0 + crossbar.inputVolts[vector, $1] * alone[$1, column] }
                #expect(abs(got - reference) <= 1e-6 * abs(reference), "G_eff alone, vector \(vector) column \(column)")
            }
        }
    }

    /// ngspice's tolerance: its gmin (10⁻¹² S from every node to ground) against cells of at least 10 µS
    /// perturbs currents and power by ≲ 10⁻⁷ relative; 10⁻⁶ as for the column currents.
    @Test("the supply power Vᵀ·Y·V matches ngspice's row-source power to relative error ≤ 1e-6", arguments: SpiceFixtures.powerNames)
    func supplyPowerMatchesSpice(name: String) throws {
        let url = SpiceFixtures.folder.appendingPathComponent(name + ".json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let spice = try #require(object["supplyPowerWatts"] as? [Double])
        let crossbar = try IRDropCase(contentsOf: url)
        let solution = try crossbar.solve()
        let cells = crossbar.conductanceSiemens.map { crossbar.wires.cellConductance($0) }
        for (vector, reference) in spice.enumerated() {
            #expect(abs(solution.supplyPowerWatts[vector] - reference) <= 1e-6 * reference, "vector \(vector)")
            // The wires matter in these cases: Σ V²·G is off by far more than the tolerance.
            let ideal = (0..<cells.rows).reduce(0.0) { sum, i in
                let v = crossbar.inputVolts[vector, i]
                return sum + v * v * (0..<cells.columns).reduce(0.0) { $0 + cells[i, $1] }
            }
            #expect(abs(ideal - reference) > 1e-2 * reference)
        }
    }

    @Test("zero wire resistance gives exactly the ideal conductances")
    func idealWires() throws {
        var stream = RandomStream(seed: 51, key: "test/irdrop/ideal")
        let g = Matrix<Double>(rows: 17, columns: 9) { _, _ in stream.nextUniform() * 1e-4 }
        #expect(try IRDropSolver.effectiveConductance(g, wires: .ideal) == g)
        #expect(try IRDropSolver.effectiveConductance(g, wires: WireResistance(rowOhmsPerSegment: 0, columnOhmsPerSegment: 0)) == g)
    }

    @Test("a single cell is its conductance in series with both wire segments and the access transistor")
    func singleCell() throws {
        let g = 40e-6
        let wires = try WireResistance(rowOhmsPerSegment: 120, columnOhmsPerSegment: 80, accessTransistorOhms: 1500)
        let effective = try IRDropSolver.effectiveConductance(Matrix(rows: 1, columns: 1, repeating: g), wires: wires)
        let expected = 1 / (120 + 1500 + 1 / g + 80)
        #expect(abs(effective[0, 0] - expected) <= 1e-14 * expected)
    }

    @Test("G_eff is the same bit for bit on one thread and on several")
    func threadIndependence() throws {
        var stream = RandomStream(seed: 54, key: "test/irdrop/threads")
        let g = Matrix<Double>(rows: 130, columns: 150) { _, _ in 1e-5 + stream.nextUniform() * 5e-5 }
        let wires = try WireResistance(rowOhmsPerSegment: 2, columnOhmsPerSegment: 3)
        let one = try IRDropSolver.effectiveConductance(g, wires: wires, threads: 1)
        #expect(try IRDropSolver.effectiveConductance(g, wires: wires, threads: 2) == one)
        #expect(try IRDropSolver.effectiveConductance(g, wires: wires, threads: 3) == one)
        let solved = try IRDropSolver.effectiveConductanceAndAdmittance(g, wires: wires, threads: 1)
        #expect(solved.effective == one)
        let parallel = try IRDropSolver.effectiveConductanceAndAdmittance(g, wires: wires, threads: 2)
        #expect(parallel.effective == one && parallel.admittance == solved.admittance)
    }

    @Test("vanishing wire resistance converges to the ideal conductances", arguments: [(12, 30), (30, 12)])
    func continuity(rows: Int, columns: Int) throws {
        var stream = RandomStream(seed: 52, key: "test/irdrop/continuity")
        let g = Matrix<Double>(rows: rows, columns: columns) { _, _ in 1e-5 + stream.nextUniform() * 5e-5 }
        let wires = try WireResistance(rowOhmsPerSegment: 1e-9, columnOhmsPerSegment: 2e-9)
        let effective = try IRDropSolver.effectiveConductance(g, wires: wires)
        for (a, b) in zip(effective.elements, g.elements) { #expect(abs(a - b) <= 1e-9 * b) }
    }

    @Test("the core's GEMM operand is (G_eff⁺ − G_eff⁻)/Δ of the solved network")
    func coreUsesEffectiveConductance() throws {
        var stream = RandomStream(seed: 53, key: "test/irdrop/core")
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 2, sign: .differential)
        let slicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 4)
        let weights = CircuitFixture.randomIntegers(rows: 24, columns: 5, in: encoding.weightRange, stream: &stream)
        let inputs = CircuitFixture.randomIntegers(rows: 3, columns: 24, in: slicing.inputRange, stream: &stream)
        let wires = try WireResistance(rowOhmsPerSegment: 20, columnOhmsPerSegment: 30)
        let device = IdealDevice(bitsPerCell: 2)
        let (core, array) = try CircuitFixture.core(
            weights: weights, encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 10), device: device, wires: wires)
        let effective = try IRDropSolver.effectiveConductance(array.conductanceSiemens(atSeconds: 0), wires: wires)
        let values = try core.currents(try slicing.slice(inputs.view))
        let step = array.levelStepSiemens
        for n in 0..<3 {
            for c in 0..<core.weights.sensedColumns {
                let p = core.weights.positiveColumn[c]
                let q = core.weights.negativeColumn[c]
                var expected = 0.0
                for i in 0..<24 {
                    let difference = effective[i, p] - effective[i, q]
                    expected += Double(inputs[n, i]) * difference / step
                }
                #expect(abs(Double(values[n, c]) - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
        let ideal = try core.multiply(try slicing.slice(inputs.view), reads: nil)
        #expect(ideal.outputs != CircuitFixture.integerProduct(inputs, weights), "30 Ω segments change the result")
    }
}
