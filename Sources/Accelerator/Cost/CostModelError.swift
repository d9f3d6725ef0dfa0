/// A bad parameter given to the cost models: the message names where the value came from (a
/// type, a file), the field and what is allowed.
public enum CostModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `owner.field` has `value`, outside `allowed`.
    case invalidParameter(owner: String, field: String, value: String, allowed: String)
    /// A ledger holds actions that no component of the chip prices.
    case unpricedActions(layer: String, actions: [String])

    public var description: String {
        switch self {
        case let .invalidParameter(owner, field, value, allowed):
            return "\(owner): \(field) = \(value) is not allowed; expected \(allowed)"
        case let .unpricedActions(layer, actions):
            return "cost ledger, layer \(layer): no component of the chip prices the action(s) \(actions.joined(separator: ", "))"
        }
    }

    /// Throws unless `value` lies in `range`.
    static func require<T: Comparable & CustomStringConvertible>(
        _ value: T, in range: ClosedRange<T>, owner: String, field: String
    ) throws {
        guard range.contains(value) else {
            throw CostModelError.invalidParameter(
                owner: owner, field: field, value: value.description, allowed: "\(range.lowerBound)...\(range.upperBound)")
        }
    }

    /// Throws unless `value` is finite and strictly positive.
    static func requirePositive(_ value: Double, owner: String, field: String) throws {
        guard value.isFinite, value > 0 else {
            throw CostModelError.invalidParameter(owner: owner, field: field, value: "\(value)", allowed: "a finite number > 0")
        }
    }

    /// Throws unless `value` is finite and at least `minimum`.
    static func requireFinite(_ value: Double, atLeast minimum: Double, owner: String, field: String) throws {
        guard value.isFinite, value >= minimum else {
            throw CostModelError.invalidParameter(owner: owner, field: field, value: "\(value)", allowed: "a finite number ≥ \(minimum)")
        }
    }
}
