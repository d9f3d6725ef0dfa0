/// Why a sweep, a resume or a merge cannot go on; every message names the file or point.
public enum SweepError: Error, Equatable, CustomStringConvertible {
    /// A shard that is not `i/n` with `1 ≤ i ≤ n`.
    case invalidShard(String)
    /// The output folder already holds a sweep's log and `resume` was not asked for.
    case outputHasResults(folder: String, points: Int)
    /// The output folder's `experiment.json` is not the spec being run.
    case specChanged(file: String)
    /// A line of a result log that is not a result record.
    case corruptLog(file: String, line: Int, reason: String)
    /// A logged point that does not match the experiment's point of that index.
    case recordMismatch(file: String, line: Int, point: Int, reason: String)
    /// The same point logged twice with different results.
    case conflictingResults(point: Int, first: String, second: String)
    /// The evaluator failed on a point (`label` lists its swept values).
    case pointFailed(point: Int, label: String, reason: String)
    /// The evaluator returned metrics that are not a JSON object.
    case metricsNotAnObject(point: Int, found: String)
    /// A folder given to merge has no `experiment.json`.
    case notASweepFolder(folder: String)
    /// Folders given to merge come from different experiments.
    case differentExperiments(first: String, second: String)
    /// Merged folders miss points of the experiment.
    case incomplete(missing: Int, total: Int, firstMissing: [Int])
    /// Merge would overwrite results in a folder that is not one of its inputs.
    case outputNotAnInput(folder: String)
    /// Merge was given no folders.
    case noInputs
    /// A file could not be read or written (the message names it and the system's reason).
    case fileSystem(String)

    public var description: String {
        switch self {
        case .invalidShard(let text):
            "'\(text)' is not a shard: expected i/n with 1 ≤ i ≤ n, such as 2/4"
        case .outputHasResults(let folder, let points):
            "\(folder) already holds a sweep (\(points) finished point(s)); pass --resume to finish it, or choose another output folder"
        case .specChanged(let file):
            "\(file) describes a different experiment than the spec being run; resume only with the spec that started the sweep, or choose another output folder"
        case .corruptLog(let file, let line, let reason):
            "\(file), line \(line): not a result record: \(reason)"
        case .recordMismatch(let file, let line, let point, let reason):
            "\(file), line \(line): point \(point) does not match the experiment: \(reason)"
        case .conflictingResults(let point, let first, let second):
            "point \(point) has different results in \(first) and \(second)"
        case .pointFailed(let point, let label, let reason):
            "point \(point) (\(label)) failed: \(reason)"
        case .metricsNotAnObject(let point, let found):
            "point \(point): the evaluator returned \(found) instead of a JSON object of metrics"
        case .notASweepFolder(let folder):
            "\(folder) has no experiment.json: not the output folder of a sweep"
        case .differentExperiments(let first, let second):
            "\(first) and \(second) come from different experiments (their experiment.json differ)"
        case .incomplete(let missing, let total, let firstMissing):
            "\(missing) of \(total) points are missing (first: "
                + firstMissing.map(String.init).joined(separator: ", ")
                + "); run the missing shards (crossbar sweep … --shard i/n --resume) and merge again"
        case .outputNotAnInput(let folder):
            "\(folder) already holds results that are not among the merged folders; list it as an input to keep them, or choose another output folder"
        case .noInputs:
            "no folders to merge"
        case .fileSystem(let message):
            message
        }
    }
}
