import DataFiles
import Foundation
import Numerics

/// The output folder of a sweep, a shard or a merge.
///
/// ```
/// experiment.json   the spec, canonical JSON (sorted keys, two-space indent)
/// points.jsonl      the log: one record per finished point, with timing, in finishing order
/// results.jsonl     the records sorted by point, without timing
/// results.csv       the same as a flat CSV: point, repetition, seed, experiment,
///                   crossbarVersion, configuration.* and metrics.* (sorted dotted columns)
/// timing.csv        point, prepareSeconds, evaluateSeconds, finishedAt, host
/// ```
/// `points.jsonl` is written as points finish; the other files are written when a sweep or
/// merge completes, each atomically (a temporary file renamed over the old one). Runs of the
/// same experiment give byte-identical `experiment.json`, `results.jsonl` and `results.csv`
/// however they were sharded, resumed or run in parallel; only `points.jsonl` and
/// `timing.csv` differ.
public struct SweepFolder: Sendable {
    /// The folder.
    public let url: URL

    /// The folder at `url`.
    public init(_ url: URL) { self.url = url }

    /// Where a sweep writes when no folder is given: `results/<name>/` in `directory` (the
    /// working directory: `crossbar sweep Experiments/adc-resolution.json` run from the
    /// package writes `results/adc-resolution/`, not over the committed results in
    /// `Experiments/results/`), and `results/<name>/shard-<i>/` for shard `i` of several, which
    /// ``SweepMerge`` then combines into `results/<name>/` (the layout
    /// `Experiments/slurm/sweep.sbatch` uses).
    public static func defaultLocation(for spec: ExperimentSpec, shard: Shard, in directory: URL) -> URL {
        let folder = directory.appendingPathComponent("results").appendingPathComponent(spec.name)
        return shard.count == 1 ? folder : folder.appendingPathComponent("shard-\(shard.index)")
    }

    /// `experiment.json`.
    public var experimentURL: URL { url.appendingPathComponent("experiment.json") }
    /// `points.jsonl`.
    public var logURL: URL { url.appendingPathComponent("points.jsonl") }
    /// `results.jsonl`.
    public var resultsURL: URL { url.appendingPathComponent("results.jsonl") }
    /// `results.csv`.
    public var csvURL: URL { url.appendingPathComponent("results.csv") }
    /// `timing.csv`.
    public var timingURL: URL { url.appendingPathComponent("timing.csv") }

    /// Creates the folder if needed.
    func create() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SweepError.fileSystem("cannot create \(url.path): \(error.localizedDescription)")
        }
    }

    /// The spec recorded in `experiment.json`, or `nil` if there is none.
    func readExperiment() throws -> JSONValue? {
        guard FileManager.default.fileExists(atPath: experimentURL.path) else { return nil }
        do {
            return try JSONValue.parse(Data(contentsOf: experimentURL))
        } catch {
            throw SweepError.corruptLog(file: experimentURL.path, line: 1, reason: "not valid JSON")
        }
    }

    /// Writes `document` to `experiment.json`.
    func writeExperiment(_ document: JSONValue) throws {
        try write(document.canonicalJSON(pretty: true) + "\n", to: experimentURL)
    }

    /// Writes `points.jsonl` afresh with `records` in point order (what a merge produces).
    func writeLog(_ records: [SweepRecord]) throws {
        try write(records.map { $0.logEntry.canonicalJSON() + "\n" }.joined(), to: logURL)
    }

    /// Writes `results.jsonl`, `results.csv` and `timing.csv` from `records`, sorted by point.
    public func writeResults(_ records: [SweepRecord]) throws {
        let sorted = records.sorted { $0.point < $1.point }
        try write(sorted.map { $0.result.canonicalJSON() + "\n" }.joined(), to: resultsURL)
        try write(Self.resultsTable(sorted).text, to: csvURL)
        let timing = CSVTable(
            columns: ["point"] + SweepTiming.columns, rows: sorted.map { [String($0.point)] + $0.timing.cells })
        try write(timing.text, to: timingURL)
    }

    /// The records as a flat table: the leading columns, then every `configuration.*` and
    /// `metrics.*` column any record has, each group sorted; a record without a column has an
    /// empty cell there.
    public static func resultsTable(_ records: [SweepRecord]) -> CSVTable {
        let cells = records.map(\.cells)
        let flat = Set(cells.flatMap(\.keys)).subtracting(SweepRecord.leadingColumns)
        let columns = SweepRecord.leadingColumns
            + flat.filter { $0.hasPrefix("configuration.") }.sorted() + flat.filter { $0.hasPrefix("metrics.") }.sorted()
        return CSVTable(columns: columns, rows: cells.map { row in columns.map { row[$0] ?? "" } })
    }

    /// One record per point from `records` (with the file each came from, for messages), in
    /// point order. The same point may appear more than once only with identical results
    /// (timing may differ); the first is kept.
    static func unique(_ records: [(source: String, record: SweepRecord)]) throws -> [SweepRecord] {
        var byPoint: [Int: (source: String, record: SweepRecord)] = [:]
        for entry in records {
            if let earlier = byPoint[entry.record.point] {
                guard earlier.record.result == entry.record.result else {
                    throw SweepError.conflictingResults(point: entry.record.point, first: earlier.source, second: entry.source)
                }
            } else {
                byPoint[entry.record.point] = entry
            }
        }
        return byPoint.keys.sorted().map { byPoint[$0]!.record }
    }

    /// Throws unless `record` (line `line` of `file`) is the experiment's point of its index;
    /// with `readTimePaths` given, its seed is checked too.
    static func check(_ record: SweepRecord, line: Int, file: String, against spec: ExperimentSpec, readTimePaths: [String]?)
        throws
    {
        func mismatch(_ reason: String) -> SweepError {
            .recordMismatch(file: file, line: line, point: record.point, reason: reason)
        }
        guard record.point < spec.pointCount else {
            throw mismatch("the experiment has only \(spec.pointCount) points")
        }
        let expected = spec.point(record.point, readTimePaths: readTimePaths ?? [])
        guard record.experiment == spec.name else { throw mismatch("it belongs to experiment '\(record.experiment)'") }
        guard record.repetition == expected.repetition, record.free == expected.free,
            record.configuration == expected.configuration
        else { throw mismatch("its swept values or configuration differ from the spec's") }
        if readTimePaths != nil, record.seed != expected.seed {
            throw mismatch("its seed is \(record.seed), the spec gives \(expected.seed)")
        }
    }

    private func write(_ text: String, to file: URL) throws {
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw SweepError.fileSystem("cannot write \(file.path): \(error.localizedDescription)")
        }
    }
}
