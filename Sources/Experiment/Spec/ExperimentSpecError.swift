/// Why an experiment spec cannot be used; every message names the file and the field.
///
/// Fields are written as paths into the spec file: `axes[1].zip[0].values[2]`.
public enum ExperimentSpecError: Error, Equatable, CustomStringConvertible {
    /// The file is not valid JSON.
    case malformedJSON(file: String, reason: String)
    /// A field holds a value of the wrong JSON type.
    case wrongType(file: String, field: String, expected: String, found: String)
    /// A field the spec format does not have.
    case unknownKey(file: String, field: String, allowed: [String])
    /// A required field is absent.
    case missingKey(file: String, field: String)
    /// Fields that cannot be given together.
    case conflictingKeys(file: String, field: String, keys: [String])
    /// A field's value is outside its allowed range.
    case outOfRange(file: String, field: String, value: String, allowed: String)
    /// An axis without values.
    case emptyAxis(file: String, field: String)
    /// An axis lists the same value twice.
    case repeatedValue(file: String, field: String, value: String)
    /// Zipped axes whose value lists differ in length.
    case zipLengthMismatch(file: String, field: String, paths: [String], counts: [Int])
    /// Two axes set the same configuration path, or one sets a path inside the other's.
    case overlappingPaths(file: String, field: String, path: String, otherField: String, otherPath: String)
    /// A swept path that cannot be set in the shared configuration.
    case unknownPath(file: String, field: String, reason: String)
    /// A swept value whose JSON type differs from the shared configuration's value at that path.
    case mismatchedValueType(file: String, field: String, path: String, expected: String, found: String)
    /// The evaluator rejected the configuration of one point (`point` lists its swept values).
    case rejectedConfiguration(file: String, point: String, reason: String)

    public var description: String {
        switch self {
        case .malformedJSON(let file, let reason):
            "\(file): not valid JSON: \(reason)"
        case .wrongType(let file, let field, let expected, let found):
            "\(file): \(field) must be \(expected), found \(found)"
        case .unknownKey(let file, let field, let allowed):
            "\(file): unknown field \(field); allowed here: \(allowed.joined(separator: ", "))"
        case .missingKey(let file, let field):
            "\(file): missing field \(field)"
        case .conflictingKeys(let file, let field, let keys):
            "\(file): \(field) has both " + keys.joined(separator: " and ") + "; give only one of them"
        case .outOfRange(let file, let field, let value, let allowed):
            "\(file): \(field) is \(value); allowed: \(allowed)"
        case .emptyAxis(let file, let field):
            "\(file): \(field) lists no values; an axis needs at least one"
        case .repeatedValue(let file, let field, let value):
            "\(file): \(field) repeats the value \(value); each value of an axis must be different"
        case .zipLengthMismatch(let file, let field, let paths, let counts):
            "\(file): \(field) zips axes of different lengths ("
                + zip(paths, counts).map { "\($0): \($1) values" }.joined(separator: ", ")
                + "); zipped axes must have equally many values"
        case .overlappingPaths(let file, let field, let path, let otherField, let otherPath):
            path == otherPath
                ? "\(file): \(field) sweeps '\(path)', which \(otherField) already sweeps"
                : "\(file): \(field) sweeps '\(path)', which overlaps '\(otherPath)' swept by \(otherField)"
        case .unknownPath(let file, let field, let reason):
            "\(file): \(field): \(reason)"
        case .mismatchedValueType(let file, let field, let path, let expected, let found):
            "\(file): \(field) is \(found), but configuration.\(path) is \(expected)"
        case .rejectedConfiguration(let file, let point, let reason):
            "\(file): the configuration of the point \(point) is invalid: \(reason)"
        }
    }
}
