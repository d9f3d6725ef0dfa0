import Foundation

/// Moments and order statistics of a sample of `Double`s.
///
/// Sample (not population) variance: divides by n − 1. Percentiles interpolate linearly between
/// order statistics, as numpy's default `percentile(..., method="linear")` does.
public enum Statistics {
    /// Arithmetic mean, refined by a second pass (x̄ + Σ(x − x̄)/n) so that rounding in the sum
    /// does not show: identical values give exactly that value. Requires at least one value.
    @inlinable
    public static func mean(_ values: some Collection<Double>) -> Double {
        precondition(!values.isEmpty, "mean of an empty sample")
        let count = Double(values.count)
        let first = values.reduce(0, +) / count
        return first + values.reduce(0) { $0 + ($1 - first) } / count
    }

    /// Sample variance Σ(x − x̄)²/(n − 1); 0 for a single value. Two passes, so no cancellation.
    @inlinable
    public static func variance(_ values: some Collection<Double>) -> Double {
        precondition(!values.isEmpty, "variance of an empty sample")
        guard values.count > 1 else { return 0 }
        let center = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
        return squares / Double(values.count - 1)
    }

    /// Sample standard deviation √variance.
    @inlinable
    public static func standardDeviation(_ values: some Collection<Double>) -> Double {
        variance(values).squareRoot()
    }

    /// The `fraction` quantile (0 = minimum, 0.5 = median, 1 = maximum), interpolating linearly
    /// between the order statistics at ranks ⌊h⌋ and ⌈h⌉ with h = fraction·(n − 1).
    @inlinable
    public static func quantile(_ values: some Collection<Double>, _ fraction: Double) -> Double {
        precondition(!values.isEmpty, "quantile of an empty sample")
        precondition((0...1).contains(fraction), "quantile fraction \(fraction) outside [0, 1]")
        let sorted = values.sorted()
        let rank = fraction * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = rank - Double(lower)
        return sorted[lower] + weight * (sorted[upper] - sorted[lower])
    }
}
