/// Exact integer matrix multiply with 32-bit results: C = op(A)·op(B), inputs Int8 or Int16.
///
/// The result is exact: every element equals the mathematical sum of products. The caller
/// guarantees the sums fit (k·max|a|·max|b| ≤ 2³¹ − 1), which
/// ``multiply(_:transposeA:_:transposeB:threads:)`` checks and traps on otherwise.
///
/// The products run on the single-precision ``GEMM`` kernel, where integer arithmetic is exact
/// while every product and partial sum stays within ±2²⁴ (every integer up to 2²⁴ is a
/// `Float`). The inner dimension is cut into chunks of ⌊2²² / (max|a|·max|b|)⌋ steps, so that
/// each chunk's float result is below 2²² and converts to Int32 with one vector addition (the
/// 1.5·2²³ trick); the chunks are summed in Int32. An operand whose values make
/// max|a|·max|b| exceed 2¹⁶ (chunks shorter than 64 steps) is first split into bytes,
/// x = 256·high + low, and the partial products are combined in Int32 with weights 256 or
/// 65,536. Int8 × Int8 needs no split and 256-step chunks (one ``GEMM/depthBlock``);
/// Int16 × Int16 needs four partial products.
public enum IntegerGEMM {
    /// op(A)·op(B) in Int32, exactly.
    public static func multiply<A: IntegerGEMMElement, B: IntegerGEMMElement>(
        _ a: MatrixView<A>, transposeA: Bool = false, _ b: MatrixView<B>, transposeB: Bool = false, threads: Int? = nil
    ) -> Matrix<Int32> {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "integer GEMM inner dimensions differ: op(A) is \(m)×\(k), op(B) is \(kB)×\(n)")
        var c = Matrix<Int32>(rows: m, columns: n)
        guard m > 0 && n > 0 && k > 0 else { return c }
        var aValues = [Float](repeating: 0, count: a.rows * a.columns)
        var bValues = [Float](repeating: 0, count: b.rows * b.columns)
        let largestA = aValues.withUnsafeMutableBufferPointer { A.convert(a, into: $0.baseAddress!) }
        let largestB = bValues.withUnsafeMutableBufferPointer { B.convert(b, into: $0.baseAddress!) }
        let bound = Double(k) * Double(largestA) * Double(largestB)
        precondition(bound <= Double(Int32.max), "integer GEMM with k = \(k) may overflow Int32 (bound \(bound))")
        guard largestA > 0 && largestB > 0 else { return c }

        var aParts = [Part(values: aValues, largest: largestA, weight: 1)]
        var bParts = [Part(values: bValues, largest: largestB, weight: 1)]
        if largestA * largestB > splitThreshold {
            if largestA >= largestB { aParts = aParts[0].bytes } else { bParts = bParts[0].bytes }
            if aParts.map(\.largest).max()! * bParts.map(\.largest).max()! > splitThreshold {
                if aParts.count == 1 { aParts = aParts[0].bytes } else { bParts = bParts[0].bytes }
            }
        }
        let shape = Shape(
            m: m, n: n, k: k, transposeA: transposeA, lda: a.columns, transposeB: transposeB, ldb: b.columns,
            threads: threads)
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { partial.deallocate() }
        c.withUnsafeMutableBufferPointer { result in
            for aPart in aParts {
                for bPart in bParts {
                    shape.accumulate(aPart, bPart, into: result.baseAddress!, scratch: partial)
                }
            }
        }
        return c
    }

    /// Chunks keep every float partial sum of integers below this: 2²², where the 1.5·2²³
    /// trick converts them to Int32.
    static let chunkLimit = 1 << 22
    /// Largest max|a|·max|b| used without splitting an operand into bytes: 2¹⁶, chunks of at
    /// least 64 steps.
    static let splitThreshold = 1 << 16

    /// One operand (or one byte of it) as float-held integers with a weight.
    struct Part {
        /// The values, exact integers, in the operand's storage order.
        let values: [Float]
        /// The largest magnitude among the values.
        let largest: Int
        /// What the part's products are multiplied by when summed into C.
        let weight: Int32

        /// The part as 256·high + low, with low in 0...255 and |high| ≤ ⌈largest / 256⌉.
        var bytes: [Part] {
            let high = values.map { ($0 / 256).rounded(.down) }
            var low = values
            for i in low.indices { low[i] -= 256 * high[i] }
            return [
                Part(values: high, largest: (largest + 255) / 256, weight: weight &* 256),
                Part(values: low, largest: 255, weight: weight),
            ]
        }
    }

    /// The shapes of one integer product and the float kernel calls that compute it.
    struct Shape {
        let m: Int
        let n: Int
        let k: Int
        let transposeA: Bool
        let lda: Int
        let transposeB: Bool
        let ldb: Int
        let threads: Int?

        /// C += a.weight · b.weight · op(A part)·op(B part), chunking the inner dimension so that
        /// every float partial sum is an exact integer below 2²².
        func accumulate(_ a: Part, _ b: Part, into c: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<Float>) {
            let chunk = IntegerGEMM.chunkLimit / (a.largest * b.largest)
            let weight = a.weight &* b.weight
            let magic: Float = 0x1.8p23
            a.values.withUnsafeBufferPointer { av in
                b.values.withUnsafeBufferPointer { bv in
                    for first in stride(from: 0, to: k, by: chunk) {
                        GEMM.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: min(chunk, k - first),
                            alpha: 1, a: av.baseAddress! + (transposeA ? first * lda : first), lda: lda,
                            b: bv.baseAddress! + (transposeB ? first : first * ldb), ldb: ldb, beta: 0,
                            c: scratch, ldc: n, threads: threads)
                        // x + 1.5·2²³ puts the integer x (|x| < 2²²) in the low mantissa bits.
                        for i in 0..<(m * n) {
                            let value = Int32(bitPattern: (scratch[i] + magic).bitPattern &- magic.bitPattern)
                            c[i] &+= weight &* value
                        }
                    }
                }
            }
        }
    }
}
