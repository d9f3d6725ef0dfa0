import Numerics

/// Where the random draws of noisy reads come from.
///
/// Vector `k` of a batch draws from `stream.child(String(firstVectorIndex + k))`, so a vector's
/// noise depends only on its global index: results are the same whatever the batch size or the
/// thread count. Key the stream by what is read, e.g. `layer3/array12/read`.
public struct ReadRandomness: Sendable {
    /// The array's read stream.
    public var stream: RandomStream
    /// Global index of the batch's first vector.
    public var firstVectorIndex: Int

    /// Draws for a batch starting at vector `firstVectorIndex`.
    public init(stream: RandomStream, firstVectorIndex: Int = 0) {
        self.stream = stream
        self.firstVectorIndex = firstVectorIndex
    }

    /// The stream of vector `k` of the batch.
    func stream(forVector k: Int) -> RandomStream { stream.child(String(firstVectorIndex + k)) }
}
