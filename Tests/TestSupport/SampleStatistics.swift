/// The mean and variance of a sample, accumulated in Double (Welford's algorithm), with the
/// standard errors statistical tests compare against.
///
/// Tests accept an estimate within five standard errors of the true value: a correct
/// generator fails such a check with probability 6·10⁻⁷, while a wrong model (a biased mean, a
/// mis-scaled variance) fails it reliably once n is large enough for its bias to exceed 5σ.
public struct SampleStatistics {
    /// Number of values.
    public private(set) var count = 0
    /// The sample mean.
    public private(set) var mean = 0.0
    private var sumOfSquaredDeviations = 0.0

    /// Statistics of `values`.
    public init<S: Sequence>(_ values: S) where S.Element: BinaryFloatingPoint {
        for value in values { add(Double(value)) }
    }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// The unbiased sample variance.
    public var variance: Double { sumOfSquaredDeviations / Double(count - 1) }

    /// Standard error of the mean of n draws from a distribution with standard deviation σ: σ/√n.
    public static func standardErrorOfMean(standardDeviation: Double, count: Int) -> Double {
        standardDeviation / Double(count).squareRoot()
    }

    /// Standard error of the sample variance of n normal draws with variance σ²: σ²·√(2/(n−1)).
    public static func standardErrorOfNormalVariance(variance: Double, count: Int) -> Double {
        variance * (2 / Double(count - 1)).squareRoot()
    }

    /// Standard error of an observed frequency of an event of probability p over n draws:
    /// √(p(1−p)/n).
    public static func standardErrorOfFrequency(probability p: Double, count: Int) -> Double {
        (p * (1 - p) / Double(count)).squareRoot()
    }
}
