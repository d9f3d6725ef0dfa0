/// Vectorized elementary functions on `SIMD8<Float>` for the random-number kernels.
///
/// Polynomial approximations in the style of Cephes (S. L. Moshier, "Methods and Programs for
/// Mathematical Functions", 1989): range reduction to a small interval, then a minimax
/// polynomial. Accuracy is stated per function, enough for sampling.
///
/// Everything here is branch-free lane arithmetic: selections are bit operations, because
/// `SIMD` comparisons of integer vectors, `SIMD.rounded(_:)` and integer/float `SIMD`
/// conversions run lane by lane through generic code (4× slower Box–Muller when they were used);
/// the polynomials are evaluated with fused multiply-adds where the target has them.
public enum FastMath {
    /// Natural logarithm for positive, finite, normal inputs, within one ulp of the exact result
    /// (Cephes `logf`, peak relative error 7.6·10⁻⁸; measured below 0.85 ulp over every input
    /// of ``boxMuller(_:_:)`` and a sweep of all binades).
    @inlinable @inline(__always)
    public static func log(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // x = m · 2^e with m in [√½, √2), so that the polynomial argument m − 1 is small. Offsetting
        // the bits by 1 − √½ before splitting them (as musl's logf does) picks e without a
        // comparison: mantissas at or above √½ carry into the exponent field.
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self) &+ (0x3F80_0000 - 0x3F35_04F3)
        let exponent = float(SIMD8<Int32>(truncatingIfNeeded: bits &>> 23) &- 127)
        let m = unsafeBitCast((bits & 0x007F_FFFF) &+ 0x3F35_04F3, to: SIMD8<Float>.self)
        let t = m - 1
        let t2 = t * t
        var p = SIMD8<Float>(repeating: 7.0376836292e-2)
        p = horner(p, t, -1.1514610310e-1)
        p = horner(p, t, 1.1676998740e-1)
        p = horner(p, t, -1.2420140846e-1)
        p = horner(p, t, 1.4249322787e-1)
        p = horner(p, t, -1.6668057665e-1)
        p = horner(p, t, 2.0000714765e-1)
        p = horner(p, t, -2.4999993993e-1)
        p = horner(p, t, 3.3333331174e-1)
        var y = p * t * t2
        y = multiplyAdd(exponent, SIMD8(repeating: -2.12194440e-4), y)
        y = multiplyAdd(t2, SIMD8(repeating: -0.5), y)
        return multiplyAdd(exponent, SIMD8(repeating: 0.693359375), t + y)
    }

    /// (sin 2πu, cos 2πu) for u in [0, 1], each within 4·2⁻²⁴ ≈ 2.4·10⁻⁷ of the exact value.
    ///
    /// The bound: the reduced angle r = 2π(u − q/4) is off by at most (2⁻²⁴ + 2.8·10⁻⁸)·π/4 ≈
    /// 7·10⁻⁸ (one rounding, plus the error of `Float.pi`), the Cephes `sinf`/`cosf` polynomials
    /// on [−π/4, π/4] add about one ulp, and the result is rounded once more.
    @inlinable @inline(__always)
    public static func sinCosTwoPi(_ u: SIMD8<Float>) -> (sin: SIMD8<Float>, cos: SIMD8<Float>) {
        // Quadrant q = round(4u); reduced angle r = 2π(u − q/4) in [−π/4, π/4].
        let quarters = roundedToNearestEven(u * 4)
        let r = (u - quarters * 0.25) * (2 * Float.pi)
        let r2 = r * r
        var s = SIMD8<Float>(repeating: -1.9515295891e-4)
        s = horner(s, r2, 8.3321608736e-3)
        s = horner(s, r2, -1.6666654611e-1)
        let sinR = multiplyAdd(r * r2, s, r)
        var c = SIMD8<Float>(repeating: 2.443315711809948e-5)
        c = horner(c, r2, -1.388731625493765e-3)
        c = horner(c, r2, 4.166664568298827e-2)
        let cosR = multiplyAdd(r2 * r2, c, 1 - 0.5 * r2)
        // quarters is an integer in [0, 4]: adding 2²³ puts it in the low mantissa bits.
        let quadrant = unsafeBitCast(quarters + 0x1p23, to: SIMD8<UInt32>.self) & 3
        // sin(r + qπ/2) and cos(r + qπ/2) by quadrant q: 0 (s, c), 1 (c, −s), 2 (−s, −c), 3 (−c, s).
        // Selections and sign flips are bit operations: integer vector comparisons would build
        // their masks lane by lane.
        let swap = 0 &- (quadrant & 1)
        let sinBits = unsafeBitCast(sinR, to: SIMD8<UInt32>.self)
        let cosBits = unsafeBitCast(cosR, to: SIMD8<UInt32>.self)
        let sinSign = (quadrant & 2) &<< 30
        let cosSign = ((quadrant &+ 1) & 2) &<< 30
        let sinOut = ((sinBits & ~swap) | (cosBits & swap)) ^ sinSign
        let cosOut = ((cosBits & ~swap) | (sinBits & swap)) ^ cosSign
        return (unsafeBitCast(sinOut, to: SIMD8<Float>.self), unsafeBitCast(cosOut, to: SIMD8<Float>.self))
    }

    /// `x` rounded to the nearest integer, ties to even.
    ///
    /// Written lane by lane because `SIMD8.rounded(_:)` goes through a generic, per-lane slow
    /// path; this loop compiles to a single `vroundps` (or `frintn` on ARM).
    @inlinable @inline(__always)
    public static func roundedToNearestEven(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var result = x
        for lane in 0..<8 { result[lane] = x[lane].rounded(.toNearestOrEven) }
        return result
    }

    /// Two vectors of standard normal samples from two vectors of random 32-bit words
    /// (Box–Muller: √(−2 ln u₁)·cos 2πu₂ and √(−2 ln u₁)·sin 2πu₂, with u₁ in (0, 1]).
    @inlinable @inline(__always)
    public static func boxMuller(_ first: SIMD8<UInt32>, _ second: SIMD8<UInt32>) -> (SIMD8<Float>, SIMD8<Float>) {
        let u1 = float(SIMD8<Int32>(truncatingIfNeeded: (first &>> 8) &+ 1)) * 0x1p-24
        let u2 = float(SIMD8<Int32>(truncatingIfNeeded: second &>> 8)) * 0x1p-24
        let radius = (-2 * log(u1)).squareRoot()
        let (s, c) = sinCosTwoPi(u2)
        return (radius * c, radius * s)
    }

    /// `x` converted to `Float` (rounded to nearest).
    ///
    /// Written lane by lane because `SIMD8<Float>(_:)` from an integer vector goes through a
    /// generic, per-lane slow path; this loop compiles to a single `vcvtdq2ps`.
    @inlinable @inline(__always)
    public static func float(_ x: SIMD8<Int32>) -> SIMD8<Float> {
        var result = SIMD8<Float>()
        for lane in 0..<8 { result[lane] = Float(x[lane]) }
        return result
    }

    /// One Horner step, p·x + c.
    @usableFromInline @inline(__always)
    static func horner(_ p: SIMD8<Float>, _ x: SIMD8<Float>, _ c: Float) -> SIMD8<Float> {
        multiplyAdd(p, x, SIMD8(repeating: c))
    }

    /// a·b + c, fused where the target has FMA (without it, `addingProduct` would become one
    /// library call per lane).
    @inlinable @inline(__always)
    public static func multiplyAdd(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        #if NUMERICS_FMA || arch(arm64)
        c.addingProduct(a, b)
        #else
        a * b + c
        #endif
    }
}
