import DataFiles
import Foundation
import Numerics

/// An experiment: the settings every compared point shares (iso), the settings it sweeps
/// (free), and how many times each point is repeated with a different seed.
///
/// The file format (`Experiments/*.json`):
/// ```json
/// {
///   "name": "adc-resolution",
///   "description": "Accuracy and energy per inference vs ADC bits, per device.",
///   "seed": 1,
///   "repetitions": 3,
///   "evaluation": "run",
///   "configuration": {
///     "network": "lenet5", "images": 1000, "architecture": "isaac",
///     "device": {"preset": "reram"}, "adc": {"bits": 8}
///   },
///   "axes": [
///     {"path": "device.preset", "values": ["reram", "pcm", "sttmram", "sram"]},
///     {"path": "adc.bits", "range": {"from": 4, "to": 10, "count": 7}},
///     {"zip": [
///       {"path": "array.rows", "values": [64, 128, 256]},
///       {"path": "array.columns", "values": [64, 128, 256]}
///     ]}
///   ]
/// }
/// ```
/// `evaluation` (optional) says how points are evaluated (``EvaluationKind``: `run`, the
/// default, or `estimate`). `configuration` is the full run configuration (the tree `crossbar run` takes); each axis
/// sets one dotted path in it to each of its values (a list, or a `range` — see
/// ``ValueRange``). The points are the grid (Cartesian product) of the `axes` entries, the
/// first varying slowest; a `zip` entry varies its axes together. Each grid point runs
/// `repetitions` times (default 1) with different seeds (see ``SweepPoint/seed(base:free:repetition:)``),
/// repetitions innermost. `axes` may be empty: the experiment is then the shared
/// configuration alone, repeated.
///
/// Loading checks the structure and names the field of every error (``ExperimentSpecError``).
/// A swept path must exist in `configuration` unless a validator is given: then each point's
/// configuration is passed to it instead, so an evaluator's schema decides (and rejects a
/// misspelled `adc.bitz` before anything runs).
public struct ExperimentSpec: Sendable, Equatable {
    /// Short name: letters, digits, `.`, `_` and `-` (it names result folders).
    public let name: String
    /// What the experiment shows.
    public let description: String
    /// The base seed every point's seed derives from; below 2⁵³.
    public let seed: UInt64
    /// How many times each grid point runs, each with its own seed.
    public let repetitions: Int
    /// How the points are evaluated.
    public let evaluation: EvaluationKind
    /// The shared (iso) configuration.
    public let configuration: JSONValue
    /// The swept (free) dimensions, combined as a grid.
    public let dimensions: [SweepDimension]
    /// The file the spec came from, for messages.
    public let file: String
    /// The spec as parsed: what a sweep writes to `experiment.json` and compares on resume.
    public let document: JSONValue
    /// Each grid point's swept values (an object keyed by path) and full configuration.
    let combinations: [Combination]

    /// A grid point before repetitions.
    struct Combination: Sendable, Equatable {
        let free: JSONValue
        let configuration: JSONValue
    }

    /// The number of points: grid points × repetitions.
    public var pointCount: Int { combinations.count * repetitions }

    /// Every point in order. `readTimePaths` are the evaluator's (see
    /// ``SweepEvaluator/readTimePaths``): swept values at those paths do not enter the seed.
    public func points(readTimePaths: [String] = []) -> [SweepPoint] {
        (0..<pointCount).map { point($0, readTimePaths: readTimePaths) }
    }

    /// The point at `index` (in `0..<pointCount`).
    public func point(_ index: Int, readTimePaths: [String] = []) -> SweepPoint {
        precondition((0..<pointCount).contains(index), "point index out of range")
        let combination = combinations[index / repetitions]
        let repetition = index % repetitions
        var seedFree = combination.free
        if case .object(let members) = combination.free {
            seedFree = .object(members.filter { path, _ in !Self.isReadTime(path, readTimePaths) })
        }
        return SweepPoint(
            index: index, repetition: repetition, free: combination.free, configuration: combination.configuration,
            seed: SweepPoint.seed(base: seed, free: seedFree, repetition: repetition))
    }

    /// Whether `path` is one of `readTimePaths` or lies inside one.
    static func isReadTime(_ path: String, _ readTimePaths: [String]) -> Bool {
        readTimePaths.contains { path == $0 || path.hasPrefix($0 + ".") }
    }

    /// Reads and checks the spec in `url` (see ``parse(_:file:validate:)``).
    public static func load(_ url: URL, validate: (@Sendable (JSONValue) throws -> Void)? = nil) throws
        -> ExperimentSpec
    {
        try parse(try contents(of: url), file: url.path, validate: validate)
    }

    /// The `evaluation` field of the spec in `url` (``EvaluationKind/run`` when absent), read
    /// before the spec is loaded so that the matching evaluator can validate its points.
    public static func evaluationKind(of url: URL) throws -> EvaluationKind {
        try SpecReader(file: url.path).evaluationKind(try document(try contents(of: url), file: url.path).value(at: "evaluation"))
    }

    /// Parses and checks a spec; `file` names it in errors.
    ///
    /// Without `validate`, every swept path must exist in the shared configuration and each
    /// swept value must have the JSON type of the value it replaces. With `validate`, a swept
    /// path may be absent from the shared configuration, and every grid point's configuration
    /// is passed to `validate`, whose error becomes ``ExperimentSpecError/rejectedConfiguration(file:point:reason:)``.
    public static func parse(_ data: Data, file: String, validate: (@Sendable (JSONValue) throws -> Void)? = nil)
        throws -> ExperimentSpec
    {
        try SpecReader(file: file).spec(from: try document(data, file: file), strictPaths: validate == nil, validate: validate)
    }

    /// The bytes of the file at `url`.
    private static func contents(of url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ExperimentSpecError.malformedJSON(file: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// `data` parsed as JSON; `file` names it in errors.
    private static func document(_ data: Data, file: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(data)
        } catch {
            throw ExperimentSpecError.malformedJSON(file: file, reason: error.description)
        }
    }

    /// A spec from its parts; `SpecReader` has checked them.
    init(
        name: String, description: String, seed: UInt64, repetitions: Int, evaluation: EvaluationKind, configuration: JSONValue,
        dimensions: [SweepDimension], file: String, document: JSONValue, combinations: [Combination]
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.repetitions = repetitions
        self.evaluation = evaluation
        self.configuration = configuration
        self.dimensions = dimensions
        self.file = file
        self.document = document
        self.combinations = combinations
    }
}
