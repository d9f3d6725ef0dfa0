/// How a sweep runs: which shard, whether it continues an earlier run, how many points at once.
public struct SweepOptions: Sendable, Hashable {
    /// The part of the experiment to run (default: all of it).
    public var shard: Shard
    /// Continue the sweep in the output folder, skipping the points its log holds.
    public var resume: Bool
    /// Programming groups run at the same time (default 1).
    ///
    /// An evaluator already uses every thread inside one point (Crossbar's kernels are
    /// multithreaded), and each group holds a programmed chip in memory, so one group at a time
    /// is fastest and leanest for real networks. Raise it for small points whose work does not
    /// fill the machine, where memory allows one preparation per running group. The results do
    /// not depend on it.
    public var parallelPoints: Int
    /// How progress is shown on standard error.
    public var progress: SweepProgress.Style

    /// Options; `parallelPoints` must be at least 1.
    public init(shard: Shard = .whole, resume: Bool = false, parallelPoints: Int = 1, progress: SweepProgress.Style = .automatic) {
        precondition(parallelPoints >= 1, "at least one point at a time")
        self.shard = shard
        self.resume = resume
        self.parallelPoints = parallelPoints
        self.progress = progress
    }
}
