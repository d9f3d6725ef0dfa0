import Numerics

/// A batch of input vectors split into DAC codes: the left operand of the slice GEMM.
///
/// Row `n·slices + s` of ``codes`` holds the codes (0…2^d − 1, as exact `Float`s) that the
/// DACs apply to the array rows for slice `s` of vector `n`. One batch can be multiplied by
/// every array that shares its rows.
public struct SlicedInputs: Sendable {
    /// The slicing that produced the codes.
    public let slicing: InputSlicing
    /// Input vectors in the batch.
    public let vectors: Int
    /// Array rows driven (entries per vector).
    public let rows: Int
    /// DAC codes, (vectors·slices) × rows.
    public let codes: Matrix<Float>
    /// Whether slice `n·slices + s` has any non-zero code (an all-zero slice may be skipped).
    public let active: [Bool]
    /// Σ over every slice of every vector of the code on each row, squared (the read energy of a
    /// row with ideal wires is proportional to it: Σ V²·G·t over the reads; ``ArrayReadPower``).
    public let squaredCodeSums: [Double]

    /// Slices per vector.
    public var slicesPerVector: Int { slicing.slices.count }
}
