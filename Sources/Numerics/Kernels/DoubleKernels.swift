/// Double-precision dense kernels (used by Circuit's IR-drop solver): a cache-blocked, multithreaded matrix
/// multiply and, built on it, the in-place inverse of a symmetric positive-definite matrix.
///
/// The solver needs double precision: the wire conductances (≈ 1 S) exceed the cell conductances
/// (≈ 10 µS) by five orders of magnitude, so single precision would leave too few digits of
/// the cells' contribution. `Numerics.GEMM` is single precision.
public enum DoubleKernels {
    /// Rows of the register tile.
    private static let microRows = 4
    /// Columns of the register tile (two SIMD4<Double> vectors).
    private static let microColumns = 8
    /// Rows of C computed by one work item (its packed A block stays in L2).
    private static let blockRows = 64
    /// Columns of C computed by one work item.
    private static let blockColumns = 128
    /// Depth of one packed panel of A and B.
    private static let blockDepth = 256

    // MARK: Matrix multiply

    /// C = α·A·B + β·C for row-major A (m×k, leading dimension `lda`), B (k×n, `ldb`) and C
    /// (m×n, `ldc`). Every element of C is accumulated in the same order whatever the thread count.
    ///
    /// With `symmetricResult` (square C known to come out symmetric), only blocks that touch the
    /// lower triangle are computed and the strict upper triangle is then copied from it.
    public static func multiply(
        m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, symmetricResult: Bool = false, threads: Int? = nil
    ) {
        guard m > 0, n > 0 else { return }
        precondition(!symmetricResult || m == n, "a symmetric result must be square")
        let rowBlocks = (m + blockRows - 1) / blockRows
        let columnBlocks = (n + blockColumns - 1) / blockColumns
        let work = 2 * Double(m) * Double(n) * Double(k)
        let workers = work < 4e6 ? 1 : max(1, threads ?? Parallel.defaultThreadCount)
        // Work items: a column block of C and a range of its row blocks. A packed panel of B is
        // shared by every row block of an item, so the row blocks are split only as far as
        // needed to give every thread work.
        let splits = columnBlocks >= workers ? 1 : min(rowBlocks, (workers + columnBlocks - 1) / columnBlocks)
        var itemList: [(column: Int, rows: Range<Int>)] = []
        for jb in 0..<columnBlocks {
            // A symmetric result needs only the row blocks that reach the diagonal.
            let first = symmetricResult ? jb * blockColumns / blockRows : 0
            let count = rowBlocks - first
            let pieces = min(splits, count)
            for piece in 0..<pieces {
                itemList.append((jb, (first + piece * count / pieces)..<(first + (piece + 1) * count / pieces)))
            }
        }
        let items = itemList
        let shared = UncheckedSendable((a, b, c))
        Parallel.forEach(items.count, threads: min(workers, items.count)) { item in
            let (a, b, c) = shared.value
            let packedA = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * blockDepth)
            let packedB = UnsafeMutablePointer<Double>.allocate(capacity: blockDepth * blockColumns)
            defer {
                packedA.deallocate()
                packedB.deallocate()
            }
            let j0 = items[item].column * blockColumns
            let columns = min(blockColumns, n - j0)
            let rowRange = items[item].rows
            for ib in rowRange {
                GEMM.scale(c + ib * blockRows * ldc + j0, ldc: ldc, rows: min(blockRows, m - ib * blockRows), columns: columns, by: beta)
            }
            var p0 = 0
            while p0 < k {
                let kb = min(blockDepth, k - p0)
                packB(b + p0 * ldb + j0, ldb: ldb, depth: kb, columns: columns, into: packedB)
                for ib in rowRange {
                    let i0 = ib * blockRows
                    let rows = min(blockRows, m - i0)
                    packA(a + i0 * lda + p0, lda: lda, rows: rows, depth: kb, alpha: alpha, into: packedA)
                    multiplyPacked(
                        rows: rows, columns: columns, depth: kb, packedA: packedA, packedB: packedB, c: c + i0 * ldc + j0,
                        ldc: ldc)
                }
                p0 += kb
            }
        }
        if symmetricResult {
            for i in 0..<m {
                for j in (i + 1)..<max(i + 1, n) { c[i * ldc + j] = c[j * ldc + i] }
            }
        }
    }

    /// Packs a depth × columns block of B into panels of 8 columns, k-major; missing columns are zeros.
    private static func packB(
        _ b: UnsafePointer<Double>, ldb: Int, depth: Int, columns: Int, into packed: UnsafeMutablePointer<Double>
    ) {
        let panels = (columns + microColumns - 1) / microColumns
        for panel in 0..<panels {
            let destination = packed + panel * depth * microColumns
            let firstColumn = panel * microColumns
            let valid = min(microColumns, columns - firstColumn)
            for p in 0..<depth {
                let source = b + p * ldb + firstColumn
                let out = destination + p * microColumns
                if valid == microColumns {
                    UnsafeMutableRawPointer(out).storeBytes(
                        of: UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Double>.self), as: SIMD8<Double>.self)
                } else {
                    for jj in 0..<valid { out[jj] = source[jj] }
                    for jj in valid..<microColumns { out[jj] = 0 }
                }
            }
        }
    }

    /// Packs α times a rows × depth block of A into panels of 4 rows, k-major; missing rows are zeros.
    private static func packA(
        _ a: UnsafePointer<Double>, lda: Int, rows: Int, depth: Int, alpha: Double, into packed: UnsafeMutablePointer<Double>
    ) {
        let panels = (rows + microRows - 1) / microRows
        for panel in 0..<panels {
            let destination = packed + panel * depth * microRows
            let firstRow = panel * microRows
            let valid = min(microRows, rows - firstRow)
            if valid == microRows {
                let r0 = a + firstRow * lda
                let r1 = r0 + lda
                let r2 = r1 + lda
                let r3 = r2 + lda
                for p in 0..<depth {
                    let out = destination + p * microRows
                    out[0] = alpha * r0[p]
                    out[1] = alpha * r1[p]
                    out[2] = alpha * r2[p]
                    out[3] = alpha * r3[p]
                }
            } else {
                for p in 0..<depth {
                    let out = destination + p * microRows
                    for ii in 0..<valid { out[ii] = alpha * a[(firstRow + ii) * lda + p] }
                    for ii in valid..<microRows { out[ii] = 0 }
                }
            }
        }
    }

    /// Adds the product of packed A (rows × depth) and packed B (depth × columns) into C.
    private static func multiplyPacked(
        rows: Int, columns: Int, depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let rowPanels = (rows + microRows - 1) / microRows
        let columnPanels = (columns + microColumns - 1) / microColumns
        for columnPanel in 0..<columnPanels {
            for rowPanel in 0..<rowPanels {
                microKernel(
                    depth: depth, a: packedA + rowPanel * depth * microRows, b: packedB + columnPanel * depth * microColumns,
                    c: c + rowPanel * microRows * ldc + columnPanel * microColumns, ldc: ldc,
                    rows: min(microRows, rows - rowPanel * microRows),
                    columns: min(microColumns, columns - columnPanel * microColumns))
            }
        }
    }

    /// Adds the 4×8 product of a packed A panel and a packed B panel into C (only the
    /// `rows` × `columns` corner that exists).
    @inline(__always)
    private static func microKernel(
        depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        rows: Int, columns: Int
    ) {
        var c00 = SIMD4<Double>(), c01 = SIMD4<Double>()
        var c10 = SIMD4<Double>(), c11 = SIMD4<Double>()
        var c20 = SIMD4<Double>(), c21 = SIMD4<Double>()
        var c30 = SIMD4<Double>(), c31 = SIMD4<Double>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: SIMD4<Double>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            let a0 = SIMD4<Double>(repeating: pa[0])
            c00.addProduct(a0, b0)
            c01.addProduct(a0, b1)
            let a1 = SIMD4<Double>(repeating: pa[1])
            c10.addProduct(a1, b0)
            c11.addProduct(a1, b1)
            let a2 = SIMD4<Double>(repeating: pa[2])
            c20.addProduct(a2, b0)
            c21.addProduct(a2, b1)
            let a3 = SIMD4<Double>(repeating: pa[3])
            c30.addProduct(a3, b0)
            c31.addProduct(a3, b1)
            pa += 4
            pb += 64
        }
        if rows == microRows && columns == microColumns {
            addRow(c, c00, c01)
            addRow(c + ldc, c10, c11)
            addRow(c + 2 * ldc, c20, c21)
            addRow(c + 3 * ldc, c30, c31)
        } else {
            let tile = (c00, c01, c10, c11, c20, c21, c30, c31)
            for r in 0..<rows {
                let (left, right): (SIMD4<Double>, SIMD4<Double>)
                switch r {
                case 0: (left, right) = (tile.0, tile.1)
                case 1: (left, right) = (tile.2, tile.3)
                case 2: (left, right) = (tile.4, tile.5)
                default: (left, right) = (tile.6, tile.7)
                }
                for col in 0..<columns { c[r * ldc + col] += col < 4 ? left[col] : right[col - 4] }
            }
        }
    }

    /// Adds two vectors into eight consecutive elements.
    @inline(__always)
    private static func addRow(_ c: UnsafeMutablePointer<Double>, _ left: SIMD4<Double>, _ right: SIMD4<Double>) {
        let out = UnsafeMutableRawPointer(c)
        out.storeBytes(of: out.loadUnaligned(as: SIMD4<Double>.self) + left, as: SIMD4<Double>.self)
        out.storeBytes(
            of: out.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self) + right, toByteOffset: 32,
            as: SIMD4<Double>.self)
    }

    // MARK: Symmetric positive-definite inverse

    /// Replaces the symmetric positive-definite n×n matrix at `a` (full storage, leading
    /// dimension `ld`) by its inverse. Returns `false` if a pivot is not positive (the matrix is
    /// not positive definite), leaving `a` partly overwritten.
    ///
    /// Recursive 2×2 block inversion: with M = [A B; Bᵀ C], X = A⁻¹B and S = C − BᵀX,
    /// M⁻¹ = [A⁻¹ + X S⁻¹ Xᵀ, −X S⁻¹; −S⁻¹ Xᵀ, S⁻¹]. For SPD matrices this is block Cholesky
    /// elimination without pivoting, which is stable; all the work is matrix multiplies,
    /// the two symmetric updates computed on their lower triangle only (about n³ flops).
    public static func invertSymmetricPositiveDefinite(
        _ a: UnsafeMutablePointer<Double>, n: Int, ld: Int, threads: Int? = nil
    ) -> Bool {
        if n <= 48 { return invertByGaussJordan(a, n: n, ld: ld) }
        let n1 = (n / 2 + 7) / 8 * 8
        let n2 = n - n1
        let topRight = a + n1
        let bottomLeft = a + n1 * ld
        let bottomRight = a + n1 * ld + n1
        guard invertSymmetricPositiveDefinite(a, n: n1, ld: ld, threads: threads) else { return false }
        let x = UnsafeMutablePointer<Double>.allocate(capacity: n1 * n2)
        let xTransposed = UnsafeMutablePointer<Double>.allocate(capacity: n2 * n1)
        defer {
            x.deallocate()
            xTransposed.deallocate()
        }
        // X = A⁻¹·B; S = C − Bᵀ·X.
        multiply(m: n1, n: n2, k: n1, alpha: 1, a: a, lda: ld, b: topRight, ldb: ld, beta: 0, c: x, ldc: n2, threads: threads)
        multiply(
            m: n2, n: n2, k: n1, alpha: -1, a: bottomLeft, lda: ld, b: x, ldb: n2, beta: 1, c: bottomRight, ldc: ld,
            symmetricResult: true, threads: threads)
        guard invertSymmetricPositiveDefinite(bottomRight, n: n2, ld: ld, threads: threads) else { return false }
        // Top right = −X·S⁻¹; top left = A⁻¹ − (top right)·Xᵀ; bottom left = (top right)ᵀ.
        multiply(
            m: n1, n: n2, k: n2, alpha: -1, a: x, lda: n2, b: bottomRight, ldb: ld, beta: 0, c: topRight, ldc: ld,
            threads: threads)
        transpose(x, rows: n1, columns: n2, ld: n2, into: xTransposed, ldOut: n1)
        multiply(
            m: n1, n: n1, k: n2, alpha: -1, a: topRight, lda: ld, b: xTransposed, ldb: n1, beta: 1, c: a, ldc: ld,
            symmetricResult: true, threads: threads)
        transpose(topRight, rows: n1, columns: n2, ld: ld, into: bottomLeft, ldOut: ld)
        return true
    }

    /// In-place Gauss–Jordan inversion without pivoting (for the small diagonal blocks).
    private static func invertByGaussJordan(_ a: UnsafeMutablePointer<Double>, n: Int, ld: Int) -> Bool {
        for k in 0..<n {
            let pivotRow = a + k * ld
            let pivot = pivotRow[k]
            guard pivot > 0, pivot.isFinite else { return false }
            let inverse = 1 / pivot
            for j in 0..<n { pivotRow[j] *= inverse }
            pivotRow[k] = inverse
            for i in 0..<n where i != k {
                let row = a + i * ld
                let factor = row[k]
                if factor == 0 { continue }
                row[k] = 0
                for j in 0..<n { row[j] -= factor * pivotRow[j] }
            }
        }
        return true
    }

    /// Writes the transpose of a `rows` × `columns` block into `out`.
    private static func transpose(
        _ source: UnsafePointer<Double>, rows: Int, columns: Int, ld: Int, into out: UnsafeMutablePointer<Double>,
        ldOut: Int
    ) {
        for i in 0..<rows {
            for j in 0..<columns { out[j * ldOut + i] = source[i * ld + j] }
        }
    }
}
