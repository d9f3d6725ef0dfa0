/// Single-precision general matrix multiply, C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ.
///
/// Shapes: op(A) is m×k, op(B) is k×n, C is m×n. All operands are row-major with a leading
/// dimension (row stride) of at least their column count.
///
/// Results do not depend on the thread count or on how the work is split: every element of C
/// sums its products in increasing order of the inner index, in blocks of ``depthBlock`` steps.
/// They do depend on the build target, in the last bits: with FMA (x86-64 builds for Haswell and
/// later, every arm64 CPU) each step is a fused multiply-add, without it a multiply and an add.
/// Errors are those of recursive summation: |Ĉ − C| ≤ γ_{k+3}·(|α|·|A|·|B| + |β|·|C|) element
/// by element, γ_n = n·2⁻²⁴ / (1 − n·2⁻²⁴) (Higham, 2002, §3.1).
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
    ///
    /// Blocked as in BLIS (Van Zee & van de Geijn, ACM TOMS 41(3), 2015): for each block of
    /// ``columnBlock`` columns of C and ``depthBlock`` steps of the inner dimension, the block
    /// of op(B) is packed once into 16-column panels; then blocks of up to ``rowBlock`` rows of
    /// op(A) are packed into 6-row panels and multiplied by ``GEMMMicroKernel``, one block per
    /// task. Threads share out row blocks (and column panels when there are fewer row blocks
    /// than threads); the inner dimension is never split between threads.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int? = nil
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM dimensions must be non-negative: m = \(m), n = \(n), k = \(k)")
        precondition(lda >= max(1, transposeA ? m : k), "lda = \(lda) is less than the \(transposeA ? m : k) columns of A")
        precondition(ldb >= max(1, transposeB ? k : n), "ldb = \(ldb) is less than the \(transposeB ? k : n) columns of B")
        precondition(ldc >= max(1, n), "ldc = \(ldc) is less than the \(n) columns of C")
        guard m > 0 && n > 0 else { return }
        if k == 0 || alpha == 0 {
            scale(c, ldc: ldc, rows: m, columns: n, by: beta)
            return
        }
        let workers = min(max(1, threads ?? Parallel.defaultThreadCount), max(1, m * n * k / minimumWorkPerThread))
        let (aLaneStride, aDepthStride) = transposeA ? (1, lda) : (lda, 1)
        let (bLaneStride, bDepthStride) = transposeB ? (ldb, 1) : (1, ldb)
        let tileRows = GEMMMicroKernel.rows
        let tileColumns = GEMMMicroKernel.columns

        // Row blocks of whole 6-row panels, spread evenly, at least one per worker where possible.
        let rowPanels = (m + tileRows - 1) / tileRows
        let fewestRowBlocks = (rowPanels * tileRows + rowBlock - 1) / rowBlock
        let rowBlocks = min(rowPanels, (fewestRowBlocks + workers - 1) / workers * workers)
        let blockWidth = min(columnBlock, (n + tileColumns - 1) / tileColumns * tileColumns)
        let packedB = UnsafeMutableRawPointer.allocate(
            byteCount: depthBlock * blockWidth * MemoryLayout<Float>.stride, alignment: 64
        ).bindMemory(to: Float.self, capacity: depthBlock * blockWidth)
        defer { packedB.deallocate() }
        let shared = UncheckedSendable((a, b, c, packedB))

        for firstColumn in stride(from: 0, to: n, by: blockWidth) {
            let columns = min(blockWidth, n - firstColumn)
            let columnPanels = (columns + tileColumns - 1) / tileColumns
            let columnGroups = rowBlocks >= workers ? 1 : min(columnPanels, (workers + rowBlocks - 1) / rowBlocks)
            for firstStep in stride(from: 0, to: k, by: depthBlock) {
                let depth = min(depthBlock, k - firstStep)
                let blockBeta: Float = firstStep == 0 ? beta : 1
                Parallel.forEach(columnPanels, threads: workers) { panel in
                    let (_, b, _, packedB) = shared.value
                    let first = firstColumn + panel * tileColumns
                    GEMMPacking.packPanel(
                        b + firstStep * bDepthStride + first * bLaneStride, laneStride: bLaneStride,
                        depthStride: bDepthStride, lanes: min(tileColumns, firstColumn + columns - first), depth: depth,
                        width: tileColumns, into: packedB + panel * tileColumns * depth)
                }
                Parallel.forEach(rowBlocks * columnGroups, threads: workers) { task in
                    let (a, _, c, packedB) = shared.value
                    let (block, group) = task.quotientAndRemainder(dividingBy: columnGroups)
                    let panels = (block * rowPanels / rowBlocks)..<((block + 1) * rowPanels / rowBlocks)
                    let firstRow = panels.lowerBound * tileRows
                    let rows = min(m, panels.upperBound * tileRows) - firstRow
                    let packedA = UnsafeMutableRawPointer.allocate(
                        byteCount: panels.count * tileRows * depth * MemoryLayout<Float>.stride, alignment: 64
                    ).bindMemory(to: Float.self, capacity: panels.count * tileRows * depth)
                    defer { packedA.deallocate() }
                    GEMMPacking.pack(
                        a + firstRow * aLaneStride + firstStep * aDepthStride, laneStride: aLaneStride,
                        depthStride: aDepthStride, lanes: rows, depth: depth, width: tileRows, into: packedA)
                    for columnPanel in (group * columnPanels / columnGroups)..<((group + 1) * columnPanels / columnGroups) {
                        let column = columnPanel * tileColumns
                        let bPanel = packedB + column * depth
                        for rowPanel in 0..<panels.count {
                            let row = rowPanel * tileRows
                            GEMMMicroKernel.run(
                                depth: depth, a: packedA + row * depth, b: bPanel,
                                c: c + (firstRow + row) * ldc + firstColumn + column, ldc: ldc,
                                rows: min(tileRows, rows - row), columns: min(tileColumns, columns - column),
                                alpha: alpha, beta: blockBeta)
                        }
                    }
                }
            }
        }
    }

    /// Steps of the inner dimension per block (BLIS's kc). A constant, never adapted to the
    /// thread count or the shapes: the blocking of the inner dimension fixes the order in which
    /// products are summed into C, so keeping it constant keeps results bit-identical whatever
    /// the threading. 256 steps of a 16-column B panel (16 KiB) stay in a 32 KiB L1 cache.
    static let depthBlock = 256
    /// Most rows of op(A) packed per task (BLIS's mc): 144 × 256 floats = 144 KiB, within L2.
    static let rowBlock = 144
    /// Most columns of op(B) packed at once (BLIS's nc): 256 × 4096 floats = 4 MiB, within L3.
    static let columnBlock = 4096
    /// Multiply-adds below which another thread is not worth starting.
    static let minimumWorkPerThread = 1 << 18

    /// C ← β·C on an m×n block of a row-major matrix of any floating-point type, leading
    /// dimension `ldc` (β = 0 writes zeros without reading C, β = 1 leaves it untouched). The
    /// first step of every blocked C ← αA·B + βC, this one or the IR-drop solver's in double.
    @inlinable
    public static func scale<Element: FloatingPoint>(
        _ c: UnsafeMutablePointer<Element>, ldc: Int, rows: Int, columns: Int, by beta: Element
    ) {
        guard beta != 1 else { return }
        for i in 0..<rows {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: columns)
            } else {
                for j in 0..<columns { row[j] *= beta }
            }
        }
    }
}
