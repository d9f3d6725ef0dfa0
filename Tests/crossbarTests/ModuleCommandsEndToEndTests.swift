import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end tests of the commands over each module: what a user types and what comes back.
@Suite("module commands end to end")
struct ModuleCommandsEndToEndTests {
    /// The repository's top folder, from this file's location.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Parses one JSON document from standard output.
    func json(_ outcome: CommandLineTool.Outcome) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
    }

    @Test("devices --json lists the five presets and aihwkit's two with their windows")
    func devicesJSON() throws {
        let outcome = try CommandLineTool.run(["devices", "--json"])
        #expect(outcome.status == 0)
        let presets = try #require(try json(outcome) as? [[String: Any]])
        #expect(
            presets.compactMap { $0["name"] as? String }
                == ["reram", "pcm", "sttmram", "sram", "ideal", "pcm-aihwkit", "reram-aihwkit"])
        for preset in presets {
            let low = try #require(preset["conductanceMinSiemens"] as? Double)
            let high = try #require(preset["conductanceMaxSiemens"] as? Double)
            #expect(low >= 0 && high > low)
            #expect((preset["bitsPerCell"] as? Int).map { $0 >= 1 } == true)
            #expect(preset["technology"] is String)
            #expect(["crossbar", "aihwkit"].contains(preset["model"] as? String))
        }
    }

    @Test("device --target-conductance programs that conductance and reports a read with noise at each time")
    func targetConductance() throws {
        let outcome = try CommandLineTool.run([
            "device", "pcm-aihwkit", "--target-conductance", "10e-6", "--cells", "2000", "--time", "3600", "--json",
        ])
        #expect(outcome.status == 0)
        let report = try #require(try json(outcome) as? [String: Any])
        #expect(report["targetConductanceSiemens"] as? Double == 10e-6)
        #expect(report["level"] == nil)
        let time = try #require((report["times"] as? [[String: Any]])?.first)
        let drifted = try #require((time["conductance"] as? [String: Any])?["standardDeviation"] as? Double)
        let read = try #require((time["readConductance"] as? [String: Any])?["standardDeviation"] as? Double)
        // Read noise widens the drifted population (aihwkit at 1 h: σ 0.74 → 0.95 µS).
        #expect(read > drifted)
        let binary = try CommandLineTool.run(["device", "sram", "--target-conductance", "1e-6"])
        #expect(binary.status == 1)
        #expect(binary.standardError.contains("--target-conductance needs a multi-level device"))
    }

    @Test("device ideal programs every cell exactly to its target")
    func idealDevice() throws {
        let outcome = try CommandLineTool.run(["device", "ideal", "--cells", "16", "--level", "2", "--json"])
        #expect(outcome.status == 0)
        let report = try #require(try json(outcome) as? [String: Any])
        let conductance = try #require(report["conductance"] as? [String: Any])
        let target = try #require(report["targetConductanceSiemens"] as? Double)
        // Level 2 of 4 on the ideal 0–100 µS window: 2/3 of 100 µS.
        #expect(abs(target - 2.0 / 3.0 * 100e-6) < 1e-18)
        #expect(conductance["standardDeviation"] as? Double == 0)
        #expect(conductance["mean"] as? Double == target)
    }

    @Test("an unknown device preset fails with exit 1 and names what is available")
    func unknownDevice() throws {
        let outcome = try CommandLineTool.run(["device", "nosuch"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("no device preset 'nosuch'"))
        #expect(outcome.standardError.contains("reram"))
    }

    @Test("array --solve reproduces the ngspice currents of the 4×3 case")
    func arraySolve() throws {
        let file = Self.root.appendingPathComponent("Tests/CircuitTests/Fixtures/xbar-4x3-r10.json")
        let outcome = try CommandLineTool.run(["array", "--solve", file.path, "--json"])
        #expect(outcome.status == 0)
        let answer = try #require(try json(outcome) as? [String: Any])
        let ours = try #require(answer["columnCurrentAmps"] as? [[Double]])
        let fixture = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let spice = try #require(fixture["columnCurrentAmps"] as? [[Double]])
        #expect(ours.count == spice.count)
        for (row, reference) in zip(ours, spice) {
            for (value, expected) in zip(row, reference) {
                #expect(abs(value - expected) <= 1e-6 * abs(expected))
            }
        }
    }

    @Test("array without --solve is a usage error")
    func arrayWithoutCase() throws {
        let outcome = try CommandLineTool.run(["array"])
        #expect(outcome.status == 2)
    }

    @Test("eval --json reports float and int accuracy on a few images")
    func evalJSON() throws {
        let outcome = try CommandLineTool.run([
            "eval", "--network", "mlp", "--images", "100", "--calibration-images", "50", "--json",
        ])
        #expect(outcome.status == 0)
        let report = try #require(try json(outcome) as? [String: Any])
        let accuracy = try #require(report["accuracy"] as? [String: Double])
        #expect(report["images"] as? Int == 100)
        // The bundled MLP scores 98.4 % on the whole test set; 100 images leave room, not chance.
        #expect(try #require(accuracy["float"]) > 0.9)
        #expect(try #require(accuracy["int"]) > 0.9)
    }

    @Test("eval on an NPY folder with a zoo network writes float.npy and digital.npy of N × classes")
    func evalSaveLogits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two 3×32×32 uint8 images (pixels i mod 256) and labels 3, 7, in NPY 1.0 as NumPy writes it.
        func npy(_ header: String, _ data: [UInt8]) -> Data {
            let padded = header + String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
            let length = padded.utf8.count
            return Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(padded.utf8) + data)
        }
        try npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 32, 32), }", (0..<6144).map { UInt8($0 % 256) })
            .write(to: folder.appendingPathComponent("images.npy"))
        try npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", [3, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0])
            .write(to: folder.appendingPathComponent("labels.npy"))
        let logits = folder.appendingPathComponent("logits")
        let outcome = try CommandLineTool.run([
            "eval", "--network", "vgg8", "--dataset", folder.path, "--save-logits", logits.path, "--calibration-images", "2", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try json(outcome) as? [String: Any])
        let quantization = try #require(report["quantization"] as? [String: Any])
        #expect(quantization["calibrationSource"] as? String == "evaluated images")
        for name in ["float.npy", "digital.npy"] {
            let bytes = [UInt8](try Data(contentsOf: logits.appendingPathComponent(name)))
            let header = String(decoding: bytes[10..<(10 + Int(bytes[8]) + 256 * Int(bytes[9]))], as: UTF8.self)
            #expect(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 10)"))
            #expect(bytes.count == 10 + Int(bytes[8]) + 256 * Int(bytes[9]) + 2 * 10 * 4)
        }
    }

    @Test("eval of a dataset folder that does not exist says so")
    func evalMissingFolder() throws {
        let outcome = try CommandLineTool.run(["eval", "--network", "mlp", "--dataset", "/nonexistent/data", "--images", "1"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("/nonexistent/data: the folder does not exist"))
    }

    @Test("eval of a file that is not ONNX fails with exit 1 and names the file")
    func evalBadModel() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID().uuidString).onnx")
        try Data("this is not protobuf".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try CommandLineTool.run(["eval", "--network", file.path, "--images", "1"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(file.lastPathComponent))
    }

    @Test("plot writes a well-formed SVG from a CSV")
    func plot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("results.csv")
        try Data("adc.bits,accuracy\n4,0.5\n6,0.9\n8,0.99\n".utf8).write(to: csv)
        let svg = folder.appendingPathComponent("plot.svg")
        let outcome = try CommandLineTool.run(["plot", csv.path, "--x", "adc.bits", "--y", "accuracy", "--out", svg.path])
        #expect(outcome.status == 0)
        let parser = try #require(XMLParser(contentsOf: svg))
        #expect(parser.parse())
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("<polyline"))
    }

    @Test("merge of a folder that is not a sweep output fails with exit 1")
    func mergeBadFolder() throws {
        let outcome = try CommandLineTool.run(["merge", "/nonexistent-crossbar-folder", "--out", "/tmp/crossbar-merge-unused"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("experiment.json"))
    }
}
