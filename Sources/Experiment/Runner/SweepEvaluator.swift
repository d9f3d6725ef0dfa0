import DataFiles
import Numerics

/// What a sweep computes at each point: given a full run configuration and a seed, the metrics
/// (for Crossbar's accelerator, what `crossbar run --json` prints).
///
/// The work is split in two so that points which differ only in read-time settings share the
/// expensive part:
///
/// - ``prepare(_:seed:)`` does what depends on everything but the read-time settings: for the
///   accelerator, mapping the network and programming the chip (device-to-device variation,
///   faults, IR-drop matrices).
/// - ``evaluate(_:seed:preparation:)`` runs the point on a preparation: reading the chip at a
///   drift time, with read noise, and reporting metrics.
///
/// The runner groups points whose configurations are equal once the ``readTimePaths`` are
/// removed and whose seeds are equal (read-time swept values do not enter the seed, see
/// ``SweepPoint/seed(base:free:repetition:)``). It calls `prepare` once per group, with the
/// configuration of the group's first point, then `evaluate` for each point of the group in
/// order, and drops the preparation before the next group: memory holds one preparation per
/// point running at once. Groups are never split between shards.
///
/// Contract, which keeps any point re-runnable alone: `prepare` must not read the values at
/// ``readTimePaths``, and `evaluate(c, s, prepare(c′, s))` must equal `evaluate(c, s, prepare(c, s))`
/// whenever `c` and `c′` differ only at those paths. Both must be deterministic functions of
/// their arguments (independent of thread count and of which points ran before). State that
/// every point can share, such as a loaded dataset, may be cached inside the evaluator.
///
/// An evaluator is multithreaded inside (Crossbar's kernels use ``Parallel``), so a sweep runs
/// one point at a time by default (see ``SweepOptions/parallelPoints``).
public protocol SweepEvaluator: Sendable {
    /// What points with equal programming share, such as a programmed chip; `Void` when nothing.
    associatedtype Preparation

    /// Configuration paths that only change how a prepared state is read (for the accelerator:
    /// `driftTimeSeconds`, read-noise settings, drift compensation). A path covers everything
    /// inside it. Default: none.
    var readTimePaths: [String] { get }

    /// Throws if `configuration` is not one this evaluator can run; the error should name the
    /// configuration path (`adc.bitz is not a setting`). Called for every grid point when a spec
    /// is loaded, before anything runs. It must be cheap.
    func validate(_ configuration: JSONValue) throws

    /// The state shared by all points that differ from `configuration` only at ``readTimePaths``.
    func prepare(_ configuration: JSONValue, seed: UInt64) throws -> Preparation

    /// The metrics of one point: a JSON object (nested objects become dotted CSV columns).
    func evaluate(_ configuration: JSONValue, seed: UInt64, preparation: Preparation) throws -> JSONValue
}

extension SweepEvaluator {
    public var readTimePaths: [String] { [] }
}

extension SweepEvaluator where Preparation == Void {
    public func prepare(_ configuration: JSONValue, seed: UInt64) throws {}
}
