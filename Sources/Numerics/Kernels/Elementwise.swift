/// Element-wise operations on `Float` buffers, in place: add, scale, add scaled, clamp, round,
/// ReLU.
///
/// Each is a plain loop over contiguous memory that the compiler vectorizes (8 lanes with AVX2,
/// unrolled four times). ``Matrix`` offers the same operations as mutating methods
/// (`Matrix+Elementwise.swift`). NaN inputs stay NaN in ``clamp(_:to:)``, ``relu(_:)`` and
/// ``roundToNearestEven(_:)``, as in NumPy and PyTorch.
public enum Elementwise {
    /// y ← y + x.
    public static func add(_ x: UnsafeBufferPointer<Float>, to y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "add: \(x.count) elements added to \(y.count)")
        guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
        for i in 0..<y.count { ys[i] += xs[i] }
    }

    /// x ← factor·x.
    public static func scale(_ x: UnsafeMutableBufferPointer<Float>, by factor: Float) {
        guard let xs = x.baseAddress else { return }
        for i in 0..<x.count { xs[i] *= factor }
    }

    /// y ← y + factor·x (BLAS `saxpy`; the product is rounded before the sum).
    public static func add(_ x: UnsafeBufferPointer<Float>, scaledBy factor: Float, to y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "add: \(x.count) elements added to \(y.count)")
        guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
        for i in 0..<y.count { ys[i] += factor * xs[i] }
    }

    /// x ← min(max(x, range.lowerBound), range.upperBound).
    public static func clamp(_ x: UnsafeMutableBufferPointer<Float>, to range: ClosedRange<Float>) {
        guard let xs = x.baseAddress else { return }
        let lower = range.lowerBound
        let upper = range.upperBound
        for i in 0..<x.count {
            let value = xs[i]
            let raised = value < lower ? lower : value
            xs[i] = raised > upper ? upper : raised
        }
    }

    /// x ← x rounded to the nearest integer, ties to even (IEEE 754 `roundTiesToEven`, like
    /// `numpy.rint` and `torch.round`).
    public static func roundToNearestEven(_ x: UnsafeMutableBufferPointer<Float>) {
        guard let xs = x.baseAddress else { return }
        for i in 0..<x.count { xs[i] = xs[i].rounded(.toNearestOrEven) }
    }

    /// x ← max(x, 0).
    public static func relu(_ x: UnsafeMutableBufferPointer<Float>) {
        guard let xs = x.baseAddress else { return }
        for i in 0..<x.count {
            let value = xs[i]
            xs[i] = value < 0 ? 0 : value
        }
    }
}
