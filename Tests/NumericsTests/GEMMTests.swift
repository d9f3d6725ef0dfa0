import Numerics
import TestSupport
import Testing

@Suite("Single-precision GEMM")
struct GEMMTests {
    /// Shapes (m, n, k): degenerate, prime-sized edge tiles, more than one block of the inner
    /// dimension (k > 256), several row blocks (m > 144) and two column blocks (n > 4096).
    static let shapes = [(1, 1, 1), (7, 13, 5), (129, 257, 63), (150, 17, 300), (2, 4100, 3)]
    /// (transposeA, transposeB).
    static let transposes = [(false, false), (false, true), (true, false), (true, true)]

    /// op(X) stored as X (rows×columns) or, transposed, as Xᵀ.
    static func operand(rows: Int, columns: Int, transposed: Bool, key: String) -> Matrix<Float> {
        TestMatrices.uniform(rows: transposed ? columns : rows, columns: transposed ? rows : columns, key: key)
    }

    /// Expects every element of `c` within the reference's error bound.
    static func expectMatchesReference(
        _ c: Matrix<Float>, _ reference: (exact: Matrix<Double>, errorBound: Matrix<Double>)
    ) {
        var failures = 0
        for i in 0..<c.rows {
            for j in 0..<c.columns
            where !Double(c[i, j]).isApproximatelyEqual(
                to: reference.exact[i, j], absoluteTolerance: reference.errorBound[i, j], relativeTolerance: 0)
            {
                failures += 1
                if failures <= 3 {
                    Issue.record("C[\(i), \(j)] = \(c[i, j]), reference \(reference.exact[i, j]) ± \(reference.errorBound[i, j])")
                }
            }
        }
        #expect(failures == 0)
    }

    @Test("C = op(A)·op(B) matches the Double reference for every shape and transposition", arguments: shapes, transposes)
    func matchesReference(shape: (Int, Int, Int), transpose: (Bool, Bool)) {
        let (m, n, k) = shape
        let a = Self.operand(rows: m, columns: k, transposed: transpose.0, key: "gemm/a")
        let b = Self.operand(rows: k, columns: n, transposed: transpose.1, key: "gemm/b")
        let c = GEMM.product(a, transposeA: transpose.0, b, transposeB: transpose.1)
        #expect(c.rows == m && c.columns == n)
        let reference = ReferenceGEMM.multiply(
            a.view, transposeA: transpose.0, b.view, transposeB: transpose.1, c: Matrix(rows: m, columns: n))
        Self.expectMatchesReference(c, reference)
    }

    @Test("C = α·op(A)·op(B) + β·C scales the product and the old C", arguments: transposes)
    func alphaBeta(transpose: (Bool, Bool)) {
        let (m, n, k) = (19, 35, 270)
        let a = Self.operand(rows: m, columns: k, transposed: transpose.0, key: "gemm/alpha/a")
        let b = Self.operand(rows: k, columns: n, transposed: transpose.1, key: "gemm/alpha/b")
        let old = TestMatrices.uniform(rows: m, columns: n, key: "gemm/alpha/c")
        var c = old
        GEMM.multiply(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1, into: &c, alpha: -1.5, beta: 0.75)
        let reference = ReferenceGEMM.multiply(
            a.view, transposeA: transpose.0, b.view, transposeB: transpose.1, alpha: -1.5, beta: 0.75, c: old)
        Self.expectMatchesReference(c, reference)
    }

    @Test("β = 0 overwrites C without reading it, so NaN in the old C does not propagate")
    func betaZeroIgnoresOldC() {
        let a = TestMatrices.uniform(rows: 8, columns: 20, key: "gemm/nan/a")
        let b = TestMatrices.uniform(rows: 20, columns: 17, key: "gemm/nan/b")
        var c = Matrix<Float>(rows: 8, columns: 17, repeating: .nan)
        GEMM.multiply(a.view, b.view, into: &c, beta: 0)
        #expect(c.elements.allSatisfy { $0.isFinite })
        Self.expectMatchesReference(c, ReferenceGEMM.multiply(a.view, b.view, c: Matrix(rows: 8, columns: 17)))
    }

    @Test("α = 0 or k = 0 leaves β·C")
    func emptyProduct() {
        let old = TestMatrices.uniform(rows: 3, columns: 4, key: "gemm/empty/c")
        let expected = old.map { 0.5 * $0 }
        var c = old
        let a = TestMatrices.uniform(rows: 3, columns: 5, key: "gemm/empty/a")
        let b = TestMatrices.uniform(rows: 5, columns: 4, key: "gemm/empty/b")
        GEMM.multiply(a.view, b.view, into: &c, alpha: 0, beta: 0.5)
        #expect(c == expected)
        c = old
        GEMM.multiply(Matrix<Float>(rows: 3, columns: 0).view, Matrix<Float>(rows: 0, columns: 4).view, into: &c, beta: 0.5)
        #expect(c == expected)
    }

    @Test("Views into larger matrices use their row stride as the leading dimension", arguments: transposes)
    func views(transpose: (Bool, Bool)) {
        let (m, n, k) = (11, 21, 9)
        let bigA = TestMatrices.uniform(rows: 30, columns: 40, key: "gemm/view/a")
        let bigB = TestMatrices.uniform(rows: 30, columns: 40, key: "gemm/view/b")
        let a = transpose.0 ? bigA.view(rows: 3..<(3 + k), columns: 5..<(5 + m)) : bigA.view(rows: 3..<(3 + m), columns: 5..<(5 + k))
        let b = transpose.1 ? bigB.view(rows: 7..<(7 + n), columns: 2..<(2 + k)) : bigB.view(rows: 7..<(7 + k), columns: 2..<(2 + n))
        var c = Matrix<Float>(rows: m, columns: n)
        GEMM.multiply(a, transposeA: transpose.0, b, transposeB: transpose.1, into: &c)
        Self.expectMatchesReference(
            c, ReferenceGEMM.multiply(a, transposeA: transpose.0, b, transposeB: transpose.1, c: Matrix(rows: m, columns: n)))
        // The view is a copy's equal: the same product from compact operands has the same bits.
        #expect(c == GEMM.product(a.copy(), transposeA: transpose.0, b.copy(), transposeB: transpose.1))
    }

    @Test("sgemm writes only its block of a larger C (ldc > n)")
    func leadingDimensionOfC() {
        let (m, n, k, ldc) = (10, 18, 7, 25)
        let a = TestMatrices.uniform(rows: m, columns: k, key: "gemm/ldc/a")
        let b = TestMatrices.uniform(rows: k, columns: n, key: "gemm/ldc/b")
        let old = TestMatrices.uniform(rows: m, columns: ldc, key: "gemm/ldc/c")
        var big = old
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                big.withUnsafeMutableBufferPointer { pc in
                    GEMM.sgemm(
                        transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 2, a: pa.baseAddress!, lda: k,
                        b: pb.baseAddress!, ldb: n, beta: 1, c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        for i in 0..<m {
            for j in n..<ldc { #expect(big[i, j] == old[i, j]) }
        }
        let block = big.view(columns: 0..<n).copy()
        Self.expectMatchesReference(
            block, ReferenceGEMM.multiply(a.view, b.view, alpha: 2, beta: 1, c: old.view(columns: 0..<n).copy()))
    }

    @Test(
        "Results are bit-identical on 1 and 4 threads",
        arguments: [(129, 257, 300), (5, 4100, 300), (300, 40, 100)], transposes)
    func threadCountIndependence(shape: (Int, Int, Int), transpose: (Bool, Bool)) {
        let (m, n, k) = shape
        let a = Self.operand(rows: m, columns: k, transposed: transpose.0, key: "gemm/threads/a")
        let b = Self.operand(rows: k, columns: n, transposed: transpose.1, key: "gemm/threads/b")
        let one = GEMM.product(a, transposeA: transpose.0, b, transposeB: transpose.1, threads: 1)
        let four = GEMM.product(a, transposeA: transpose.0, b, transposeB: transpose.1, threads: 4)
        #expect(one.elements.map(\.bitPattern) == four.elements.map(\.bitPattern))
    }
}
