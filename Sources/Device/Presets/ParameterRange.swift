/// The interval a preset number must lie in for the model to be valid, with its description
/// for error messages (`(0, ∞)`, `[0, 1]`).
public struct ParameterRange: Sendable, Equatable, CustomStringConvertible {
    /// Lower end.
    public let lower: Double
    /// Whether the lower end itself is allowed.
    public let includesLower: Bool
    /// Upper end.
    public let upper: Double
    /// Whether the upper end itself is allowed.
    public let includesUpper: Bool

    /// An interval; ends are open unless marked included.
    public init(lower: Double, includesLower: Bool, upper: Double, includesUpper: Bool) {
        self.lower = lower
        self.includesLower = includesLower
        self.upper = upper
        self.includesUpper = includesUpper
    }

    /// Whether `value` is finite and inside the interval.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let aboveLower = includesLower ? value >= lower : value > lower
        let belowUpper = includesUpper ? value <= upper : value < upper
        return aboveLower && belowUpper
    }

    public var description: String {
        func end(_ value: Double) -> String {
            value == .infinity ? "∞" : value == -.infinity ? "−∞" : "\(value)"
        }
        return (includesLower ? "[" : "(") + end(lower) + ", " + end(upper) + (includesUpper ? "]" : ")")
    }

    /// (0, ∞): resistances, times, voltages.
    public static let positive = ParameterRange(lower: 0, includesLower: false, upper: .infinity, includesUpper: false)
    /// [0, ∞): noise levels, counts that may be zero.
    public static let nonNegative = ParameterRange(lower: 0, includesLower: true, upper: .infinity, includesUpper: false)
    /// [0, 1]: probabilities.
    public static let probability = ParameterRange(lower: 0, includesLower: true, upper: 1, includesUpper: true)
    /// (−∞, ∞): any finite number (fit coefficients).
    public static let finite = ParameterRange(lower: -.infinity, includesLower: false, upper: .infinity, includesUpper: false)

    /// [lower, upper].
    public static func closed(_ lower: Double, _ upper: Double) -> ParameterRange {
        ParameterRange(lower: lower, includesLower: true, upper: upper, includesUpper: true)
    }

    /// (lower, upper].
    public static func leftOpen(_ lower: Double, _ upper: Double) -> ParameterRange {
        ParameterRange(lower: lower, includesLower: false, upper: upper, includesUpper: true)
    }

    /// (lower, ∞).
    public static func greaterThan(_ lower: Double) -> ParameterRange {
        ParameterRange(lower: lower, includesLower: false, upper: .infinity, includesUpper: false)
    }
}
