import Numerics

/// Seeded input matrices for tests: the same seed and key always give the same matrix.
public enum TestMatrices {
    /// A `rows`×`columns` matrix of floats uniform in `range`, drawn from the stream
    /// (seed 2024, `key`).
    public static func uniform(rows: Int, columns: Int, in range: ClosedRange<Float> = -1...1, key: String) -> Matrix<Float> {
        var stream = RandomStream(seed: 2024, key: key)
        let width = Double(range.upperBound - range.lowerBound)
        return Matrix(rows: rows, columns: columns) { _, _ in
            range.lowerBound + Float(stream.nextUniform() * width)
        }
    }

    /// A `rows`×`columns` matrix of integers uniform in `range` (both ends included), drawn
    /// from the stream (seed 2024, `key`).
    public static func integers<T: FixedWidthInteger & SignedInteger & Sendable>(
        _: T.Type, rows: Int, columns: Int, in range: ClosedRange<T>, key: String
    ) -> Matrix<T> {
        var stream = RandomStream(seed: 2024, key: key)
        return Matrix(rows: rows, columns: columns) { _, _ in T.random(in: range, using: &stream) }
    }
}
