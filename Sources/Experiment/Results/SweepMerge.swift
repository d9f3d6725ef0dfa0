import Foundation
import Numerics

/// Combines the output folders of shards (or of any runs of one experiment) into one folder
/// holding exactly what an unsharded run writes.
///
/// Every input must hold the same `experiment.json`; together their logs must hold every
/// point of the experiment. A point found in several inputs must have identical results
/// (timing may differ). The output gets `experiment.json`, `points.jsonl` (the union of the
/// logs, in point order) and the result files (see ``SweepFolder``), so its `experiment.json`,
/// `results.jsonl` and `results.csv` are byte-identical to an unsharded run's.
public enum SweepMerge {
    /// What a merge combined.
    public struct Summary: Sendable, Hashable {
        /// Points in the experiment (all present in the output).
        public let points: Int
        /// Records read from the inputs, duplicates included.
        public let recordsRead: Int
        /// Torn last lines (points killed while being written) ignored in the inputs.
        public let tornLines: Int

        /// A summary with the given counts.
        public init(points: Int, recordsRead: Int, tornLines: Int) {
            self.points = points
            self.recordsRead = recordsRead
            self.tornLines = tornLines
        }
    }

    /// Merges `inputs` into `output` (which may be one of the inputs).
    @discardableResult
    public static func merge(_ inputs: [URL], into output: URL) throws -> Summary {
        guard let firstInput = inputs.first else { throw SweepError.noInputs }
        let outputFolder = SweepFolder(output)
        let inputPaths = Set(inputs.map { $0.standardizedFileURL.path })
        if !inputPaths.contains(output.standardizedFileURL.path),
            FileManager.default.fileExists(atPath: outputFolder.logURL.path)
        {
            throw SweepError.outputNotAnInput(folder: output.path)
        }
        guard let document = try SweepFolder(firstInput).readExperiment() else {
            throw SweepError.notASweepFolder(folder: firstInput.path)
        }
        // The sweep that wrote the folders checked the configurations with its evaluator.
        let spec = try ExperimentSpec.parse(
            Data(document.canonicalJSON().utf8), file: SweepFolder(firstInput).experimentURL.path, validate: { _ in })
        var records: [(source: String, record: SweepRecord)] = []
        var tornLines = 0
        for input in inputs {
            let folder = SweepFolder(input)
            guard let recorded = try folder.readExperiment() else { throw SweepError.notASweepFolder(folder: input.path) }
            guard recorded == document else {
                throw SweepError.differentExperiments(first: firstInput.path, second: input.path)
            }
            let (logged, dropped) = try ResultLog.read(folder.logURL, repair: false)
            tornLines += dropped > 0 ? 1 : 0
            for (line, record) in logged {
                try SweepFolder.check(record, line: line, file: folder.logURL.path, against: spec, readTimePaths: nil)
                records.append((folder.logURL.path, record))
            }
        }
        let merged = try SweepFolder.unique(records)
        if merged.count < spec.pointCount {
            let present = Set(merged.map(\.point))
            let missing = (0..<spec.pointCount).filter { !present.contains($0) }
            throw SweepError.incomplete(missing: missing.count, total: spec.pointCount, firstMissing: Array(missing.prefix(10)))
        }
        try outputFolder.create()
        try outputFolder.writeExperiment(document)
        try outputFolder.writeLog(merged)
        try outputFolder.writeResults(merged)
        return Summary(points: merged.count, recordsRead: records.count, tornLines: tornLines)
    }
}
