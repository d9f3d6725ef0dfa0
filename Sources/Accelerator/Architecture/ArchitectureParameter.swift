import DataFiles
import Device
import Numerics

/// One key of an architecture spec: its JSON type, the values it may take, and how it reads
/// and writes its ``ArchitectureSpec`` property. ``ArchitectureSpec/parameters`` lists them all;
/// loading, overriding and encoding go through this one table, so they cannot disagree.
struct ArchitectureParameter: Sendable {
    /// The JSON type and allowed values of a parameter.
    enum Kind: Sendable {
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A finite number in the range.
        case number(ParameterRange)
        /// `true` or `false`.
        case boolean
        /// One of the strings.
        case choice([String])
        /// Any non-empty string (a name or a file path).
        case text
    }

    /// The key in the file's `parameters` object.
    let key: String
    /// Type and allowed values.
    let kind: Kind
    /// The property's value as JSON.
    let get: @Sendable (ArchitectureSpec) -> JSONValue
    /// Stores a value that ``check(_:)`` accepted.
    let set: @Sendable (inout ArchitectureSpec, JSONValue) -> Void

    /// What is allowed, for error messages.
    var allowed: String {
        switch kind {
        case .integer(let range): "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .number(let range): "a number in \(range)"
        case .boolean: "true or false"
        case .choice(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .text: "a non-empty string"
        }
    }

    /// `nil` if `value` is allowed, else the problem (wrong type or out of range).
    func check(_ value: JSONValue) -> Problem? {
        switch (kind, value) {
        case (.integer(let range), .number(let number)):
            guard number.isFinite, number == number.rounded() else { return .wrongType }
            return number >= Double(range.lowerBound) && number <= Double(range.upperBound) ? nil : .outOfRange
        case (.number(let range), .number(let number)):
            return range.contains(number) ? nil : .outOfRange
        case (.boolean, .bool):
            return nil
        case (.choice(let values), .string(let text)):
            return values.contains(text) ? nil : .outOfRange
        case (.text, .string(let text)):
            return text.isEmpty ? .wrongType : nil
        default:
            return .wrongType
        }
    }

    /// How a value fails ``check(_:)``.
    enum Problem {
        case wrongType, outOfRange
    }

    /// An integer parameter stored at `path`.
    static func integer(
        _ key: String, _ range: ClosedRange<Int>, _ path: WritableKeyPath<ArchitectureSpec, Int> & Sendable
    ) -> ArchitectureParameter {
        ArchitectureParameter(
            key: key, kind: .integer(range), get: { .number(Double($0[keyPath: path])) },
            set: { spec, value in spec[keyPath: path] = Int(value.numberValue!) })
    }

    /// A number parameter stored at `path`.
    static func number(
        _ key: String, _ range: ParameterRange, _ path: WritableKeyPath<ArchitectureSpec, Double> & Sendable
    ) -> ArchitectureParameter {
        ArchitectureParameter(
            key: key, kind: .number(range), get: { .number($0[keyPath: path]) },
            set: { spec, value in spec[keyPath: path] = value.numberValue! })
    }

    /// A boolean parameter stored at `path`.
    static func boolean(_ key: String, _ path: WritableKeyPath<ArchitectureSpec, Bool> & Sendable) -> ArchitectureParameter {
        ArchitectureParameter(
            key: key, kind: .boolean, get: { .bool($0[keyPath: path]) },
            set: { spec, value in
                if case .bool(let flag) = value { spec[keyPath: path] = flag }
            })
    }

    /// A string-enum parameter stored at `path`.
    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<ArchitectureSpec, Value> & Sendable
    ) -> ArchitectureParameter where Value.RawValue == String {
        ArchitectureParameter(
            key: key, kind: .choice(Value.allCases.map(\.rawValue)), get: { .string($0[keyPath: path].rawValue) },
            set: { spec, value in
                if case .string(let text) = value, let choice = Value(rawValue: text) { spec[keyPath: path] = choice }
            })
    }
}
