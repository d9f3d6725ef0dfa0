import Numerics
import TestSupport
import Testing

@Suite("Element-wise helpers")
struct ElementwiseTests {
    /// 37 values (not a multiple of the vector width, so the loop tails run), all multiples of
    /// 1/8 in ±10: sums, and products by the factors used here, are exact in `Float`.
    static let x: [Float] = (0..<37).map { Float($0 * 13 % 161 - 80) / 8 }
    static let y: [Float] = (0..<37).map { Float($0 * 29 % 157 - 78) / 8 }

    @Test("add, scale and add-scaled match exact arithmetic on buffers and matrices")
    func arithmetic() {
        var sum = Self.y
        sum.withUnsafeMutableBufferPointer { y in Self.x.withUnsafeBufferPointer { Elementwise.add($0, to: y) } }
        #expect(sum == zip(Self.x, Self.y).map { $0 + $1 })

        var scaled = Self.x
        scaled.withUnsafeMutableBufferPointer { Elementwise.scale($0, by: -0.75) }
        #expect(scaled == Self.x.map { -0.75 * $0 })

        var axpy = Self.y
        axpy.withUnsafeMutableBufferPointer { y in Self.x.withUnsafeBufferPointer { Elementwise.add($0, scaledBy: 2.5, to: y) } }
        #expect(axpy == zip(Self.x, Self.y).map { 2.5 * $0 + $1 })

        let mx = Matrix(rows: 1, columns: 37, elements: Self.x)
        var my = Matrix(rows: 1, columns: 37, elements: Self.y)
        my.add(mx)
        #expect(my.elements == sum)
        my = Matrix(rows: 1, columns: 37, elements: Self.y)
        my.add(mx, scaledBy: 2.5)
        #expect(my.elements == axpy)
        var ms = mx
        ms.scale(by: -0.75)
        #expect(ms.elements == scaled)
    }

    @Test("Adding a matrix to itself doubles it (copy-on-write, no aliasing)")
    func selfAdd() {
        var m = Matrix(rows: 37, columns: 1, elements: Self.x)
        m.add(m)
        #expect(m.elements == Self.x.map { 2 * $0 })
    }

    @Test("clamp limits to the range and keeps NaN")
    func clamp() {
        var values: [Float] = [-3, -2, -1.5, 0, 1.25, 2, 7, .infinity, -.infinity, .nan] + Self.x
        let expected = values.map { $0.isNaN ? $0 : min(max($0, -1.5), 2) }
        values.withUnsafeMutableBufferPointer { Elementwise.clamp($0, to: -1.5...2) }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        var m = Matrix(rows: 1, columns: 37, elements: Self.x)
        m.clamp(to: -1.5...2)
        #expect(m.elements == Self.x.map { min(max($0, -1.5), 2) })
    }

    @Test("roundToNearestEven sends ties to the even neighbour, like IEEE roundTiesToEven")
    func roundTiesToEven() {
        var values: [Float] = [
            0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, 3.7, -3.7, 8_388_607.5, 16_777_216, 1e30, .infinity, .nan,
        ]
        // Expected by hand: ties go to the even integer; -0.5 rounds to -0.
        let expected: [Float] = [0, 2, 2, -0.0, -2, -2, 0, 4, -4, 8_388_608, 16_777_216, 1e30, .infinity, .nan]
        values.withUnsafeMutableBufferPointer { Elementwise.roundToNearestEven($0) }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        var m = Matrix<Float>(rows: 2, columns: 2, elements: [0.5, 1.5, 2.5, -2.5])
        m.roundToNearestEven()
        #expect(m.elements == [0, 2, 2, -2])
    }

    @Test("ReLU zeroes negatives and keeps positives and NaN")
    func relu() {
        var values: [Float] = [-2, -0.0, 0, 3.5, -.infinity, .infinity, .nan, -0x1p-149]
        let expected: [Float] = [0, -0.0, 0, 3.5, 0, .infinity, .nan, 0]
        values.withUnsafeMutableBufferPointer { Elementwise.relu($0) }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        var m = Matrix(rows: 37, columns: 1, elements: Self.x)
        m.applyReLU()
        #expect(m.elements == Self.x.map { max($0, 0) })
    }
}
