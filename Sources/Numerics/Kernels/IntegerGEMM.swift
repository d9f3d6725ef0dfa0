/// Exact integer matrix multiply with 32-bit accumulation: C = op(A)·op(B), inputs Int8 or Int16.
///
/// Every product and partial sum is computed in Int32 without rounding; the caller guarantees
/// the sums fit (k·max|a|·max|b| < 2³¹), which ``multiply(_:transposeA:_:transposeB:threads:)``
/// checks and traps on otherwise.
public enum IntegerGEMM {
    /// op(A)·op(B) in Int32.
    public static func multiply<A: FixedWidthInteger & SignedInteger & Sendable, B: FixedWidthInteger & SignedInteger & Sendable>(
        _ a: MatrixView<A>, transposeA: Bool = false, _ b: MatrixView<B>, transposeB: Bool = false, threads: Int? = nil
    ) -> Matrix<Int32> {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "integer GEMM inner dimensions differ: op(A) is \(m)×\(k), op(B) is \(kB)×\(n)")
        let bound = Double(k) * Double(largestMagnitude(a)) * Double(largestMagnitude(b))
        precondition(bound <= Double(Int32.max), "integer GEMM with k = \(k) may overflow Int32 (bound \(bound))")
        var c = Matrix<Int32>(rows: m, columns: n)
        guard m > 0 && n > 0 else { return c }
        a.withUnsafePointer { pa, lda in
            b.withUnsafePointer { pb, ldb in
                c.withUnsafeMutableBufferPointer { pc in
                    let shared = UncheckedSendable((pa, pb, pc.baseAddress!))
                    Parallel.forEachChunk(m, chunkSize: 16, threads: threads) { rows in
                        let (a, b, c) = shared.value
                        for i in rows {
                            for p in 0..<k {
                                let aip = Int32(transposeA ? a[p * lda + i] : a[i * lda + p])
                                for j in 0..<n {
                                    c[i * n + j] &+= aip &* Int32(transposeB ? b[j * ldb + p] : b[p * ldb + j])
                                }
                            }
                        }
                    }
                }
            }
        }
        return c
    }

    /// The largest |x| over the view's elements.
    static func largestMagnitude<T: FixedWidthInteger & SignedInteger & Sendable>(_ view: MatrixView<T>) -> Int {
        var largest = 0
        for r in 0..<view.rows {
            for c in 0..<view.columns { largest = max(largest, abs(Int(view[r, c]))) }
        }
        return largest
    }
}
