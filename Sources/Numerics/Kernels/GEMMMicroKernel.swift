/// The register-blocked inner kernel of ``GEMM``: one 6×16 tile of C held in twelve
/// `SIMD8<Float>` accumulators while a packed 6-row panel of op(A) and a packed 16-column panel
/// of op(B) stream through.
///
/// Each step of the inner dimension is a rank-1 update: two vectors of B times six broadcast
/// elements of A. Every lane of every accumulator sums its products in increasing order of the
/// inner index, so an element of C gets the same bits wherever its tile sits and whichever
/// thread computes it.
///
/// With FMA available (`NUMERICS_FMA`, set with `-target-cpu haswell` in Package.swift, or any
/// arm64 CPU) the update is a fused multiply-add; otherwise a multiply then an add, because
/// without the FMA instructions `addProduct` lowers to one library `fmaf` call per lane.
enum GEMMMicroKernel {
    /// Rows of C per tile (elements of A broadcast per step).
    static let rows = 6
    /// Columns of C per tile (two `SIMD8<Float>`).
    static let columns = 16

    /// C tile ← α·(A panel · B panel) + β·C tile, for the top-left `rows`×`columns` of the tile.
    ///
    /// `a` holds `depth` groups of 6 elements (one column of the A panel each), `b` holds
    /// `depth` groups of 16 (one row of the B panel each); panels are zero-padded past the edges
    /// of the matrices. With β = 0, C is written without being read.
    static func run(
        depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, alpha: Float, beta: Float
    ) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            var x = SIMD8<Float>(repeating: pa[0])
            accumulate(&c00, x, b0)
            accumulate(&c01, x, b1)
            x = SIMD8<Float>(repeating: pa[1])
            accumulate(&c10, x, b0)
            accumulate(&c11, x, b1)
            x = SIMD8<Float>(repeating: pa[2])
            accumulate(&c20, x, b0)
            accumulate(&c21, x, b1)
            x = SIMD8<Float>(repeating: pa[3])
            accumulate(&c30, x, b0)
            accumulate(&c31, x, b1)
            x = SIMD8<Float>(repeating: pa[4])
            accumulate(&c40, x, b0)
            accumulate(&c41, x, b1)
            x = SIMD8<Float>(repeating: pa[5])
            accumulate(&c50, x, b0)
            accumulate(&c51, x, b1)
            pa += 6
            pb += 64
        }
        if rows == Self.rows && columns == Self.columns {
            store(c00, c01, at: c, alpha: alpha, beta: beta)
            store(c10, c11, at: c + ldc, alpha: alpha, beta: beta)
            store(c20, c21, at: c + 2 * ldc, alpha: alpha, beta: beta)
            store(c30, c31, at: c + 3 * ldc, alpha: alpha, beta: beta)
            store(c40, c41, at: c + 4 * ldc, alpha: alpha, beta: beta)
            store(c50, c51, at: c + 5 * ldc, alpha: alpha, beta: beta)
            return
        }
        // Edge tile: the same arithmetic, element by element, on the valid part only.
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 2 * Self.rows) { sums in
            (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]) = (c00, c01, c10, c11, c20, c21)
            (sums[6], sums[7], sums[8], sums[9], sums[10], sums[11]) = (c30, c31, c40, c41, c50, c51)
            for r in 0..<rows {
                let row = c + r * ldc
                for j in 0..<columns {
                    let sum = sums[2 * r + j / 8][j % 8]
                    row[j] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j]
                }
            }
        }
    }

    /// `accumulator += x · y`, fused where the target has FMA.
    @inline(__always)
    static func accumulate(_ accumulator: inout SIMD8<Float>, _ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        #if NUMERICS_FMA || arch(arm64)
        accumulator.addProduct(x, y)
        #else
        accumulator += x * y
        #endif
    }

    /// Sixteen elements of one row of C ← α·sum + β·C (C not read when β = 0).
    @inline(__always)
    static func store(
        _ low: SIMD8<Float>, _ high: SIMD8<Float>, at c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float
    ) {
        let raw = UnsafeMutableRawPointer(c)
        var resultLow = alpha * low
        var resultHigh = alpha * high
        if beta != 0 {
            resultLow = resultLow + beta * raw.loadUnaligned(as: SIMD8<Float>.self)
            resultHigh = resultHigh + beta * raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        }
        raw.storeBytes(of: resultLow, as: SIMD8<Float>.self)
        raw.storeBytes(of: resultHigh, toByteOffset: 32, as: SIMD8<Float>.self)
    }
}
