import Circuit
import Foundation

/// `crossbar array`: one crossbar's resistive network.
struct ArrayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "array",
        abstract: "Solve one crossbar with wire resistance: column currents with and without IR drop.",
        discussion: """
            Reads a case in the SPICE reference format (JSON keys conductanceSiemens [rows][cols],
            inputVolts [vectors][rows], rowWireOhmsPerSegment, columnWireOhmsPerSegment, optional
            accessTransistorOhms; answer keys such as columnCurrentAmps are ignored), solves the
            network exactly into an effective conductance matrix and prints every column current and
            the power the row drivers deliver (Vᵀ·Y·V: every cell's and wire segment's dissipation).
            Rows are driven at their left end, columns sense into a virtual ground at the bottom.

            Example:
              crossbar array --solve Tests/CircuitTests/Fixtures/xbar-4x3-r10.json --json
            """)

    @Option(help: "The case file (JSON) to solve.") var solve: String?
    @Flag(help: "Print one JSON object with columnCurrentAmps, idealColumnCurrentAmps and supplyPowerWatts.") var json: Bool

    func validate() throws {
        guard solve != nil else { throw ValidationError("--solve FILE is required") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: solve!)
        let crossbar = try IRDropCase(contentsOf: url)
        let solution = try crossbar.solve()
        if json {
            try JSONOutput.print(solution)
            return
        }
        let g = crossbar.conductanceSiemens
        let wires = crossbar.wires
        var header = "\(url.lastPathComponent): \(g.rows)×\(g.columns) crossbar, \(crossbar.inputVolts.rows) input vector(s), "
        header += "wire segments \(wires.rowOhmsPerSegment) Ω (rows) / \(wires.columnOhmsPerSegment) Ω (columns)"
        if wires.accessTransistorOhms > 0 { header += ", access transistor \(wires.accessTransistorOhms) Ω" }
        print(header)
        for (k, currents) in solution.columnCurrentAmps.enumerated() {
            print("vector \(k): supply power \(String(format: "%.15e", solution.supplyPowerWatts[k])) W")
            print("  column  with IR drop (A)        ideal (A)               change")
            for (j, current) in currents.enumerated() {
                let ideal = solution.idealColumnCurrentAmps[k][j]
                let change = ideal == 0 ? "" : Format.fixed((current / ideal - 1) * 100, 3) + " %"
                let column = String(j).padding(toLength: 6, withPad: " ", startingAt: 0)
                print("  \(column)  \(String(format: "%-22.15e", current))  \(String(format: "%-22.15e", ideal))  \(change)")
            }
        }
    }
}
