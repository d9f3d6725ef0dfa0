/// Multiplication of an integer by a positive real constant M in integer arithmetic, as in
/// gemmlowp/TensorFlow Lite (Jacob et al., "Quantization and training of neural networks for
/// efficient integer-arithmetic-only inference", CVPR 2018): M ≈ m·2^−e with an integer
/// multiplier m in [2^30, 2^31) and shift e in 1…62, and
///
///     apply(x) = (x·m + 2^(e−1)) >> e
///
/// computed exactly in `Int64` with an arithmetic shift, i.e. x·m/2^e rounded half up (towards
/// +∞). For |x| < 2^31 nothing overflows. Multipliers below 2^−32 use e = 62 and m < 2^30.
public struct Requantizer: Sendable, Equatable {
    /// m.
    public let multiplier: Int64
    /// e.
    public let shift: Int

    /// The representation of `real` (M); `node` names the layer in errors.
    public init(real: Double, node: String) throws {
        guard real > 0 && real.isFinite && real < 0x1p30 else { throw QuantizationError.scaleOutOfRange(node: node, multiplier: real) }
        var exponent = Int(real.exponent)  // real = significand·2^exponent, significand in [1, 2)
        var m = (real * Double(sign: .plus, exponent: 30 - exponent, significand: 1)).rounded(.toNearestOrEven)
        if m >= 0x1p31 {
            m /= 2
            exponent += 1
        }
        var shift = 30 - exponent
        if shift > 62 {
            m = (real * 0x1p62).rounded(.toNearestOrEven)
            shift = 62
        }
        self.multiplier = Int64(m)
        self.shift = shift
    }

    /// The real multiplier m·2^−e this requantizer applies.
    public var realValue: Double { Double(multiplier) * Double(sign: .plus, exponent: -shift, significand: 1) }

    /// (x·m + 2^(e−1)) >> e.
    @inline(__always)
    public func apply(_ x: Int64) -> Int64 {
        (x &* multiplier &+ (1 << (shift - 1))) >> shift
    }
}
