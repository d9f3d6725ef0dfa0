/// Single-precision general matrix multiply, C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ.
///
/// Shapes: op(A) is m×k, op(B) is k×n, C is m×n. All operands are row-major with a leading
/// dimension (row stride) of at least their column count. Results do not depend on the thread
/// count: every element of C is accumulated in the same order whatever the threading.
public enum GEMM {
    /// C = α·op(A)·op(B) + β·C on views. `c` must already have the result's shape.
    public static func multiply(
        _ a: MatrixView<Float>, transposeA: Bool = false,
        _ b: MatrixView<Float>, transposeB: Bool = false,
        into c: inout Matrix<Float>, alpha: Float = 1, beta: Float = 0, threads: Int? = nil
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "GEMM inner dimensions differ: op(A) is \(m)×\(k), op(B) is \(kB)×\(n)")
        precondition(c.rows == m && c.columns == n, "GEMM result is \(c.rows)×\(c.columns), expected \(m)×\(n)")
        let ldc = max(n, 1)
        a.withUnsafePointer { pa, lda in
            b.withUnsafePointer { pb, ldb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let cStart = pc.baseAddress else { return }
                    sgemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: cStart, ldc: ldc, threads: threads)
                }
            }
        }
    }

    /// op(A)·op(B) as a new matrix.
    public static func product(
        _ a: Matrix<Float>, transposeA: Bool = false, _ b: Matrix<Float>, transposeB: Bool = false,
        threads: Int? = nil
    ) -> Matrix<Float> {
        var c = Matrix<Float>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        multiply(a.view, transposeA: transposeA, b.view, transposeB: transposeB, into: &c, threads: threads)
        return c
    }

    /// BLAS-style SGEMM on raw row-major storage with leading dimensions `lda`, `ldb`, `ldc`.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int? = nil
    ) {
        guard m > 0 && n > 0 else { return }
        let shared = UncheckedSendable((a, b, c))
        Parallel.forEachChunk(m, chunkSize: 16, threads: threads) { rows in
            let (a, b, c) = shared.value
            for i in rows {
                let cRow = c + i * ldc
                if beta == 0 {
                    cRow.update(repeating: 0, count: n)
                } else if beta != 1 {
                    for j in 0..<n { cRow[j] *= beta }
                }
                for p in 0..<k {
                    let aip = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                    if transposeB {
                        for j in 0..<n { cRow[j] += aip * b[j * ldb + p] }
                    } else {
                        let bRow = b + p * ldb
                        for j in 0..<n { cRow[j] += aip * bRow[j] }
                    }
                }
            }
        }
    }
}
