/// An integer type ``IntegerGEMM`` accepts as input: `Int8` or `Int16`, whose values are exact
/// in `Float` and whose products with each other are exact in `Int32`.
///
/// The requirement is a bulk conversion, dispatched once per matrix, so that the per-element
/// loop is compiled for the concrete type even when ``IntegerGEMM`` is called from generic or
/// unoptimised code.
public protocol IntegerGEMMElement: FixedWidthInteger & SignedInteger & Sendable {
    /// Writes the view's elements, row by row, into `destination` as `Float` (exact), and
    /// returns the largest magnitude among them.
    static func convert(_ view: MatrixView<Self>, into destination: UnsafeMutablePointer<Float>) -> Int
}

extension IntegerGEMMElement {
    public static func convert(_ view: MatrixView<Self>, into destination: UnsafeMutablePointer<Float>) -> Int {
        view.withUnsafePointer { start, rowStride in
            var smallest = Self.zero
            var largest = Self.zero
            for r in 0..<view.rows {
                let row = start + r * rowStride
                let out = destination + r * view.columns
                for c in 0..<view.columns {
                    let value = row[c]
                    smallest = Swift.min(smallest, value)
                    largest = Swift.max(largest, value)
                    out[c] = Float(value)
                }
            }
            return Swift.max(-Int(smallest), Int(largest))
        }
    }
}

extension Int8: IntegerGEMMElement {}
extension Int16: IntegerGEMMElement {}
