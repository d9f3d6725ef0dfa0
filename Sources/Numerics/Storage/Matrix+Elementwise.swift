/// The ``Elementwise`` operations on whole `Float` matrices, in place.
extension Matrix where Element == Float {
    /// self ← self + other (same shape).
    public mutating func add(_ other: Matrix<Float>) {
        precondition(rows == other.rows && columns == other.columns, "add: \(other.rows)×\(other.columns) added to \(rows)×\(columns)")
        other.withUnsafeBufferPointer { x in withUnsafeMutableBufferPointer { Elementwise.add(x, to: $0) } }
    }

    /// self ← self + factor·other (same shape).
    public mutating func add(_ other: Matrix<Float>, scaledBy factor: Float) {
        precondition(rows == other.rows && columns == other.columns, "add: \(other.rows)×\(other.columns) added to \(rows)×\(columns)")
        other.withUnsafeBufferPointer { x in withUnsafeMutableBufferPointer { Elementwise.add(x, scaledBy: factor, to: $0) } }
    }

    /// self ← factor·self.
    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { Elementwise.scale($0, by: factor) }
    }

    /// Every element limited to `range`.
    public mutating func clamp(to range: ClosedRange<Float>) {
        withUnsafeMutableBufferPointer { Elementwise.clamp($0, to: range) }
    }

    /// Every element rounded to the nearest integer, ties to even.
    public mutating func roundToNearestEven() {
        withUnsafeMutableBufferPointer { Elementwise.roundToNearestEven($0) }
    }

    /// Every negative element replaced by zero.
    public mutating func applyReLU() {
        withUnsafeMutableBufferPointer { Elementwise.relu($0) }
    }
}
