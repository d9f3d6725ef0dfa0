import Numerics

/// Bias helpers shared by the matrix layers (``Dense``, ``Conv2D``): outputs are matrices with
/// one column per output channel.
enum MatrixBias {
    /// Adds `bias[c]` to every element of column c.
    static func add(_ bias: [Float], to matrix: inout Matrix<Float>) {
        let columns = matrix.columns
        precondition(bias.count == columns)
        matrix.withUnsafeMutableBufferPointer { m in
            bias.withUnsafeBufferPointer { b in
                for r in 0..<(m.count / max(columns, 1)) {
                    for c in 0..<columns { m[r * columns + c] += b[c] }
                }
            }
        }
    }

    /// The sum of each column (the bias gradient), accumulated in row order.
    static func columnSums(_ matrix: Matrix<Float>) -> [Float] {
        var sums = [Float](repeating: 0, count: matrix.columns)
        matrix.withUnsafeBufferPointer { m in
            for r in 0..<matrix.rows {
                for c in 0..<matrix.columns { sums[c] += m[r * matrix.columns + c] }
            }
        }
        return sums
    }
}
