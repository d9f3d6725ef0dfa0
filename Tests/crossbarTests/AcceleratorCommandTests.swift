import Foundation
import Testing

/// End-to-end tests of `crossbar run`, `crossbar map` and `crossbar bench mvm`: the built binary
/// on a few images (ideal device, so programming is quick in a debug build).
@Suite("crossbar run, map and bench mvm")
struct AcceleratorCommandTests {
    @Test("run --json prints one object with the documented keys; the ideal chip agrees with the digital baseline")
    func runJSON() throws {
        let outcome = try CommandLineTool.run([
            "run", "--images", "6", "--device", "ideal", "--set", "calibrationImages=50", "--threads", "2", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let accuracy = try #require(object["accuracy"] as? [String: Double])
        #expect(Set(accuracy.keys) == ["analog", "digital", "float"])
        #expect(accuracy["analog"] == accuracy["digital"])
        #expect(object["agreement"] as? Double == 1)
        #expect(object["images"] as? Int == 6)
        for key in [
            "energyPerInferenceJoules", "latencyPerInferenceSeconds", "throughputInferencesPerSecond", "areaSquareMillimetres",
            "topsPerWatt",
        ] {
            #expect(object[key] is Double, "\(key)")
        }
        #expect((object["energyByComponentJoules"] as? [String: Double])?["adc"] != nil)
        let mapping = try #require(object["mapping"] as? [String: Any])
        #expect(mapping["arrays"] as? Int == 23 && mapping["tiles"] as? Int == 1 && mapping["utilization"] is Double)
        let programming = try #require(object["programming"] as? [String: Any])
        #expect(programming["energyJoules"] is Double && programming["timeSeconds"] is Double)
        let configuration = try #require(object["configuration"] as? [String: Any])
        #expect((configuration["device"] as? [String: Any])?["preset"] as? String == "ideal")
        #expect((configuration["adc"] as? [String: Any])?["bits"] as? Int == 8)
    }

    @Test("run prints the text report")
    func runText() throws {
        let outcome = try CommandLineTool.run(["run", "--images", "4", "--device", "ideal", "--set", "calibrationImages=50"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        for line in ["accuracy     analog", "energy       ", "latency      ", "area         ", "mapping      23 arrays", "programming  "] {
            #expect(outcome.standardOutput.contains(line), "missing '\(line)'")
        }
        // No progress line when standard error is not a terminal.
        #expect(outcome.standardError.isEmpty)
    }

    @Test("a bad setting exits 2 and names the configuration path")
    func badSetting() throws {
        let bits = try CommandLineTool.run(["run", "--adc-bits", "40"])
        #expect(bits.status == 2)
        #expect(bits.standardError.hasPrefix("Error: configuration: 'adc.bits' = 40 is out of range; allowed: an integer in 1...16\n"))
        let path = try CommandLineTool.run(["run", "--set", "adc.bitz=3"])
        #expect(path.status == 2)
        #expect(path.standardError.hasPrefix("Error: configuration: 'adc.bitz' is not a setting; allowed here: "))
        let size = try CommandLineTool.run(["map", "--array-size", "big"])
        #expect(size.status == 2)
        #expect(size.standardError.hasPrefix("Error: --array-size takes ROWS or ROWSxCOLUMNS"))
    }

    @Test("the wire options layer: --wire-resistance sets both wires, a later row or column option or --set overrides one")
    func wireOptions() throws {
        func wires(_ arguments: [String]) throws -> (Double?, Double?) {
            let outcome = try CommandLineTool.run(["map", "--json"] + arguments)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
            let wire = try #require((object["configuration"] as? [String: Any])?["wire"] as? [String: Any])
            #expect(wire["resistanceOhms"] == nil)
            return (wire["rowResistanceOhms"] as? Double, wire["columnResistanceOhms"] as? Double)
        }
        #expect(try wires(["--wire-resistance", "2", "--row-wire-resistance", "5"]) == (5, 2))
        #expect(try wires(["--set", "wire.resistanceOhms=1", "--set", "wire.columnResistanceOhms=3"]) == (1, 3))
        #expect(try wires(["--column-wire-resistance", "0.84", "--row-wire-resistance", "2.52"]) == (2.52, 0.84))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-wires-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let apart = folder.appendingPathComponent("apart.json")
        try Data(#"{"wire": {"rowResistanceOhms": 3, "columnResistanceOhms": 1}}"#.utf8).write(to: apart)
        #expect(try wires(["--config", apart.path, "--wire-resistance", "4"]) == (4, 4))
        let ambiguous = folder.appendingPathComponent("ambiguous.json")
        try Data(#"{"wire": {"resistanceOhms": 3, "columnResistanceOhms": 1}}"#.utf8).write(to: ambiguous)
        let refused = try CommandLineTool.run(["map", "--config", ambiguous.path])
        #expect(refused.status == 2)
        #expect(refused.standardError.hasPrefix("Error: configuration: 'wire.resistanceOhms': sets both the row and the column wire"))
    }

    @Test("map prints the table per layer and in total; --json has arrays, tiles and utilization")
    func map() throws {
        let text = try CommandLineTool.run(["map"])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("conv1  conv          25×6         784     1×1       1     1"))
        #expect(text.standardOutput.contains("fits the chip: yes"))
        let json = try CommandLineTool.run(["map", "--network", "mlp", "--arch", "prime", "--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        // 784×256, 256×128, 128×10 on 256×256 arrays with 4-bit cells, 8-bit weights as two cells,
        // differential pairs: ⌊256/4⌋ = 64 outputs per array.
        #expect(object["arrays"] as? Int == 4 * 4 + 1 * 2 + 1 * 1)
        // Layers do not share IMAs (FF subarrays): 3 of them, 2 per tile (bank): ⌈3/2⌉ = 2 tiles.
        #expect(object["tiles"] as? Int == 2)
        #expect(object["utilization"] is Double)
    }

    @Test("bench mvm is exact on an ideal device and reports vectors per second")
    func benchMVM() throws {
        let outcome = try CommandLineTool.run(["bench", "mvm", "--rows", "200", "--cols", "20", "--vectors", "50", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["exactOutputFraction"] as? Double == 1)
        #expect((object["vectorsPerSecond"] as? Double ?? 0) > 0)
        #expect(object["slicesPerVector"] as? Int == 16)
    }

    @Test("the overview still lists the commands, and names run and map")
    func overview() throws {
        let outcome = try CommandLineTool.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("\n  run "))
        #expect(outcome.standardOutput.contains("\n  map "))
        #expect(outcome.standardOutput.contains("Without a command it runs the default experiment"))
    }
}
