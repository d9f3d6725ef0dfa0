/// What a sweep did.
public struct SweepSummary: Sendable, Hashable {
    /// Points in the whole experiment.
    public let experimentPoints: Int
    /// Points in the shard that ran.
    public let shardPoints: Int
    /// Points of the shard found finished in the output folder (resume).
    public let alreadyFinished: Int
    /// Points evaluated in this run.
    public let evaluated: Int
    /// Preparations (programmed chips) made in this run.
    public let preparations: Int
    /// Bytes of a torn last log line dropped on resume (a point killed while being written).
    public let droppedBytes: Int

    /// A summary with the given counts.
    public init(
        experimentPoints: Int, shardPoints: Int, alreadyFinished: Int, evaluated: Int, preparations: Int, droppedBytes: Int
    ) {
        self.experimentPoints = experimentPoints
        self.shardPoints = shardPoints
        self.alreadyFinished = alreadyFinished
        self.evaluated = evaluated
        self.preparations = preparations
        self.droppedBytes = droppedBytes
    }
}
