/// The Philox4x32-10 block function on eight counters at once.
///
/// Salmon, Moraes, Dror & Shaw, SC 2011: ten rounds of two 32×32→64-bit multiplies with the
/// key bumped by the Weyl constants between rounds. Lanes are independent blocks.
///
/// The eight 32-bit lanes of each word are handled as four 64-bit lanes (even lane in the low
/// half, odd lane in the high half), so that each round's sixteen products take four 32×32→64
/// vector multiplies (`vpmuludq` on AVX2: one for the even lanes, one for the odd lanes of each
/// word) and their high and low halves are put back in place with shifts and masks. Written on
/// 32-bit lanes, the compiler computed every product twice (once for each half), and on CPUs
/// whose vector multiplier is the bottleneck that halved the throughput.
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
        typealias Pairs = SIMD4<UInt64>
        let lowHalves = Pairs(repeating: 0xFFFF_FFFF)
        let highHalves = Pairs(repeating: 0xFFFF_FFFF_0000_0000)
        let m0 = Pairs(repeating: multiplier0)
        let m1 = Pairs(repeating: multiplier1)
        /// A 32-bit value in both halves of every 64-bit lane.
        func both(_ word: UInt32) -> Pairs { Pairs(repeating: UInt64(word) | UInt64(word) << 32) }
        var c0 = unsafeBitCast(counterLow, to: Pairs.self)
        var c1 = unsafeBitCast(counterHigh, to: Pairs.self)
        var c2 = both(streamWords.0)
        var c3 = both(streamWords.1)
        var k0 = key.0
        var k1 = key.1
        for round in 0..<10 {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            // 64-bit products of the even (low-half) and odd (high-half) lanes.
            let even0 = (c0 & lowHalves) &* m0
            let odd0 = (c0 &>> 32) &* m0
            let even1 = (c2 & lowHalves) &* m1
            let odd1 = (c2 &>> 32) &* m1
            let high0 = (even0 &>> 32) | (odd0 & highHalves)
            let low0 = (even0 & lowHalves) | (odd0 &<< 32)
            let high1 = (even1 &>> 32) | (odd1 & highHalves)
            let low1 = (even1 & lowHalves) | (odd1 &<< 32)
            c0 = high1 ^ c1 ^ both(k0)
            c1 = low1
            c2 = high0 ^ c3 ^ both(k1)
            c3 = low0
        }
        return (
            unsafeBitCast(c0, to: SIMD8<UInt32>.self), unsafeBitCast(c1, to: SIMD8<UInt32>.self),
            unsafeBitCast(c2, to: SIMD8<UInt32>.self), unsafeBitCast(c3, to: SIMD8<UInt32>.self)
        )
    }
}
