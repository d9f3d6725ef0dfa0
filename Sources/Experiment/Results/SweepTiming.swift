import DataFiles
import Numerics

/// How long a point took and where it ran: kept apart from results, because it differs
/// between runs that are otherwise identical.
public struct SweepTiming: Sendable, Hashable {
    /// Wall time of the preparation (programming) this point triggered; 0 when it reused the
    /// preparation of an earlier point of its group.
    public let prepareSeconds: Double
    /// Wall time of the point's evaluation.
    public let evaluateSeconds: Double
    /// When the point finished, ISO 8601 in UTC.
    public let finishedAt: String
    /// The host that ran it.
    public let host: String

    /// Timing values.
    public init(prepareSeconds: Double, evaluateSeconds: Double, finishedAt: String, host: String) {
        self.prepareSeconds = prepareSeconds
        self.evaluateSeconds = evaluateSeconds
        self.finishedAt = finishedAt
        self.host = host
    }

    /// The timing as a JSON object.
    var json: JSONValue {
        [
            "prepareSeconds": .number(prepareSeconds), "evaluateSeconds": .number(evaluateSeconds),
            "finishedAt": .string(finishedAt), "host": .string(host),
        ]
    }

    /// The columns of `timing.csv`, after `point`.
    static let columns = ["prepareSeconds", "evaluateSeconds", "finishedAt", "host"]

    /// This timing's `timing.csv` cells, in the order of ``columns``.
    var cells: [String] {
        [
            CSVTable.cell(.number(prepareSeconds)), CSVTable.cell(.number(evaluateSeconds)), finishedAt, host,
        ]
    }

    /// Reads the timing object of a log line; `nil` when it is not one.
    init?(json: JSONValue) {
        guard case .object(let members) = json, members.count == 4,
            case .number(let prepare) = members["prepareSeconds"],
            case .number(let evaluate) = members["evaluateSeconds"],
            case .string(let finishedAt) = members["finishedAt"], case .string(let host) = members["host"]
        else { return nil }
        self.init(prepareSeconds: prepare, evaluateSeconds: evaluate, finishedAt: finishedAt, host: host)
    }
}
