import Numerics

/// Naive matrix products to check the kernels against.
public enum ReferenceGEMM {
    /// α·op(A)·op(B) + β·C in Double, with a rigorous bound on the error of any single-precision
    /// algorithm that sums each element's products one after another.
    ///
    /// Products of floats are exact in Double and the Double sums carry a relative error of at
    /// most k·2⁻⁵³, so `exact` is the true value to well within the bound. The bound is
    /// γ_{k+3}·(|α|·Σ_p |a_ip|·|b_pj| + |β|·|c_ij|), with γ_n = n·u / (1 − n·u) and u = 2⁻²⁴
    /// (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., 2002, §3.1): each
    /// product passes through at most k roundings of the sum plus its own product, the scaling
    /// by α and the final sum with β·C — k + 3 in all, whatever blocking of the inner dimension
    /// the kernel uses; the Double reference's own error is added.
    public static func multiply(
        _ a: MatrixView<Float>, transposeA: Bool = false, _ b: MatrixView<Float>, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0, c: Matrix<Float>
    ) -> (exact: Matrix<Double>, errorBound: Matrix<Double>) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition(k == (transposeB ? b.columns : b.rows) && c.rows == m && c.columns == n, "reference GEMM shapes differ")
        let gamma = gammaFloat(k + 3) + Double(k + 3) * 0x1p-53
        var exact = Matrix<Double>(rows: m, columns: n)
        var bound = Matrix<Double>(rows: m, columns: n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                var magnitude = 0.0
                for p in 0..<k {
                    let product = Double(transposeA ? a[p, i] : a[i, p]) * Double(transposeB ? b[j, p] : b[p, j])
                    sum += product
                    magnitude += abs(product)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i, j])
                exact[i, j] = Double(alpha) * sum + old
                bound[i, j] = gamma * (abs(Double(alpha)) * magnitude + abs(old))
            }
        }
        return (exact, bound)
    }

    /// γ_n = n·u / (1 − n·u) for single precision (u = 2⁻²⁴).
    public static func gammaFloat(_ n: Int) -> Double {
        let nu = Double(n) * 0x1p-24
        return nu / (1 - nu)
    }

    /// op(A)·op(B) summed in Int64, as Int32 (trapping if a sum does not fit).
    public static func integer<A: FixedWidthInteger & Sendable, B: FixedWidthInteger & Sendable>(
        _ a: MatrixView<A>, transposeA: Bool = false, _ b: MatrixView<B>, transposeB: Bool = false
    ) -> Matrix<Int32> {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        return Matrix(rows: m, columns: n) { i, j in
            var sum: Int64 = 0
            for p in 0..<k {
                sum += Int64(transposeA ? a[p, i] : a[i, p]) * Int64(transposeB ? b[j, p] : b[p, j])
            }
            return Int32(sum)
        }
    }
}
