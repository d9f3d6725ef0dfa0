/// The quantization of one activation tensor: real value x ≈ scale·q with integer q in
/// ``minimum``…``maximum`` — 0…2^bits − 1 when unsigned, ±(2^(bits−1) − 1) when signed.
/// There is no zero point, so 0 is exact and zero padding stays zero.
public struct ActivationQuantization: Sendable, Equatable {
    /// Real value of one integer step (same unit as the activation).
    public let scale: Float
    /// Bits of the integer (its magnitude bits plus a sign bit when signed).
    public let bits: Int
    /// Whether q may be negative.
    public let isSigned: Bool

    /// A quantization; `scale` must be positive and finite.
    public init(scale: Float, bits: Int, isSigned: Bool) {
        precondition(scale > 0 && scale.isFinite && (1...16).contains(bits), "invalid activation quantization")
        self.scale = scale
        self.bits = bits
        self.isSigned = isSigned
    }

    /// The quantization that maps `range` (the largest |x| expected) onto the full integer
    /// range: scale = range/(2^bits − 1) unsigned, range/(2^(bits−1) − 1) signed; 1 if range is 0.
    public init(range: Float, bits: Int, isSigned: Bool) {
        let steps = isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1
        self.init(scale: range > 0 ? range / Float(steps) : 1, bits: bits, isSigned: isSigned)
    }

    /// The smallest integer value.
    public var minimum: Int { isSigned ? -((1 << (bits - 1)) - 1) : 0 }
    /// The largest integer value.
    public var maximum: Int { isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1 }

    /// q = clamp(round(x / scale)) with round-half-to-even on the `Float` quotient.
    public func quantize(_ x: Float) -> Int16 {
        let q = (x / scale).rounded(.toNearestOrEven)
        guard q.isFinite else { return x > 0 ? Int16(maximum) : Int16(minimum) }
        return Int16(Swift.min(Swift.max(q, Float(minimum)), Float(maximum)))
    }

    /// scale·q.
    public func dequantize(_ q: Int16) -> Float { scale * Float(q) }
}
