import DataFiles
import Experiment
import Foundation
import Numerics
import Testing

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-experiment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func callAsFunction(_ name: String) -> URL { url.appendingPathComponent(name) }
}

@Suite("Sweep runner, resume, shards and merge")
struct SweepRunnerTests {
    /// 2 devices × 2 ADC resolutions × 3 drift times × 2 repetitions = 24 points in 8
    /// programming groups (drift is read-time).
    static let specText = """
        {"name": "toy", "description": "A toy sweep.", "seed": 5, "repetitions": 2,
         "configuration": {"network": "lenet5", "images": 10, "device": {"preset": "reram", "d2dSigmaRelative": 0.1},
                           "adc": {"bits": 8}, "driftTimeSeconds": 1},
         "axes": [{"path": "device.preset", "values": ["reram", "pcm"]},
                  {"path": "adc.bits", "values": [4, 8]},
                  {"path": "driftTimeSeconds", "range": {"from": 1, "to": 10000, "count": 3, "scale": "log"}}]}
        """

    static func spec(_ evaluator: ToyEvaluator, text: String = specText) throws -> ExperimentSpec {
        try ExperimentSpec.parse(Data(text.utf8), file: "toy.json", validate: { try evaluator.validate($0) })
    }

    @discardableResult
    static func run(
        _ evaluator: ToyEvaluator, into folder: URL, shard: Shard = .whole, resume: Bool = false, parallelPoints: Int = 1
    ) throws -> SweepSummary {
        let options = SweepOptions(shard: shard, resume: resume, parallelPoints: parallelPoints, progress: .silent)
        return try SweepRunner(spec: try spec(evaluator), evaluator: evaluator, options: options).run(output: folder)
    }

    /// The files that must be byte-identical between runs of one experiment.
    static func resultBytes(_ folder: URL) throws -> [Data] {
        let files = SweepFolder(folder)
        return try [files.experimentURL, files.resultsURL, files.csvURL].map { try Data(contentsOf: $0) }
    }

    @Test("a sweep writes every point with its configuration, seed and version, sorted, as JSON lines and CSV")
    func unsharded() throws {
        let temporary = try TemporaryFolder()
        let evaluator = ToyEvaluator()
        let summary = try Self.run(evaluator, into: temporary("out"))
        #expect(summary == SweepSummary(
            experimentPoints: 24, shardPoints: 24, alreadyFinished: 0, evaluated: 24, preparations: 8, droppedBytes: 0))
        #expect(evaluator.calls.preparations == 8)
        let folder = SweepFolder(temporary("out"))
        let lines = try String(contentsOf: folder.resultsURL, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 24)
        let spec = try Self.spec(evaluator)
        for (index, line) in lines.enumerated() {
            let record = try JSONValue.parse(Data(line.utf8))
            let point = spec.point(index, readTimePaths: evaluator.readTimePaths)
            #expect(record.value(at: "point") == .number(Double(index)))
            #expect(record.value(at: "seed") == .number(Double(point.seed)))
            #expect(record.value(at: "configuration") == point.configuration)
            #expect(record.value(at: "free") == point.free)
            #expect(record.value(at: "crossbarVersion") == .string(CrossbarVersion.current))
            #expect(record.value(at: "timing") == nil)
            // Any point re-run alone from its record gives the same metrics.
            let alone = ToyEvaluator()
            let chip = try alone.prepare(point.configuration, seed: point.seed)
            #expect(record.value(at: "metrics") == (try alone.evaluate(point.configuration, seed: point.seed, preparation: chip)))
        }
        let table = try CSVTable.parse(String(contentsOf: folder.csvURL, encoding: .utf8), file: "results.csv")
        #expect(table.columns == [
            "point", "repetition", "seed", "experiment", "crossbarVersion", "configuration.adc.bits",
            "configuration.device.d2dSigmaRelative", "configuration.device.preset", "configuration.driftTimeSeconds",
            "configuration.images", "configuration.network", "metrics.accuracy.analog", "metrics.accuracy.digital",
            "metrics.energyByComponentJoules.adc", "metrics.energyByComponentJoules.array",
            "metrics.energyByComponentJoules.dac", "metrics.energyPerInferenceJoules",
        ])
        #expect(table.column("point") == (0..<24).map(String.init))
        #expect(table.column("configuration.driftTimeSeconds")!.prefix(6) == ["1", "1", "100", "100", "10000", "10000"])
        let timing = try CSVTable.parse(String(contentsOf: folder.timingURL, encoding: .utf8), file: "timing.csv")
        #expect(timing.columns == ["point", "prepareSeconds", "evaluateSeconds", "finishedAt", "host"])
        #expect(timing.rows.count == 24)
        #expect(try ResultLogLines.count(folder.logURL) == 24)
    }

    @Test("points that differ only in drift time share one programmed chip, and results do not depend on it")
    func programmingGroups() throws {
        let evaluator = ToyEvaluator()
        let runner = SweepRunner(spec: try Self.spec(evaluator), evaluator: evaluator)
        let groups = runner.groups()
        #expect(groups.count == 8)
        #expect(groups.allSatisfy { $0.count == 3 && Set($0.map(\.seed)).count == 1 })
        #expect(groups.flatMap { $0 }.map(\.index).sorted() == Array(0..<24))
        // The evaluator throws if handed a chip programmed for another configuration; the
        // sweep above ran without that, and the per-point check in `unsharded` re-ran every
        // point on its own chip.
    }

    @Test("shards are disjoint, together hold every point, and merge to exactly the unsharded results")
    func shardAndMerge() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("whole"))
        var shardPoints = Set<Int>()
        for index in 1...3 {
            let evaluator = ToyEvaluator()
            let summary = try Self.run(evaluator, into: temporary("shard-\(index)"), shard: try Shard(index: index, count: 3))
            let points = try ResultLogLines.points(SweepFolder(temporary("shard-\(index)")).logURL)
            #expect(summary.shardPoints == points.count)
            #expect(shardPoints.isDisjoint(with: points))
            shardPoints.formUnion(points)
        }
        #expect(shardPoints == Set(0..<24))
        let summary = try SweepMerge.merge((1...3).map { temporary("shard-\($0)") }, into: temporary("merged"))
        #expect(summary == SweepMerge.Summary(points: 24, recordsRead: 24, tornLines: 0))
        #expect(try Self.resultBytes(temporary("merged")) == Self.resultBytes(temporary("whole")))
        // The merged folder is a finished sweep: resuming it runs nothing.
        let evaluator = ToyEvaluator()
        #expect(try Self.run(evaluator, into: temporary("merged"), resume: true).evaluated == 0)
        #expect(evaluator.calls.evaluations.isEmpty)
    }

    @Test("running groups in parallel gives byte-identical results")
    func parallelGroups() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("one"))
        let summary = try Self.run(ToyEvaluator(), into: temporary("three"), parallelPoints: 3)
        #expect(summary.evaluated == 24)
        #expect(try Self.resultBytes(temporary("three")) == Self.resultBytes(temporary("one")))
    }

    @Test("a sweep interrupted mid-way and resumed equals an uninterrupted one, redoing no finished point")
    func interruptAndResume() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("uninterrupted"))
        var failing = ToyEvaluator()
        failing.failAfter = 10
        let error = try #require(throws: SweepError.self) { try Self.run(failing, into: temporary("resumed")) }
        guard case .pointFailed(let point, _, "interrupted") = error else {
            Issue.record("expected the interruption, got \(error)")
            return
        }
        // Points run group by group (0, 2, 4 share a chip, then 1, 3, 5, …): the first ten finish.
        let order = SweepRunner(spec: try Self.spec(failing), evaluator: failing).groups().flatMap { $0 }.map(\.index)
        #expect(order.prefix(11) == [0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9])
        #expect(point == order[10])
        let log = SweepFolder(temporary("resumed")).logURL
        let finishedBefore = try ResultLogLines.points(log)
        #expect(finishedBefore == Set(order.prefix(10)))
        #expect(!FileManager.default.fileExists(atPath: SweepFolder(temporary("resumed")).resultsURL.path))

        // Without --resume the folder is refused rather than overwritten.
        #expect(throws: SweepError.outputHasResults(folder: temporary("resumed").path, points: 10)) {
            try Self.run(ToyEvaluator(), into: temporary("resumed"))
        }
        let resuming = ToyEvaluator()
        let summary = try Self.run(resuming, into: temporary("resumed"), resume: true)
        #expect(summary.alreadyFinished == 10)
        #expect(summary.evaluated == 14)
        let spec = try Self.spec(resuming)
        let redone = resuming.calls.evaluations.filter { key in
            finishedBefore.contains { index in
                let point = spec.point(index, readTimePaths: resuming.readTimePaths)
                return key == String(point.seed) + "|" + point.configuration.canonicalJSON()
            }
        }
        #expect(redone.isEmpty)
        #expect(try Self.resultBytes(temporary("resumed")) == Self.resultBytes(temporary("uninterrupted")))
    }

    @Test("a torn last line (a kill during a write) is dropped on resume and that point runs again")
    func tornLine() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("uninterrupted"))
        var failing = ToyEvaluator()
        failing.failAfter = 7
        #expect(throws: SweepError.self) { try Self.run(failing, into: temporary("torn")) }
        // Append the first half of the uninterrupted run's eighth log line, without its newline.
        let log = SweepFolder(temporary("torn")).logURL
        let whole = try String(contentsOf: SweepFolder(temporary("uninterrupted")).logURL, encoding: .utf8)
        let eighth = whole.split(separator: "\n")[7]
        let torn = Data(eighth.utf8.prefix(eighth.utf8.count / 2))
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: torn)
        try handle.close()
        // Without --resume the folder is refused and left as it is.
        #expect(throws: SweepError.outputHasResults(folder: temporary("torn").path, points: 7)) {
            try Self.run(ToyEvaluator(), into: temporary("torn"))
        }
        #expect(try Data(contentsOf: log).suffix(torn.count) == torn)
        // Merge reads a torn log without changing it, and reports the point missing.
        #expect(throws: SweepError.self) { try SweepMerge.merge([temporary("torn")], into: temporary("torn")) }

        let resuming = ToyEvaluator()
        let summary = try Self.run(resuming, into: temporary("torn"), resume: true)
        #expect(summary.droppedBytes == torn.count)
        #expect(summary.alreadyFinished == 7)
        #expect(summary.evaluated == 17)
        #expect(try ResultLogLines.count(log) == 24)
        #expect(try Self.resultBytes(temporary("torn")) == Self.resultBytes(temporary("uninterrupted")))
    }

    @Test("resuming with a different spec is refused")
    func specChanged() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("out"))
        let evaluator = ToyEvaluator()
        let changed = try Self.spec(evaluator, text: Self.specText.replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 6"))
        let runner = SweepRunner(spec: changed, evaluator: evaluator, options: SweepOptions(resume: true, progress: .silent))
        #expect(throws: SweepError.specChanged(file: SweepFolder(temporary("out")).experimentURL.path)) {
            try runner.run(output: temporary("out"))
        }
    }

    @Test("a log line that is not a record, or not the spec's point, is reported with its line number")
    func corruptLog() throws {
        let temporary = try TemporaryFolder()
        try Self.run(ToyEvaluator(), into: temporary("out"))
        let log = SweepFolder(temporary("out")).logURL
        var lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        let original = lines
        lines[3] = "{\"point\": 3}"
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        #expect(throws: SweepError.corruptLog(file: log.path, line: 4, reason: "missing key 'experiment'")) {
            try Self.run(ToyEvaluator(), into: temporary("out"), resume: true)
        }
        lines = original
        lines[5] = lines[5].replacingOccurrences(of: "\"images\":10", with: "\"images\":11")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let error = try #require(throws: SweepError.self) { try Self.run(ToyEvaluator(), into: temporary("out"), resume: true) }
        guard case .recordMismatch(log.path, 6, _, "its swept values or configuration differ from the spec's") = error else {
            Issue.record("expected a mismatch on line 6, got \(error)")
            return
        }
    }

    @Test("merge refuses incomplete shards, different experiments and conflicting results")
    func mergeErrors() throws {
        let temporary = try TemporaryFolder()
        for index in 1...2 {
            try Self.run(ToyEvaluator(), into: temporary("shard-\(index)"), shard: try Shard(index: index, count: 2))
        }
        let error = try #require(throws: SweepError.self) {
            try SweepMerge.merge([temporary("shard-1")], into: temporary("merged"))
        }
        guard case .incomplete(12, 24, let first) = error else {
            Issue.record("expected 12 of 24 missing, got \(error)")
            return
        }
        #expect(first.count == 10)

        let evaluator = ToyEvaluator()
        let other = try Self.spec(evaluator, text: Self.specText.replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 6"))
        try SweepRunner(spec: other, evaluator: evaluator, options: SweepOptions(progress: .silent)).run(output: temporary("other"))
        #expect(throws: SweepError.differentExperiments(first: temporary("shard-1").path, second: temporary("other").path)) {
            try SweepMerge.merge([temporary("shard-1"), temporary("other")], into: temporary("merged"))
        }

        // A copy of shard 1 whose first point has other metrics conflicts with the original.
        try FileManager.default.copyItem(at: temporary("shard-1"), to: temporary("tampered"))
        let log = SweepFolder(temporary("tampered")).logURL
        var lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"digital\":0.98", with: "\"digital\":0.5")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let point = try #require(try JSONValue.parse(Data(lines[0].utf8)).value(at: "point")?.numberValue)
        #expect(throws: SweepError.conflictingResults(
            point: Int(point), first: SweepFolder(temporary("shard-1")).logURL.path, second: log.path)) {
            try SweepMerge.merge([temporary("shard-1"), temporary("tampered"), temporary("shard-2")], into: temporary("merged"))
        }
        // A folder with results that is not an input is not overwritten.
        #expect(throws: SweepError.outputNotAnInput(folder: temporary("other").path)) {
            try SweepMerge.merge([temporary("shard-1"), temporary("shard-2")], into: temporary("other"))
        }
        // The same shard twice is harmless.
        let merged = try SweepMerge.merge([temporary("shard-1"), temporary("shard-1"), temporary("shard-2")], into: temporary("merged"))
        #expect(merged == SweepMerge.Summary(points: 24, recordsRead: 36, tornLines: 0))
    }

    /// An evaluator with nothing to prepare whose metrics are the seed, or not an object.
    struct SeedEvaluator: SweepEvaluator {
        var objectMetrics = true
        func validate(_ configuration: JSONValue) throws {}
        func evaluate(_ configuration: JSONValue, seed: UInt64, preparation: Void) throws -> JSONValue {
            objectMetrics ? ["seed": .number(Double(seed))] : .number(Double(seed))
        }
    }

    @Test("an evaluator without preparation runs each point on its own; metrics must be an object")
    func evaluatorWithoutPreparation() throws {
        let temporary = try TemporaryFolder()
        let spec = try ExperimentSpec.parse(Data(Self.specText.utf8), file: "toy.json")
        let runner = SweepRunner(spec: spec, evaluator: SeedEvaluator(), options: SweepOptions(progress: .silent))
        #expect(runner.groups().count == 24)
        let summary = try runner.run(output: temporary("out"))
        #expect(summary.preparations == 24)
        let table = try CSVTable.load(SweepFolder(temporary("out")).csvURL)
        #expect(table.column("metrics.seed") == table.column("seed"))
        let failing = SweepRunner(spec: spec, evaluator: SeedEvaluator(objectMetrics: false), options: SweepOptions(progress: .silent))
        #expect(throws: SweepError.metricsNotAnObject(point: 0, found: "a number")) { try failing.run(output: temporary("bad")) }
    }

    @Test("shard syntax is i/n with 1 ≤ i ≤ n")
    func shardParsing() throws {
        #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        #expect(try Shard(parsing: "1/1") == Shard.whole)
        for text in ["0/4", "5/4", "2", "a/b", "2/0", "-1/3", "1/2/3"] {
            #expect(throws: SweepError.invalidShard(text)) { try Shard(parsing: text) }
        }
    }
}

/// Reads a `points.jsonl` log in tests.
enum ResultLogLines {
    static func count(_ log: URL) throws -> Int {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count
    }

    static func points(_ log: URL) throws -> Set<Int> {
        Set(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { line in
            Int(try #require(try JSONValue.parse(Data(line.utf8)).value(at: "point")?.numberValue))
        })
    }
}
