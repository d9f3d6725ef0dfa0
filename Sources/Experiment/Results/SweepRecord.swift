import DataFiles
import Numerics

/// The result of one point: everything needed to re-run it alone (full configuration, seed,
/// Crossbar version) and its metrics, plus timing kept apart.
///
/// A record is written as one line of canonical JSON (sorted keys, compact):
/// ```json
/// {"configuration":{…},"crossbarVersion":"0.1.0","experiment":"adc-resolution",
///  "free":{"adc.bits":6},"metrics":{…},"point":12,"repetition":0,"seed":3960508916434617}
/// ```
/// `points.jsonl` (the log written as points finish) adds a `"timing"` object; `results.jsonl`
/// leaves it out, so that runs of the same experiment give byte-identical results however
/// they were sharded or resumed. To re-run a record alone, run its `configuration` with its `seed`.
public struct SweepRecord: Sendable, Hashable {
    /// The experiment's name.
    public let experiment: String
    /// The point's index in the experiment.
    public let point: Int
    /// The point's repetition, from 0.
    public let repetition: Int
    /// The point's seed.
    public let seed: UInt64
    /// The swept values, keyed by dotted path.
    public let free: JSONValue
    /// The full configuration the point ran.
    public let configuration: JSONValue
    /// The evaluator's metrics (a JSON object).
    public let metrics: JSONValue
    /// The Crossbar version that computed the metrics.
    public let crossbarVersion: String
    /// How long the point took and where it ran.
    public let timing: SweepTiming

    /// A record of `point` with `metrics`.
    public init(
        experiment: String, point: SweepPoint, metrics: JSONValue, crossbarVersion: String = CrossbarVersion.current,
        timing: SweepTiming
    ) {
        self.experiment = experiment
        self.point = point.index
        self.repetition = point.repetition
        self.seed = point.seed
        self.free = point.free
        self.configuration = point.configuration
        self.metrics = metrics
        self.crossbarVersion = crossbarVersion
        self.timing = timing
    }

    /// The record without timing: one line of `results.jsonl`.
    public var result: JSONValue { .object(resultMembers) }

    /// The record with timing: one line of `points.jsonl`.
    public var logEntry: JSONValue { .object(resultMembers.merging(["timing": timing.json]) { _, timing in timing }) }

    private var resultMembers: [String: JSONValue] {
        [
            "experiment": .string(experiment), "point": .number(Double(point)),
            "repetition": .number(Double(repetition)), "seed": .number(Double(seed)), "free": free,
            "configuration": configuration, "metrics": metrics, "crossbarVersion": .string(crossbarVersion),
        ]
    }

    /// The columns every results CSV starts with, before `configuration.*` and `metrics.*`.
    static let leadingColumns = ["point", "repetition", "seed", "experiment", "crossbarVersion"]

    /// The record's CSV cells by column: the leading columns, then the configuration and the
    /// metrics flattened to dotted columns.
    var cells: [String: String] {
        var cells = [
            "point": String(point), "repetition": String(repetition), "seed": String(seed),
            "experiment": experiment, "crossbarVersion": crossbarVersion,
        ]
        for (column, value) in configuration.flattened(prefix: "configuration") + metrics.flattened(prefix: "metrics") {
            cells[column] = CSVTable.cell(value)
        }
        return cells
    }

    /// Reads a line of `points.jsonl`; throws a message saying what is wrong.
    init(entry: JSONValue) throws(RecordFormat) {
        guard case .object(let members) = entry else { throw RecordFormat("the line is \(entry.typeName), not an object") }
        let required = [
            "experiment", "point", "repetition", "seed", "free", "configuration", "metrics", "crossbarVersion", "timing",
        ]
        if let unknown = members.keys.sorted().first(where: { !required.contains($0) }) {
            throw RecordFormat("unknown key '\(unknown)'")
        }
        if let missing = required.first(where: { members[$0] == nil }) { throw RecordFormat("missing key '\(missing)'") }
        func count(_ key: String) throws(RecordFormat) -> Double {
            guard case .number(let value) = members[key], value >= 0, value == value.rounded(), value < 0x1p53 else {
                throw RecordFormat("'\(key)' is not a non-negative integer")
            }
            return value
        }
        guard case .string(let experiment) = members["experiment"]!,
            case .string(let version) = members["crossbarVersion"]!
        else { throw RecordFormat("'experiment' and 'crossbarVersion' must be strings") }
        guard case .object = members["free"]!, case .object = members["configuration"]!, case .object = members["metrics"]!
        else { throw RecordFormat("'free', 'configuration' and 'metrics' must be objects") }
        guard let timing = SweepTiming(json: members["timing"]!) else {
            throw RecordFormat("'timing' must hold prepareSeconds, evaluateSeconds, finishedAt and host")
        }
        self.experiment = experiment
        self.point = Int(try count("point"))
        self.repetition = Int(try count("repetition"))
        self.seed = UInt64(try count("seed"))
        self.free = members["free"]!
        self.configuration = members["configuration"]!
        self.metrics = members["metrics"]!
        self.crossbarVersion = version
        self.timing = timing
    }

    /// What is wrong with a line that should hold a record.
    struct RecordFormat: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
