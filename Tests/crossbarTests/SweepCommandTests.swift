import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests of `crossbar sweep` and `crossbar merge`: the built binary on a tiny
/// experiment — LeNet-5 on a few images on STT-MRAM (device-to-device variation and read noise
/// make every point depend on its seed; programming is quick in a debug build) — 2 variations
/// × read noise on and off = 4 points in 2 programming groups.
@Suite("crossbar sweep and merge")
struct SweepCommandTests {
    static let spec = """
        {
          "name": "tiny-sweep",
          "description": "Two variations of STT-MRAM cells, read with and without read noise.",
          "seed": 5,
          "configuration": {
            "network": "lenet5", "images": 30, "calibrationImages": 20, "architecture": "isaac",
            "device": {"preset": "sttmram"}
          },
          "axes": [
            {"path": "device.d2dSigmaRelative", "values": [0.05, 0.3]},
            {"path": "readNoise", "values": [true, false]}
          ]
        }
        """

    /// The files every finished sweep folder holds.
    static let files = ["experiment.json", "points.jsonl", "results.jsonl", "results.csv", "timing.csv"]
    /// The files that are byte-identical however a sweep was split or interrupted.
    static let reproducible = ["experiment.json", "results.jsonl", "results.csv"]

    /// A fresh folder holding `spec.json` with `text`.
    static func folder(spec text: String = spec) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("spec.json"), atomically: true, encoding: .utf8)
        return folder
    }

    static func contents(_ folder: URL, _ file: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(file))
    }

    static func lines(_ folder: URL, _ file: String) throws -> [String] {
        String(decoding: try contents(folder, file), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("sweep writes the documented files in results/<name> of the working directory; shards 1/2 and 2/2 merge to the same bytes")
    func sweepShardAndMerge() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec.json").path

        let workingDirectory = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        let whole = try CommandLineTool.run(["sweep", spec, "--threads", "2"], in: workingDirectory)
        #expect(whole.status == 0, "\(whole.standardError)")
        let output = workingDirectory.appendingPathComponent("results/tiny-sweep")
        #expect(whole.standardOutput == "tiny-sweep: 4 points, 4 run now on 2 programmed chip(s), 0 already finished; "
            + "results in \(output.path)/results.csv\n")
        // Standard error is not a terminal: plain progress lines, no bar.
        #expect(whole.standardError.hasPrefix("tiny-sweep: 4 points, 0 already finished\n"))
        #expect(whole.standardError.contains("tiny-sweep: 4/4 points finished, 4 in this run, in "))
        #expect(!whole.standardError.contains("\r"))
        for file in Self.files {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }

        let records = try Self.lines(output, "results.jsonl").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(records.map { $0["point"] as? Int } == [0, 1, 2, 3])
        #expect(records.allSatisfy { $0["timing"] == nil && $0["crossbarVersion"] is String })
        let seeds = records.map { $0["seed"] as? Int }
        // Points 0/1 and 2/3 differ only in read noise: they share a seed and a chip.
        #expect(seeds[0] == seeds[1] && seeds[2] == seeds[3] && seeds[0] != seeds[2])
        for record in records {
            let metrics = try #require(record["metrics"] as? [String: Any])
            let configuration = try #require(metrics["configuration"] as? [String: Any])
            #expect(configuration["seed"] as? Int == record["seed"] as? Int)
            #expect((metrics["accuracy"] as? [String: Double])?["analog"] != nil)
        }
        let table = try Self.lines(output, "results.csv")
        #expect(table.count == 5)
        let columns = table[0].split(separator: ",").map(String.init)
        #expect(Array(columns.prefix(5)) == ["point", "repetition", "seed", "experiment", "crossbarVersion"])
        for column in ["configuration.device.d2dSigmaRelative", "configuration.readNoise", "metrics.accuracy.analog",
                       "metrics.energyPerInferenceJoules", "metrics.energyByComponentJoules.adc", "metrics.configuration.seed"] {
            #expect(columns.contains(column), "\(column)")
        }
        #expect(try Self.lines(output, "timing.csv").first == "point,prepareSeconds,evaluateSeconds,finishedAt,host")

        // Two shards into their default folders, then merged.
        for shard in ["1/2", "2/2"] {
            let outcome = try CommandLineTool.run(["sweep", spec, "--shard", shard, "--json"], in: workingDirectory)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let summary = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
            #expect(summary["shardPoints"] as? Int == 2 && summary["evaluated"] as? Int == 2 && summary["preparations"] as? Int == 1)
            #expect(summary["folder"] as? String == output.appendingPathComponent("shard-\(shard.prefix(1))").path)
        }
        let merged = folder.appendingPathComponent("merged")
        let merge = try CommandLineTool.run([
            "merge", output.appendingPathComponent("shard-1").path, output.appendingPathComponent("shard-2").path,
            "--out", merged.path,
        ])
        #expect(merge.status == 0, "\(merge.standardError)")
        for file in Self.reproducible {
            #expect(try Self.contents(merged, file) == Self.contents(output, file), "\(file) differs")
        }
    }

    @Test("a sweep killed after its first point and resumed equals an uninterrupted one, without redoing that point")
    func killAndResume() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec.json").path
        let reference = folder.appendingPathComponent("reference")
        let uninterrupted = try CommandLineTool.run(["sweep", spec, "--out", reference.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.standardError)")

        // Start a sweep, wait until its first point is logged, and kill it with SIGKILL.
        let interrupted = folder.appendingPathComponent("interrupted")
        let log = interrupted.appendingPathComponent("points.jsonl")
        let process = Process()
        process.executableURL = CommandLineTool.executable
        process.arguments = ["sweep", spec, "--out", interrupted.path, "--threads", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            if let data = FileManager.default.contents(atPath: log.path), data.contains(UInt8(ascii: "\n")) { break }
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let before = try Self.lines(interrupted, "points.jsonl")
        try #require(!before.isEmpty && before.count < 4, "the sweep should be killed mid-way, after \(before.count) point(s)")
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("results.csv").path))

        // Without --resume the folder is refused; with it, only the unfinished points run.
        let refused = try CommandLineTool.run(["sweep", spec, "--out", interrupted.path])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("already holds a sweep (\(before.count) finished point(s)); pass --resume"))
        let resumed = try CommandLineTool.run(["sweep", spec, "--out", interrupted.path, "--resume", "--json"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let summary = try #require(JSONSerialization.jsonObject(with: Data(resumed.standardOutput.utf8)) as? [String: Any])
        #expect(summary["alreadyFinished"] as? Int == before.count)
        #expect(summary["evaluated"] as? Int == 4 - before.count)
        let after = try Self.lines(interrupted, "points.jsonl")
        #expect(after.count == 4)
        #expect(Array(after.prefix(before.count)) == before)
        for file in Self.reproducible {
            #expect(try Self.contents(interrupted, file) == Self.contents(reference, file), "\(file) differs")
        }
    }

    @Test("a malformed spec exits 1 naming the file and the path; bad options exit 2")
    func malformedSpecs() throws {
        func outcome(_ text: String, _ extra: [String] = []) throws -> CommandLineTool.Outcome {
            let folder = try Self.folder(spec: text)
            defer { try? FileManager.default.removeItem(at: folder) }
            return try CommandLineTool.run(["sweep", folder.appendingPathComponent("spec.json").path] + extra)
        }
        let misspelled = try outcome(Self.spec.replacingOccurrences(of: "\"readNoise\", \"values\"", with: "\"adc.bitz\", \"values\""))
        #expect(misspelled.status == 1)
        #expect(misspelled.standardError.contains("spec.json: the configuration of the point "))
        #expect(misspelled.standardError.contains("'adc.bitz' is not a setting"))
        let seeded = try outcome(Self.spec.replacingOccurrences(of: "\"images\": 30,", with: "\"images\": 30, \"seed\": 2,"))
        #expect(seeded.status == 1)
        #expect(seeded.standardError.contains("configuration: 'seed': a sweep gives every point its own seed"))
        let outOfRange = try outcome(Self.spec.replacingOccurrences(of: "[0.05, 0.3]", with: "[0.05, 3]"))
        #expect(outOfRange.status == 1)
        #expect(outOfRange.standardError.contains("spec.json: the configuration of the point device.d2dSigmaRelative=3, readNoise=true is invalid"))
        #expect(outOfRange.standardError.contains("'device.d2dSigmaRelative'"))
        #expect(outOfRange.standardError.contains("is out of range; allowed: [0.0, 0.5]"))
        let structure = try outcome(Self.spec.replacingOccurrences(of: "\"seed\": 5,", with: "\"seed\": \"five\","))
        #expect(structure.status == 1)
        #expect(structure.standardError.contains("spec.json: seed must be a number, found a string"))
        let broken = try outcome("{\"name\": ")
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("spec.json: not valid JSON"))
        let shard = try outcome(Self.spec, ["--shard", "3/2"])
        #expect(shard.status == 2)
        #expect(shard.standardError.contains("--shard: '3/2' is not a shard"))
    }
}
