extension FloatingPoint {
    /// Whether `self` and `other` differ by at most `absoluteTolerance` or by at most
    /// `relativeTolerance` times the larger magnitude of the two.
    ///
    /// The default relative tolerance, √ulp (about 3.5·10⁻⁴ for `Float`, 1.5·10⁻⁸ for `Double`),
    /// accepts results that agree in about half their significant digits — the convention of
    /// swift-numerics' `isApproximatelyEqual`. Tests with a derived error bound pass it as
    /// `absoluteTolerance` and a relative tolerance of zero. NaN equals nothing; infinities equal
    /// only themselves.
    public func isApproximatelyEqual(
        to other: Self, absoluteTolerance: Self = 0, relativeTolerance: Self = Self.ulpOfOne.squareRoot()
    ) -> Bool {
        precondition(absoluteTolerance >= 0 && relativeTolerance >= 0, "tolerances must be non-negative")
        if self == other { return true }
        guard isFinite && other.isFinite else { return false }
        let difference = (self - other).magnitude
        return difference <= absoluteTolerance || difference <= relativeTolerance * Swift.max(magnitude, other.magnitude)
    }
}
