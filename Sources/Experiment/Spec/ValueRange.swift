import Foundation

/// Evenly spaced numbers from `from` to `to` (both included), on a linear or a logarithmic scale.
///
/// Written in a spec as `{"from": 1, "to": 1e6, "count": 7, "scale": "log"}` (`scale` defaults to
/// `"linear"`). Values are rounded to 15 significant digits so that a linear range from 0 to 0.2
/// gives 0.15, not 0.15000000000000002, and a log range from 1 to 1000 gives exact decades.
public struct ValueRange: Sendable, Hashable {
    /// How the values are spaced.
    public enum Scale: String, Sendable, Hashable, CaseIterable {
        /// Equal differences: `from + (to − from)·i/(count − 1)`.
        case linear
        /// Equal ratios: `from·(to/from)^(i/(count − 1))`; `from` and `to` must be positive.
        case log
    }

    /// The first value.
    public let from: Double
    /// The last value.
    public let to: Double
    /// How many values, at least 2.
    public let count: Int
    /// Linear or logarithmic spacing.
    public let scale: Scale

    /// A range; the caller has checked that `count ≥ 2`, `from ≠ to`, and both are positive for `.log`.
    init(from: Double, to: Double, count: Int, scale: Scale) {
        self.from = from
        self.to = to
        self.count = count
        self.scale = scale
    }

    /// The `count` values, first `from`, last `to`.
    public var values: [Double] {
        (0..<count).map { index in
            if index == 0 { return from }
            if index == count - 1 { return to }
            let fraction = Double(index) / Double(count - 1)
            let value = switch scale {
            case .linear: from + (to - from) * fraction
            case .log: exp(log(from) + (log(to) - log(from)) * fraction)
            }
            return Double(String(format: "%.15g", value))!
        }
    }
}
