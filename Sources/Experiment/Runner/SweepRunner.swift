import DataFiles
import Foundation
import Numerics
import Synchronization

/// Runs an experiment's points through an evaluator and writes their results to a
/// ``SweepFolder``, resumably and shardably.
///
/// ```swift
/// let spec = try ExperimentSpec.load(url, validate: { try evaluator.validate($0) })
/// let runner = SweepRunner(spec: spec, evaluator: evaluator, options: SweepOptions(shard: try Shard(parsing: "2/4")))
/// let summary = try runner.run(output: URL(fileURLWithPath: "results/shard-2"))
/// ```
///
/// The points of the shard run in programming groups (see ``SweepEvaluator``), groups and the
/// points inside them in point order. Each finished point is appended to `points.jsonl` at once
/// (see ``ResultLog``); when the shard is complete, the folder's result files are written from
/// the log. With `resume`, the points the log holds are checked against the spec and skipped.
/// The first failing point stops the sweep (points already finished stay in the log) and its
/// error is thrown.
public struct SweepRunner<Evaluator: SweepEvaluator>: Sendable {
    /// The experiment.
    public let spec: ExperimentSpec
    /// What each point computes.
    public let evaluator: Evaluator
    /// Shard, resume, parallelism, progress.
    public let options: SweepOptions

    /// A runner; `spec` should have been loaded with the evaluator's `validate`.
    public init(spec: ExperimentSpec, evaluator: Evaluator, options: SweepOptions = SweepOptions()) {
        self.spec = spec
        self.evaluator = evaluator
        self.options = options
    }

    /// The shard's programming groups in the order they run: each a list of points that share
    /// one preparation.
    public func groups() -> [[SweepPoint]] {
        let readTimePaths = evaluator.readTimePaths
        var keys: [String] = []
        var members: [String: [SweepPoint]] = [:]
        for point in spec.points(readTimePaths: readTimePaths) {
            var programming = point.configuration
            for path in readTimePaths { programming.removeValue(at: path) }
            let key = programming.canonicalJSON() + "#" + String(point.seed)
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append(point)
        }
        return keys.enumerated().filter { options.shard.contains(groupOrdinal: $0.offset) }.map { members[$0.element]! }
    }

    /// Runs the shard's unfinished points and writes the folder's result files.
    @discardableResult
    public func run(output: URL) throws -> SweepSummary {
        let folder = SweepFolder(output)
        try folder.create()
        if let recorded = try folder.readExperiment(), recorded != spec.document {
            throw SweepError.specChanged(file: folder.experimentURL.path)
        }
        let (logged, dropped) = try ResultLog.read(folder.logURL, repair: options.resume)
        if !options.resume, !logged.isEmpty || dropped > 0 {
            throw SweepError.outputHasResults(folder: output.path, points: logged.count)
        }
        for (line, record) in logged {
            try SweepFolder.check(
                record, line: line, file: folder.logURL.path, against: spec, readTimePaths: evaluator.readTimePaths)
        }
        let finished = Set(try SweepFolder.unique(logged.map { (folder.logURL.path, $0.record) }).map(\.point))
        try folder.writeExperiment(spec.document)

        let groups = groups()
        let shardPoints = groups.reduce(0) { $0 + $1.count }
        let pending = groups.map { $0.filter { !finished.contains($0.index) } }.filter { !$0.isEmpty }
        let alreadyFinished = shardPoints - pending.reduce(0) { $0 + $1.count }
        let progress = SweepProgress(
            name: spec.name, total: shardPoints, alreadyDone: alreadyFinished, style: options.progress)
        let log = try ResultLog(appendingTo: folder.logURL)
        let counts = Mutex((evaluated: 0, preparations: 0))
        let failure = Mutex<(any Error)?>(nil)
        Parallel.forEach(pending.count, threads: options.parallelPoints) { index in
            do {
                try runGroup(pending[index], log: log, progress: progress, counts: counts, failure: failure)
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        progress.finish()
        if let error = failure.withLock({ $0 }) { throw error }

        let records = try ResultLog.read(folder.logURL, repair: false).records
        try folder.writeResults(try SweepFolder.unique(records.map { (folder.logURL.path, $0.record) }))
        let done = counts.withLock { $0 }
        return SweepSummary(
            experimentPoints: spec.pointCount, shardPoints: shardPoints, alreadyFinished: alreadyFinished,
            evaluated: done.evaluated, preparations: done.preparations, droppedBytes: dropped)
    }

    /// Prepares once and evaluates the group's points in order, logging each as it finishes;
    /// stops before the next point once any group has failed.
    private func runGroup(
        _ group: [SweepPoint], log: ResultLog, progress: SweepProgress,
        counts: borrowing Mutex<(evaluated: Int, preparations: Int)>, failure: borrowing Mutex<(any Error)?>
    ) throws {
        guard failure.withLock({ $0 == nil }), let first = group.first else { return }
        let host = ProcessInfo.processInfo.hostName
        var prepareSeconds = 0.0
        let preparation: Evaluator.Preparation
        do {
            let start = Self.now()
            preparation = try evaluator.prepare(first.configuration, seed: first.seed)
            prepareSeconds = Self.now() - start
        } catch {
            throw SweepError.pointFailed(point: first.index, label: first.label, reason: "\(error)")
        }
        counts.withLock { $0.preparations += 1 }
        for point in group {
            guard failure.withLock({ $0 == nil }) else { return }
            let start = Self.now()
            let metrics: JSONValue
            do {
                metrics = try evaluator.evaluate(point.configuration, seed: point.seed, preparation: preparation)
            } catch {
                throw SweepError.pointFailed(point: point.index, label: point.label, reason: "\(error)")
            }
            let evaluateSeconds = Self.now() - start
            guard case .object = metrics else {
                throw SweepError.metricsNotAnObject(point: point.index, found: metrics.typeName)
            }
            let timing = SweepTiming(
                prepareSeconds: prepareSeconds, evaluateSeconds: evaluateSeconds,
                finishedAt: Date().formatted(.iso8601), host: host)
            try log.append(SweepRecord(experiment: spec.name, point: point, metrics: metrics, timing: timing))
            prepareSeconds = 0
            counts.withLock { $0.evaluated += 1 }
            progress.pointFinished()
        }
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
}
