import Numerics
import TestSupport
import Testing

@Suite("Exact integer GEMM")
struct IntegerGEMMTests {
    /// (transposeA, transposeB).
    static let transposes = [(false, false), (false, true), (true, false), (true, true)]

    /// op(X) with entries in `range`, stored as X or, transposed, as Xᵀ.
    static func operand<T: FixedWidthInteger & SignedInteger & Sendable>(
        _ type: T.Type, rows: Int, columns: Int, in range: ClosedRange<T>, transposed: Bool, key: String
    ) -> Matrix<T> {
        TestMatrices.integers(
            type, rows: transposed ? columns : rows, columns: transposed ? rows : columns, in: range, key: key)
    }

    @Test("Int8 × Int8 equals the naive Int64 sum, negative values included", arguments: [(1, 1, 1), (7, 13, 5), (33, 20, 64)], transposes)
    func int8(shape: (Int, Int, Int), transpose: (Bool, Bool)) {
        let (m, n, k) = shape
        let a = Self.operand(Int8.self, rows: m, columns: k, in: -128...127, transposed: transpose.0, key: "int/a")
        let b = Self.operand(Int8.self, rows: k, columns: n, in: -128...127, transposed: transpose.1, key: "int/b")
        let c = IntegerGEMM.multiply(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1)
        #expect(c == ReferenceGEMM.integer(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1))
    }

    @Test("Int8 sums over 2,500 steps (ten exact float chunks, sums beyond 2²⁴) stay exact", arguments: transposes)
    func longInnerDimension(transpose: (Bool, Bool)) {
        let (m, n, k) = (5, 19, 2500)
        // All-extreme values make every partial sum as large as it can be: 2,500 · 128 · 128 > 2²⁴.
        let a = Self.operand(Int8.self, rows: m, columns: k, in: -128 ... -127, transposed: transpose.0, key: "int/long/a")
        let b = Self.operand(Int8.self, rows: k, columns: n, in: -128 ... -127, transposed: transpose.1, key: "int/long/b")
        let c = IntegerGEMM.multiply(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1)
        #expect(c == ReferenceGEMM.integer(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1))
    }

    @Test("Int16 × Int8 (the Int16 operand split into bytes) equals the naive sum", arguments: transposes)
    func int16ByInt8(transpose: (Bool, Bool)) {
        let (m, n, k) = (9, 14, 300)
        let a = Self.operand(Int16.self, rows: m, columns: k, in: -20000...20000, transposed: transpose.0, key: "int16/a")
        let b = Self.operand(Int8.self, rows: k, columns: n, in: -127...127, transposed: transpose.1, key: "int16/b")
        let c = IntegerGEMM.multiply(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1)
        #expect(c == ReferenceGEMM.integer(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1))
    }

    @Test("Int16 × Int16 with products beyond 2²⁴ (both operands split into bytes) equals the naive sum", arguments: transposes)
    func int16ByInt16(transpose: (Bool, Bool)) {
        let (m, n, k) = (7, 9, 50)
        let a = Self.operand(Int16.self, rows: m, columns: k, in: -30000...30000, transposed: transpose.0, key: "int16x16/a")
        let b = Self.operand(Int16.self, rows: k, columns: n, in: -1000...1000, transposed: transpose.1, key: "int16x16/b")
        let c = IntegerGEMM.multiply(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1)
        #expect(c == ReferenceGEMM.integer(a.view, transposeA: transpose.0, b.view, transposeB: transpose.1))
        // The split falls on the other operand when it is the larger one.
        let swapped = IntegerGEMM.multiply(b.view, transposeA: !transpose.1, a.view, transposeB: !transpose.0)
        #expect(swapped == ReferenceGEMM.integer(b.view, transposeA: !transpose.1, a.view, transposeB: !transpose.0))
    }

    @Test("Int16.min · Int16.min = 2³⁰ is exact")
    func extremeInt16() {
        let a = Matrix<Int16>(rows: 2, columns: 1, elements: [.min, .max])
        let b = Matrix<Int16>(rows: 1, columns: 3, elements: [.min, .max, -1])
        let c = IntegerGEMM.multiply(a.view, b.view)
        #expect(c.elements == [1 << 30, -32768 * 32767, 32768, -32768 * 32767, 32767 * 32767, -32767])
    }

    @Test("Views into larger integer matrices")
    func views() {
        let bigA = TestMatrices.integers(Int8.self, rows: 20, columns: 30, in: -100...100, key: "int/view/a")
        let bigB = TestMatrices.integers(Int16.self, rows: 20, columns: 30, in: -900...900, key: "int/view/b")
        let a = bigA.view(rows: 2..<13, columns: 4..<21)
        let b = bigB.view(rows: 1..<18, columns: 9..<16)
        #expect(IntegerGEMM.multiply(a, b) == ReferenceGEMM.integer(a, b))
    }

    @Test("A zero operand gives a zero product; an empty inner dimension too")
    func zeros() {
        let a = Matrix<Int8>(rows: 3, columns: 4)
        let b = TestMatrices.integers(Int8.self, rows: 4, columns: 5, in: -5...5, key: "int/zero/b")
        #expect(IntegerGEMM.multiply(a.view, b.view) == Matrix<Int32>(rows: 3, columns: 5))
        #expect(
            IntegerGEMM.multiply(Matrix<Int8>(rows: 3, columns: 0).view, Matrix<Int8>(rows: 0, columns: 5).view)
                == Matrix<Int32>(rows: 3, columns: 5))
    }

    @Test("Multithreaded products are exact too")
    func threads() {
        let a = TestMatrices.integers(Int8.self, rows: 70, columns: 300, in: -128...127, key: "int/threads/a")
        let b = TestMatrices.integers(Int8.self, rows: 300, columns: 60, in: -128...127, key: "int/threads/b")
        #expect(IntegerGEMM.multiply(a.view, b.view, threads: 2) == ReferenceGEMM.integer(a.view, b.view))
    }

    @Test("A product that may overflow Int32 traps")
    func overflowTraps() async {
        await #expect(processExitsWith: .failure) {
            let a = Matrix<Int16>(rows: 1, columns: 3, repeating: .max)
            let b = Matrix<Int16>(rows: 3, columns: 1, repeating: .max)
            _ = IntegerGEMM.multiply(a.view, b.view)
        }
    }
}
