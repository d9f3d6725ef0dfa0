import Numerics

/// Where the random draws of noisy reads come from.
///
/// Every draw is keyed by what it is for: the normal sample of vector `v` (its global index),
/// input slice `s` and sensed column `c` (`c` = the number of sensed columns C for the offset
/// scheme's shared reference column) is sample `c % 32` of the stream's random-access group
/// `(v·S + s)·⌈(C + 1)/32⌉ + c/32` (``RandomStream/normals(groups:into:)``), S being the slices
/// per vector. So results depend neither on the batch size nor on the thread count nor on which
/// slices are skipped, and no per-vector stream is created. Key the stream by what is read, e.g.
/// `layer3/array12/read`, and use it for nothing else.
public struct ReadRandomness: Sendable {
    /// The array's read stream.
    public var stream: RandomStream
    /// Global index of the batch's first vector (when ``vectorIndices`` is `nil`).
    public var firstVectorIndex: Int
    /// Global index of every vector of the batch, or `nil` for consecutive indices from
    /// ``firstVectorIndex``.
    public var vectorIndices: [Int]?

    /// Draws for a batch of consecutive vectors, the first one of global index `firstVectorIndex`.
    public init(stream: RandomStream, firstVectorIndex: Int = 0) {
        self.stream = stream
        self.firstVectorIndex = firstVectorIndex
        vectorIndices = nil
    }

    /// Draws for a batch whose vector `k` has global index `vectorIndices[k]`.
    public init(stream: RandomStream, vectorIndices: [Int]) {
        self.stream = stream
        firstVectorIndex = 0
        self.vectorIndices = vectorIndices
    }

    /// The global index of vector `k` of the batch.
    func globalIndex(ofVector k: Int) -> Int { vectorIndices?[k] ?? firstVectorIndex + k }
}
