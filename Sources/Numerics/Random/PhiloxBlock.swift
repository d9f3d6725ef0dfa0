/// The Philox4x32-10 block function on eight counters at once.
///
/// Salmon, Moraes, Dror & Shaw, SC 2011: ten rounds of two 32×32→64-bit multiplies with the
/// key bumped by the Weyl constants between rounds. Lanes are independent blocks.
enum PhiloxBlock {
    /// Four 32-bit output words for eight blocks.
    typealias Words = (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>)
    /// Four float outputs for eight blocks.
    typealias Floats = (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)

    static let multiplier0: UInt64 = 0xD251_1F53
    static let multiplier1: UInt64 = 0xCD9E_8D57
    static let weyl0: UInt32 = 0x9E37_79B9
    static let weyl1: UInt32 = 0xBB67_AE85

    /// The blocks whose counters are (counterLow, counterHigh, streamWords.0, streamWords.1).
    @inline(__always)
    static func generate(
        counterLow: SIMD8<UInt32>, counterHigh: SIMD8<UInt32>, streamWords: (UInt32, UInt32), key: (UInt32, UInt32)
    ) -> Words {
        var c0 = counterLow
        var c1 = counterHigh
        var c2 = SIMD8<UInt32>(repeating: streamWords.0)
        var c3 = SIMD8<UInt32>(repeating: streamWords.1)
        var k0 = key.0
        var k1 = key.1
        for round in 0..<10 {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let product0 = SIMD8<UInt64>(truncatingIfNeeded: c0) &* SIMD8(repeating: multiplier0)
            let product1 = SIMD8<UInt64>(truncatingIfNeeded: c2) &* SIMD8(repeating: multiplier1)
            let high0 = SIMD8<UInt32>(truncatingIfNeeded: product0 &>> 32)
            let low0 = SIMD8<UInt32>(truncatingIfNeeded: product0)
            let high1 = SIMD8<UInt32>(truncatingIfNeeded: product1 &>> 32)
            let low1 = SIMD8<UInt32>(truncatingIfNeeded: product1)
            c0 = high1 ^ c1 ^ SIMD8(repeating: k0)
            c1 = low1
            c2 = high0 ^ c3 ^ SIMD8(repeating: k1)
            c3 = low0
        }
        return (c0, c1, c2, c3)
    }
}
