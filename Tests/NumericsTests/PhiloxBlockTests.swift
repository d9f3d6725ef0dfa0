@testable import Numerics
import Testing

@Suite("Philox4x32-10 block function")
struct PhiloxBlockTests {
    /// One line of Random123's `examples/kat_vectors`: "philox4x32 10 CTR[4] KEY[2] EXPECTED[4]".
    struct KnownAnswer: Sendable, CustomTestStringConvertible {
        let counter: [UInt32]
        let key: (UInt32, UInt32)
        let expected: [UInt32]
        var testDescription: String { "counter \(counter.map { String($0, radix: 16) }), key \(String(key.0, radix: 16)) \(String(key.1, radix: 16))" }
    }

    /// Philox4x32-10 vectors from Random123 1.x `examples/kat_vectors` (D. E. Shaw Research;
    /// mirrored in github.com/girving/random123-manual, examples/kat_vectors): the three
    /// canonical lines (zero, all-ones and π-digit counters and keys), then single-bit counters
    /// under key (1, 0) and the π counter under other keys.
    static let knownAnswers = [
        KnownAnswer(counter: [0, 0, 0, 0], key: (0, 0), expected: [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]),
        KnownAnswer(
            counter: [0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], key: (0xffff_ffff, 0xffff_ffff),
            expected: [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]),
        KnownAnswer(
            counter: [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], key: (0xa409_3822, 0x299f_31d0),
            expected: [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]),
        KnownAnswer(counter: [1, 0, 0, 0], key: (1, 0), expected: [0xac08_141b, 0xdfc5_ccbe, 0x79c0_7a47, 0xa7f6_6093]),
        KnownAnswer(counter: [0, 1, 0, 0], key: (1, 0), expected: [0x833f_f8dc, 0x225c_963c, 0x232b_88b3, 0x0b33_4b07]),
        KnownAnswer(counter: [0, 0, 1, 0], key: (1, 0), expected: [0x0707_1c12, 0x4282_64b6, 0x3909_104b, 0x6da2_bda2]),
        KnownAnswer(counter: [0, 0, 0, 1], key: (1, 0), expected: [0x127b_ee41, 0x1e04_7488, 0x4884_2b20, 0x0a39_3496]),
        KnownAnswer(
            counter: [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], key: (1, 0),
            expected: [0x3852_7b8f, 0xfad9_a48c, 0x20e6_75c0, 0xf2fe_a26a]),
        KnownAnswer(
            counter: [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], key: (0, 0xffff_ffff),
            expected: [0x08f7_720c, 0x845e_e9e0, 0x502c_cd3d, 0xa9a0_0e27]),
    ]

    @Test("Matches Random123's known-answer vectors", arguments: knownAnswers)
    func knownAnswer(_ vector: KnownAnswer) {
        let words = PhiloxBlock.generate(
            counterLow: SIMD8(repeating: vector.counter[0]), counterHigh: SIMD8(repeating: vector.counter[1]),
            streamWords: (vector.counter[2], vector.counter[3]), key: vector.key)
        for lane in 0..<8 {
            #expect([words.0[lane], words.1[lane], words.2[lane], words.3[lane]] == vector.expected)
        }
    }

    @Test("Each lane is an independent block with its own counter")
    func lanesAreIndependent() {
        // Four known answers that share counter words 2 and 3 and the key (1, 0).
        let lanes: [(low: UInt32, high: UInt32, expected: [UInt32])] = [
            (1, 0, [0xac08_141b, 0xdfc5_ccbe, 0x79c0_7a47, 0xa7f6_6093]),
            (0, 1, [0x833f_f8dc, 0x225c_963c, 0x232b_88b3, 0x0b33_4b07]),
            (0, 0xffff_ffff, [0x04e2_eae1, 0x463c_c999, 0xe778_6310, 0x65b3_dc49]),
            (0, 0x8000_0000, [0x34a4_d61d, 0x340e_4017, 0xf694_5830, 0xe9f5_2b96]),
        ]
        var low = SIMD8<UInt32>()
        var high = SIMD8<UInt32>()
        for lane in 0..<8 {
            low[lane] = lanes[lane % 4].low
            high[lane] = lanes[lane % 4].high
        }
        let words = PhiloxBlock.generate(counterLow: low, counterHigh: high, streamWords: (0, 0), key: (1, 0))
        for lane in 0..<8 {
            #expect([words.0[lane], words.1[lane], words.2[lane], words.3[lane]] == lanes[lane % 4].expected)
        }
    }
}
