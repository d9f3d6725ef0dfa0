import Foundation
import Testing

/// End-to-end tests of the run side of issue 13: `crossbar run` on an NPY dataset with
/// `--save-logits`, `crossbar map` of a file and of a zoo architecture without images.
@Suite("crossbar run and map on NPY data, ONNX files and zoo networks")
struct RunSideEndToEndTests {
    static let blocks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("NetworkTests/Fixtures/blocks")

    private func json(_ outcome: CommandLineTool.Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    /// A temporary NPY dataset: the depthwise fixture's three 3×16×16 float32 inputs, labels 0, 1, 2.
    private func npyDataset() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.blocks.appendingPathComponent("depthwise.input.npy"), to: folder.appendingPathComponent("images.npy"))
        let header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"
        let padded = header + String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let labels: [UInt8] = [0, 1, 2].flatMap { [UInt8($0), 0, 0, 0, 0, 0, 0, 0] }
        try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(padded.utf8.count), 0] + Array(padded.utf8) + labels)
            .write(to: folder.appendingPathComponent("labels.npy"))
        return folder
    }

    @Test(
        "run of an ONNX depthwise block on an NPY folder: ideal analog.npy equals digital.npy byte for byte, fidelity exact, calibration on the evaluated images",
        arguments: ["arrays", "digitalDepthwise"])
    func runNPYSaveLogits(groupedConvolutions: String) throws {
        let folder = try npyDataset()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logits = folder.appendingPathComponent("logits")
        let outcome = try CommandLineTool.run([
            "run", "--network", Self.blocks.appendingPathComponent("depthwise_op13.onnx").path, "--dataset", folder.path,
            "--images", "3", "--device", "ideal", "--save-logits", logits.path, "--threads", "2",
            "--set", "architectureOverrides.groupedConvolutions=\(groupedConvolutions)", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try json(outcome)
        #expect(report["agreement"] as? Double == 1)
        #expect(report["logitRelativeRMSError"] as? Double == 0)
        #expect((report["calibration"] as? [String: Any])?["source"] as? String == "evaluated images")
        #expect((report["calibration"] as? [String: Any])?["images"] as? Int == 3)
        #expect((report["dataset"] as? [String: Any])?["format"] as? String == "NPY")
        let analog = try Data(contentsOf: logits.appendingPathComponent("analog.npy"))
        let digital = try Data(contentsOf: logits.appendingPathComponent("digital.npy"))
        #expect(analog == digital)
        // 3 images × 5 classes of float32 after the header.
        let bytes = [UInt8](analog)
        #expect(bytes.count == 10 + Int(bytes[8]) + 256 * Int(bytes[9]) + 3 * 5 * 4)
        #expect(FileManager.default.fileExists(atPath: logits.appendingPathComponent("float.npy").path))
    }

    @Test("run --save-logits into a folder that cannot be made fails at once with exit 1, naming it")
    func runUnwritableLogits() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-folder-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let target = file.appendingPathComponent("logits").path
        let outcome = try CommandLineTool.run(["run", "--images", "1", "--device", "ideal", "--save-logits", target])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("\(target): cannot write to this folder"))
    }

    @Test("run on MNIST reports calibration on the training split")
    func runMNISTCalibration() throws {
        let outcome = try CommandLineTool.run(["run", "--images", "2", "--device", "ideal", "--set", "calibrationImages=20", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let calibration = try #require(try json(outcome)["calibration"] as? [String: Any])
        #expect(calibration["source"] as? String == "training split" && calibration["images"] as? Int == 20)
    }

    @Test("map of the depthwise block needs no images; its MACs and weights are onnx shape inference's (check_run_side.py)")
    func mapFileCounts() throws {
        let outcome = try CommandLineTool.run(["map", "--network", Self.blocks.appendingPathComponent("depthwise_op13.onnx").path, "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let map = try json(outcome)
        // Counted from the ONNX graph by Experiments/models/check_run_side.py (onnx 1.23 shape inference).
        #expect(map["weights"] as? Int == 1092)
        #expect(map["multiplyAccumulates"] as? Int == 66108)
        let layers = try #require(map["layers"] as? [[String: Any]])
        #expect(layers.count == 6)
        #expect(layers.contains { ($0["groups"] as? Int ?? 1) > 1 })
    }

    @Test("map of the zoo's vgg8: weights in closed form from NeuroSim's VGG-8 layer list")
    func mapZoo() throws {
        let outcome = try CommandLineTool.run(["map", "--network", "vgg8", "--arch", "prime", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let map = try json(outcome)
        let convolutions = 9 * (3 * 128 + 128 * 128 + 128 * 256 + 256 * 256 + 256 * 512 + 512 * 512)
        #expect(map["weights"] as? Int == convolutions + 8192 * 1024 + 1024 * 10)
        // Outputs 32×32 (two layers), 16×16 (two), 8×8 (two); dense layers one MAC per weight.
        let macs = 9 * (3 * 128 * 1024 + 128 * 128 * 1024 + 128 * 256 * 256 + 256 * 256 * 256 + 256 * 512 * 64 + 512 * 512 * 64)
        #expect(map["multiplyAccumulates"] as? Int == macs + 8192 * 1024 + 1024 * 10)
    }
}
