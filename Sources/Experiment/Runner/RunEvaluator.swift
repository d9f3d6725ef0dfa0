import Accelerator
import DataFiles
import Foundation
import Network
import Numerics

/// Runs sweep points on Crossbar's simulated accelerator: each point is a ``RunConfiguration``
/// tree (what `crossbar run --json` prints under `configuration`), its metrics are the run
/// report (``RunReport/json(includingTiming:)``, timing left out so results are reproducible).
///
/// - ``validate(_:)`` reads the tree with ``RunConfiguration/init(json:)``, so a misspelled
///   setting (`adc.bitz`) or a value out of range is reported with its path before anything
///   runs, and checks that the network file and the dataset folder exist.
/// - ``prepare(_:seed:)`` makes a ``RunPreparation``: loads and quantizes the network, maps it
///   and programs the chip. Points that differ only in ``RunConfiguration/readTimePaths``
///   (drift time, drift compensation, read noise) share it.
/// - ``evaluate(_:seed:preparation:)`` reads the programmed chip as the point says and reports.
///
/// The point's seed drives every random stream: it is written into the tree at `seed` before
/// the tree is read, so the report's `configuration` (the `metrics.configuration.*` columns of
/// `results.csv`) shows the seed that ran. A spec's shared configuration therefore may not set
/// `seed` itself: the experiment's top-level `seed` is the base every point's seed derives from.
/// A record re-runs alone as `crossbar run --config CONFIGURATION.json --seed SEED`.
public struct RunEvaluator: SweepEvaluator {
    /// Threads each point's simulation uses (`nil`: every processor); results do not depend on it.
    public let threads: Int?

    /// An evaluator whose simulations use `threads` threads.
    public init(threads: Int? = nil) {
        self.threads = threads
    }

    /// The run configuration's read-time settings: `driftTimeSeconds`, `driftCompensation`, `readNoise`.
    public var readTimePaths: [String] { RunConfiguration.readTimePaths }

    /// Throws ``RunConfigurationError`` naming the path of the first problem of `configuration`.
    public func validate(_ configuration: JSONValue) throws {
        if configuration.value(at: "seed") != nil {
            throw RunConfigurationError.rejected(
                path: "seed",
                reason: "a sweep gives every point its own seed, derived from the experiment's top-level 'seed'; "
                    + "remove 'seed' from the configuration")
        }
        let run = try RunConfiguration(json: configuration)
        let model = try ModelArchitecture.modelFile(run.network)
        guard ModelZoo(rawValue: run.network) != nil || FileManager.default.fileExists(atPath: model.path) else {
            throw RunConfigurationError.rejected(
                path: "network",
                reason: "no bundled model (lenet5, mlp), zoo architecture (\(ModelZoo.allCases.map(\.rawValue).joined(separator: ", "))) "
                    + "or ONNX file named '\(run.network)'")
        }
        if run.dataset != "mnist" {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: run.dataset, isDirectory: &isFolder), isFolder.boolValue else {
                throw RunConfigurationError.rejected(path: "dataset", reason: "no folder '\(run.dataset)' (or 'mnist', the bundled MNIST)")
            }
        }
    }

    /// Loads, quantizes, maps and programs the chip `configuration` describes, with `seed`.
    public func prepare(_ configuration: JSONValue, seed: UInt64) throws -> RunPreparation {
        try RunPreparation(try Self.runConfiguration(configuration, seed: seed), threads: threads)
    }

    /// Runs the images through `preparation`'s chip read as `configuration` says; the run report
    /// without timing.
    public func evaluate(_ configuration: JSONValue, seed: UInt64, preparation: RunPreparation) throws -> JSONValue {
        try preparation.run(try Self.runConfiguration(configuration, seed: seed), threads: threads).json(includingTiming: false)
    }

    /// The run configuration of a point: its tree with the point's seed.
    static func runConfiguration(_ configuration: JSONValue, seed: UInt64) throws -> RunConfiguration {
        try RunConfiguration(json: configuration.setting(.number(Double(seed)), at: "seed"))
    }
}
