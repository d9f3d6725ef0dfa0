import Numerics

/// The mean and variance of a sample (from ``Statistics``), with the standard errors statistical
/// tests compare against.
///
/// Tests accept an estimate within five standard errors of the true value: a correct
/// generator fails such a check with probability 6·10⁻⁷, while a wrong model (a biased mean, a
/// mis-scaled variance) fails it reliably once n is large enough for its bias to exceed 5σ.
public struct SampleStatistics {
    /// Number of values.
    public let count: Int
    /// The sample mean.
    public let mean: Double
    /// The unbiased sample variance.
    public let variance: Double

    /// Statistics of `values`.
    public init<S: Sequence>(_ values: S) where S.Element: BinaryFloatingPoint {
        let sample = values.map { Double($0) }
        count = sample.count
        mean = Statistics.mean(sample)
        variance = Statistics.variance(sample)
    }

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
