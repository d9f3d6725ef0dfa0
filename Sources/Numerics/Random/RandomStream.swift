import Foundation

/// A counter-based random number stream identified by a seed and a key path.
///
/// The generator is Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// SC 2011): block `i` of a stream is a pure function of (seed, key, i). Two streams with the
/// same seed and key give the same numbers whatever the order they were created in, whichever
/// thread draws from them, and however a bulk fill is split across threads.
///
/// The key path names what the numbers are for, e.g. `"layer3/array12/program"`; the seed and
/// the key are hashed into Philox's 64-bit key and the upper 64 bits of its 128-bit counter,
/// and the lower 64 bits count blocks. Each block is four 32-bit words.
///
/// Three ways to draw:
/// - one at a time (``next()``, ``nextUniform()``, ``nextNormal()``…), consuming words in order;
/// - bulk fills (``fillUniform(_:threads:)``, ``fillNormal(_:mean:standardDeviation:threads:)``…),
///   which start at the next unused block (dropping any words left in the current one) and
///   map element `i` to word `i % 4` of block `start + i / 4`, so they can run on many threads;
/// - random access (``normals(groups:into:)``): normal samples addressed by position, a pure
///   function of (seed, key, position) that ignores and does not move the stream's position —
///   for draws keyed by what they are for (read noise by vector, slice and column). It uses the
///   same blocks as the other two, so a stream should be used one way or the other.
public struct RandomStream: RandomNumberGenerator, Sendable {
    /// The seed the stream was made from.
    public let seed: UInt64
    /// The key path the stream was made from.
    public let key: String
    private let philoxKey: (UInt32, UInt32)
    private let streamWords: (UInt32, UInt32)
    /// Index of the next block the stream will generate.
    public private(set) var blockIndex: UInt64 = 0
    private var buffered: SIMD4<UInt32> = .zero
    private var bufferedWords = 0
    private var spareNormal: Double?

    /// The stream for `key` under `seed`.
    public init(seed: UInt64, key: String) {
        self.seed = seed
        self.key = key
        let keyHash = Self.fnv1a64(key)
        let philox = Self.mix(seed ^ Self.mix(keyHash &+ 0x243F_6A88_85A3_08D3))
        let stream = Self.mix(Self.mix(seed &+ 0x1319_8A2E_0370_7344) ^ keyHash)
        philoxKey = (UInt32(truncatingIfNeeded: philox), UInt32(truncatingIfNeeded: philox >> 32))
        streamWords = (UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    }

    /// The stream for `self.key + "/" + key` under the same seed.
    public func child(_ key: String) -> RandomStream {
        RandomStream(seed: seed, key: self.key.isEmpty ? key : self.key + "/" + key)
    }

    // MARK: One at a time

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        if bufferedWords < 2 { refill() }
        let low = UInt64(buffered[4 - bufferedWords])
        let high = UInt64(buffered[5 - bufferedWords])
        bufferedWords -= 2
        return low | high << 32
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A normal sample with the given mean and standard deviation (Box–Muller, both outputs used).
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + standardDeviation * spare
        }
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return mean + standardDeviation * radius * cos(angle)
    }

    /// exp(N(mu, sigma²)): a lognormal sample whose logarithm has mean `mu` and deviation `sigma`.
    public mutating func nextLognormal(mu: Double, sigma: Double) -> Double {
        exp(nextNormal(mean: mu, standardDeviation: sigma))
    }

    /// `true` with probability `probability` (clamped to [0, 1]).
    public mutating func nextBernoulli(probability: Double) -> Bool {
        nextUniform() < probability
    }

    private mutating func refill() {
        let block = PhiloxBlock.generate(
            counterLow: SIMD8(repeating: UInt32(truncatingIfNeeded: blockIndex)),
            counterHigh: SIMD8(repeating: UInt32(truncatingIfNeeded: blockIndex >> 32)),
            streamWords: streamWords, key: philoxKey)
        buffered = SIMD4(block.0[0], block.1[0], block.2[0], block.3[0])
        bufferedWords = 4
        blockIndex &+= 1
    }

    // MARK: Bulk fills

    /// Fills `buffer` with uniform floats in [0, 1) (24 random bits each).
    public mutating func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, threads: Int? = nil) {
        fill(buffer, threads: threads) { words in
            func uniform(_ word: SIMD8<UInt32>) -> SIMD8<Float> {
                FastMath.float(SIMD8<Int32>(truncatingIfNeeded: word &>> 8)) * 0x1p-24
            }
            return (uniform(words.0), uniform(words.1), uniform(words.2), uniform(words.3))
        }
    }

    /// Fills `buffer` with normal samples (Box–Muller on pairs of words, vectorized).
    public mutating func fillNormal(
        _ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, standardDeviation: Float = 1, threads: Int? = nil
    ) {
        fill(buffer, threads: threads) { words in
            let (z0, z1) = FastMath.boxMuller(words.0, words.1)
            let (z2, z3) = FastMath.boxMuller(words.2, words.3)
            let m = SIMD8<Float>(repeating: mean)
            let s = SIMD8<Float>(repeating: standardDeviation)
            return (m + s * z0, m + s * z1, m + s * z2, m + s * z3)
        }
    }

    /// Fills `buffer` with lognormal samples exp(N(mu, sigma²)).
    public mutating func fillLognormal(
        _ buffer: UnsafeMutableBufferPointer<Float>, mu: Float, sigma: Float, threads: Int? = nil
    ) {
        fillNormal(buffer, mean: mu, standardDeviation: sigma, threads: threads)
        let shared = UncheckedSendable(buffer)
        Parallel.forEachChunk(buffer.count, chunkSize: 1 << 14, threads: threads) { range in
            for i in range { shared.value[i] = expf(shared.value[i]) }
        }
    }

    /// Fills `buffer` with Bernoulli draws: `true` with probability `probability`.
    public mutating func fillBernoulli(_ buffer: UnsafeMutableBufferPointer<Bool>, probability: Double, threads: Int? = nil) {
        let count = buffer.count
        let uniforms = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { uniforms.deallocate() }
        // Compare in Double: converting p to Float would round it (to zero below 2⁻¹⁴⁹). The
        // uniforms are multiples of 2⁻²⁴, so the rate is p rounded up to a multiple of 2⁻²⁴.
        fillUniform(uniforms, threads: threads)
        for i in 0..<count { buffer[i] = Double(uniforms[i]) < probability }
    }

    // MARK: Random access

    /// Writes the 32 standard normal samples of each group in `groups` to `destination`, group
    /// after group (`32 · groups.count` floats).
    ///
    /// Group `g` is a pure function of (seed, key, g): Box–Muller (``FastMath/boxMuller(_:_:)``)
    /// on words (0, 1) and (2, 3) of Philox blocks 8g…8g+7, sample `e` of the group being lane
    /// `e % 8` of the `e / 8`-th output (cos and sin of words 0 and 1, then of words 2 and 3).
    /// The stream's position is neither used nor moved, so any thread may ask for any group in
    /// any order.
    public func normals(groups: Range<UInt64>, into destination: UnsafeMutablePointer<Float>) {
        let lane = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        var out = UnsafeMutableRawPointer(destination)
        for group in groups {
            let indices = SIMD8<UInt64>(repeating: group &* 8) &+ lane
            let words = PhiloxBlock.generate(
                counterLow: SIMD8<UInt32>(truncatingIfNeeded: indices), counterHigh: SIMD8<UInt32>(truncatingIfNeeded: indices &>> 32),
                streamWords: streamWords, key: philoxKey)
            let (z0, z1) = FastMath.boxMuller(words.0, words.1)
            let (z2, z3) = FastMath.boxMuller(words.2, words.3)
            out.storeBytes(of: z0, as: SIMD8<Float>.self)
            out.storeBytes(of: z1, toByteOffset: 32, as: SIMD8<Float>.self)
            out.storeBytes(of: z2, toByteOffset: 64, as: SIMD8<Float>.self)
            out.storeBytes(of: z3, toByteOffset: 96, as: SIMD8<Float>.self)
            out += 128
        }
    }

    /// Runs `transform` over groups of 8 blocks (32 outputs) and scatters the results so that
    /// element `i` comes from word `i % 4` of block `start + i / 4`.
    private mutating func fill(
        _ buffer: UnsafeMutableBufferPointer<Float>, threads: Int?,
        _ transform: @Sendable (PhiloxBlock.Words) -> PhiloxBlock.Floats
    ) {
        bufferedWords = 0
        spareNormal = nil
        let count = buffer.count
        guard count > 0 else { return }
        let start = blockIndex
        let blocks = (count + 3) / 4
        let groups = (blocks + 7) / 8
        let out = UncheckedSendable(buffer)
        let key = philoxKey
        let stream = streamWords
        Parallel.forEachChunk(groups, chunkSize: 512, threads: threads) { groupRange in
            let lane = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
            for group in groupRange {
                let firstBlock = start &+ UInt64(group * 8)
                let indices = SIMD8<UInt64>(repeating: firstBlock) &+ lane
                let words = PhiloxBlock.generate(
                    counterLow: SIMD8<UInt32>(truncatingIfNeeded: indices),
                    counterHigh: SIMD8<UInt32>(truncatingIfNeeded: indices &>> 32),
                    streamWords: stream, key: key)
                let values = transform(words)
                let base = group * 32
                if base + 32 <= count {
                    Self.scatter(values, to: out.value.baseAddress! + base)
                } else {
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: 32) { tail in
                        Self.scatter(values, to: tail.baseAddress!)
                        (out.value.baseAddress! + base).update(from: tail.baseAddress!, count: count - base)
                    }
                }
            }
        }
        blockIndex = start &+ UInt64(blocks)
    }

    /// Writes the 32 outputs of eight blocks in stream order: word `w` of block `l` to `4·l + w`.
    @inline(__always)
    private static func scatter(_ values: PhiloxBlock.Floats, to destination: UnsafeMutablePointer<Float>) {
        for l in 0..<8 {
            destination[4 * l] = values.0[l]
            destination[4 * l + 1] = values.1[l]
            destination[4 * l + 2] = values.2[l]
            destination[4 * l + 3] = values.3[l]
        }
    }

    // MARK: Hashing

    /// FNV-1a over the UTF-8 bytes of `text`: stable across runs and platforms (unlike `Hasher`).
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The SplitMix64 finalizer (Steele, Lea & Flood, OOPSLA 2014): a bijective 64-bit mixer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
