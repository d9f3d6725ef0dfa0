/// Copies blocks of the GEMM operands into the panel layout ``GEMMMicroKernel`` reads.
///
/// A panel is `width` lanes (rows of op(A) or columns of op(B)) by `depth` steps of the inner
/// dimension, stored step by step: lane `l` of step `p` at `p·width + l`. Transposition is only
/// a matter of strides here: element (lane `l`, step `p`) of the source is at
/// `source[l·laneStride + p·depthStride]`, so op(A) = A has (lda, 1), op(A) = Aᵀ has (1, lda),
/// op(B) = B has (1, ldb) and op(B) = Bᵀ has (ldb, 1).
enum GEMMPacking {
    /// Packs consecutive panels of `width` lanes covering `lanes` lanes of the source, each
    /// `depth` steps deep, one after the other into `destination`. The last panel is
    /// zero-padded to `width` lanes.
    static func pack(
        _ source: UnsafePointer<Float>, laneStride: Int, depthStride: Int, lanes: Int, depth: Int, width: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        var lane = 0
        var panel = destination
        while lane < lanes {
            packPanel(
                source + lane * laneStride, laneStride: laneStride, depthStride: depthStride,
                lanes: min(width, lanes - lane), depth: depth, width: width, into: panel)
            lane += width
            panel += width * depth
        }
    }

    /// Packs one panel of `lanes` ≤ `width` lanes.
    static func packPanel(
        _ source: UnsafePointer<Float>, laneStride: Int, depthStride: Int, lanes: Int, depth: Int, width: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        if lanes < width {
            destination.update(repeating: 0, count: width * depth)
        }
        if laneStride == 1 {
            // Each step's lanes are contiguous in the source: copy them row by row.
            for p in 0..<depth {
                (destination + p * width).update(from: source + p * depthStride, count: lanes)
            }
        } else {
            // Each lane is a strided (usually contiguous) run along the depth.
            for l in 0..<lanes {
                let run = source + l * laneStride
                var out = destination + l
                for p in 0..<depth {
                    out.pointee = run[p * depthStride]
                    out += width
                }
            }
        }
    }
}
