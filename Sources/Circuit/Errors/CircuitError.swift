/// A bad parameter, shape or file given to the `Circuit` module.
///
/// Every message names where the value came from (a type or a file), the field, and what is
/// allowed, so that the user knows what to fix.
public enum CircuitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `owner.field` has `value`, outside `allowed`.
    case invalidParameter(owner: String, field: String, value: String, allowed: String)
    /// `owner.field` has shape `actual` where `expected` is required.
    case shapeMismatch(owner: String, field: String, expected: String, actual: String)
    /// `file` could not be read as a case: `field` has `problem`.
    case malformedFile(file: String, field: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidParameter(owner, field, value, allowed):
            return "\(owner): \(field) = \(value) is not allowed; expected \(allowed)"
        case let .shapeMismatch(owner, field, expected, actual):
            return "\(owner): \(field) has shape \(actual); expected \(expected)"
        case let .malformedFile(file, field, problem):
            return "\(file): \(field): \(problem)"
        }
    }

    /// Throws ``invalidParameter(owner:field:value:allowed:)`` unless `value` lies in `range`.
    static func require<T: Comparable & CustomStringConvertible>(
        _ value: T, in range: ClosedRange<T>, owner: String, field: String
    ) throws {
        guard range.contains(value) else {
            throw CircuitError.invalidParameter(
                owner: owner, field: field, value: value.description, allowed: "\(range.lowerBound)...\(range.upperBound)")
        }
    }

    /// Throws unless `value` is finite and at least `minimum` (for physical quantities).
    static func requireFinite(_ value: Double, atLeast minimum: Double, owner: String, field: String) throws {
        guard value.isFinite, value >= minimum else {
            throw CircuitError.invalidParameter(
                owner: owner, field: field, value: "\(value)", allowed: "a finite number ≥ \(minimum)")
        }
    }

    /// Throws unless `value` is finite and strictly positive.
    static func requirePositive(_ value: Double, owner: String, field: String) throws {
        guard value.isFinite, value > 0 else {
            throw CircuitError.invalidParameter(owner: owner, field: field, value: "\(value)", allowed: "a finite number > 0")
        }
    }
}
