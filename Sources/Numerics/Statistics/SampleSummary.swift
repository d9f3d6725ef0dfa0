/// Count, mean, standard deviation and range of a sample, for reports.
public struct SampleSummary: Sendable, Equatable, Codable {
    /// Number of values.
    public var count: Int
    /// Arithmetic mean.
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator).
    public var standardDeviation: Double
    /// Smallest value.
    public var minimum: Double
    /// Largest value.
    public var maximum: Double

    /// The summary of `values`; requires at least one value.
    @inlinable
    public init(_ values: some Collection<Double>) {
        precondition(!values.isEmpty, "summary of an empty sample")
        count = values.count
        mean = Statistics.mean(values)
        standardDeviation = Statistics.standardDeviation(values)
        minimum = values.min()!
        maximum = values.max()!
    }
}
