import DataFiles
import Experiment
import Foundation
import Numerics

/// `crossbar sweep`: run an experiment spec's points and write their results.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run an experiment (a JSON spec of shared and swept settings) and write one result per point.",
        discussion: """
            Every point is a `crossbar run` configuration: the spec's shared configuration with
            the swept values set, run with its own seed (derived from the spec's seed, the swept
            values and the repetition). Points that differ only in read-time settings
            (driftTimeSeconds, driftCompensation, readNoise) share one programmed chip. A spec
            with "evaluation": "estimate" prices each point as `crossbar estimate` does (no
            images, full activity), optionally within a "budget" {"watts", "squareMillimetres"}.

            Output folder (default: results/<name>/ in the working directory, and
            results/<name>/shard-<i>/ with --shard i/n):
              experiment.json  the spec that ran
              points.jsonl     one line per finished point, appended as it finishes (with timing)
              results.jsonl    the records sorted by point, without timing
              results.csv      one flat row per point: configuration.* and metrics.* columns
              timing.csv       seconds per point and the host it ran on
            A killed sweep loses only the point in flight; --resume finishes it without redoing
            finished points. Shards are combined with `crossbar merge`. Progress goes to
            standard error: a bar on a terminal, a line every 30 s otherwise.

            Examples:
              swift run -c release crossbar sweep Experiments/device-variation.json
              crossbar sweep Experiments/adc-resolution.json --shard 2/4 --out results/adc/shard-2
              crossbar sweep Experiments/adc-resolution.json --resume
            """)

    @Argument(name: "spec", help: "Experiment spec (JSON).") var spec: String
    @Option(help: "Output folder (default: results/<name>/ in the working directory).") var out: String?
    @Option(help: "Run only shard i of n (i/n, e.g. 2/4): whole groups of points dealt round-robin.") var shard: String?
    @Flag(help: "Finish the sweep in the output folder, skipping the points it holds.") var resume: Bool
    @Option(help: "Threads each point uses (default: all processors); results do not depend on it.") var threads: Int?
    @Flag(help: "Print a JSON summary on standard output.") var json: Bool

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
        if let shard {
            do {
                _ = try Shard(parsing: shard)
            } catch let error as SweepError {
                throw ValidationError("--shard: \(error)")
            }
        }
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let url = URL(fileURLWithPath: spec)
        switch try ExperimentSpec.evaluationKind(of: url) {
        case .run: try sweep(url, with: RunEvaluator(threads: threads))
        case .estimate: try sweep(url, with: EstimateEvaluator())
        }
    }

    /// Runs the spec at `url` with `evaluator` and reports.
    private func sweep<Evaluator: SweepEvaluator>(_ url: URL, with evaluator: Evaluator) throws {
        let spec = try ExperimentSpec.load(url, validate: { try evaluator.validate($0) })
        let shard = try self.shard.map { try Shard(parsing: $0) } ?? .whole
        let output = out.map { URL(fileURLWithPath: $0) } ?? SweepFolder.defaultLocation(
            for: spec, shard: shard, in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let runner = SweepRunner(spec: spec, evaluator: evaluator, options: SweepOptions(shard: shard, resume: resume))
        let summary = try runner.run(output: output)
        if json {
            let record: JSONValue = [
                "experiment": .string(spec.name), "folder": .string(output.path), "shard": .string(shard.description),
                "experimentPoints": .number(Double(summary.experimentPoints)),
                "shardPoints": .number(Double(summary.shardPoints)),
                "alreadyFinished": .number(Double(summary.alreadyFinished)),
                "evaluated": .number(Double(summary.evaluated)), "preparations": .number(Double(summary.preparations)),
                "droppedBytes": .number(Double(summary.droppedBytes)),
            ]
            print(record.canonicalJSON())
        } else {
            let part = shard.count == 1 ? "" : " (shard \(shard) of \(summary.experimentPoints) points)"
            print(
                "\(spec.name): \(summary.shardPoints) points\(part), \(summary.evaluated) run now on "
                    + "\(summary.preparations) programmed chip(s), \(summary.alreadyFinished) already finished; "
                    + "results in \(output.path)/results.csv")
        }
    }
}
