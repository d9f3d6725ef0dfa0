/// Exact integer matrix multiply with 32-bit results: C = op(A)·op(B), inputs Int8 or Int16.
///
/// The result is exact: every element equals the mathematical sum of products. The caller
/// guarantees the sums fit (k·max|a|·max|b| ≤ 2³¹ − 1), which
/// ``multiply(_:transposeA:_:transposeB:threads:)`` checks and traps on otherwise.
///
/// The products run on the single-precision ``GEMM`` kernel, where integer arithmetic is exact
/// as long as every product and partial sum stays within ±2²⁴ (all integers up to 2²⁴ are
/// `Float`s). So the inner dimension is cut into chunks of at most ⌊2²⁴ / (max|a|·max|b|)⌋ steps,
/// each chunk's float result is converted to Int32 and summed; when max|a|·max|b| itself exceeds
/// 2²⁴ (Int16 × Int16), the operand with the larger magnitude is split into its high and low
/// bytes, x = 256·high + low, and the two products are combined in Int32. Int8 × Int8 products
/// (at most 2¹⁴) allow 1,024 steps per chunk.
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

        let operands = Operands(
            m: m, n: n, k: k, transposeA: transposeA, lda: a.columns, transposeB: transposeB, ldb: b.columns,
            threads: threads)
        c.withUnsafeMutableBufferPointer { result in
            let cStart = result.baseAddress!
            if largestA * largestB <= exactFloatLimit {
                operands.accumulate(aValues, largestA, bValues, largestB, weight: 1, into: cStart)
            } else if largestA >= largestB {
                let (high, low) = splitBytes(aValues)
                operands.accumulate(high, (largestA + 255) / 256, bValues, largestB, weight: 256, into: cStart)
                operands.accumulate(low, 255, bValues, largestB, weight: 1, into: cStart)
            } else {
                let (high, low) = splitBytes(bValues)
                operands.accumulate(aValues, largestA, high, (largestB + 255) / 256, weight: 256, into: cStart)
                operands.accumulate(aValues, largestA, low, 255, weight: 1, into: cStart)
            }
        }
        return c
    }

    /// The largest magnitude of a product or partial sum that `Float` holds exactly: 2²⁴.
    static let exactFloatLimit = 1 << 24

    /// `values` (integers within ±2¹⁵) as 256·high + low with low in 0...255 and high in −128...128.
    static func splitBytes(_ values: [Float]) -> (high: [Float], low: [Float]) {
        let high = values.map { ($0 / 256).rounded(.down) }
        var low = values
        for i in low.indices { low[i] -= 256 * high[i] }
        return (high, low)
    }

    /// The shapes of one integer product and the float kernel calls that compute it.
    struct Operands {
        let m: Int
        let n: Int
        let k: Int
        let transposeA: Bool
        let lda: Int
        let transposeB: Bool
        let ldb: Int
        let threads: Int?

        /// C += weight · op(A)·op(B) for float-held integer operands with the given largest
        /// magnitudes (each at most 2²⁴ when multiplied), chunking the inner dimension so that
        /// every float partial sum is exact.
        func accumulate(
            _ a: [Float], _ largestA: Int, _ b: [Float], _ largestB: Int, weight: Int32,
            into c: UnsafeMutablePointer<Int32>
        ) {
            let chunk = IntegerGEMM.exactFloatLimit / (largestA * largestB)
            let partial = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
            defer { partial.deallocate() }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for first in stride(from: 0, to: k, by: chunk) {
                        GEMM.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: min(chunk, k - first),
                            alpha: 1, a: a.baseAddress! + (transposeA ? first * lda : first), lda: lda,
                            b: b.baseAddress! + (transposeB ? first : first * ldb), ldb: ldb, beta: 0,
                            c: partial, ldc: n, threads: threads)
                        for i in 0..<(m * n) {
                            c[i] &+= weight &* Int32(partial[i])
                        }
                    }
                }
            }
        }
    }
}
