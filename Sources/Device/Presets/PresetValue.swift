import DataFiles
import Numerics

/// The value of one preset parameter: a number or a list of numbers (polynomial coefficients).
public enum PresetValue: Sendable, Equatable, CustomStringConvertible {
    /// A single number in the unit its key names.
    case number(Double)
    /// A list of numbers, e.g. polynomial coefficients c₀, c₁, c₂…
    case numbers([Double])

    public var description: String {
        switch self {
        case .number(let value): "\(value)"
        case .numbers(let values): "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }
}

extension PresetValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: Double...) { self = .numbers(elements) }
}

extension PresetValue {
    /// The number or list of numbers `json` holds; `nil` for any other JSON value.
    public init?(_ json: JSONValue) {
        switch json {
        case .number(let number):
            self = .number(number)
        case .array(let items):
            var numbers: [Double] = []
            for item in items {
                guard case .number(let number) = item else { return nil }
                numbers.append(number)
            }
            self = .numbers(numbers)
        default:
            return nil
        }
    }
}
