/// Why an architecture spec could not be loaded, overridden or used. Every case names the file
/// and, where there is one, the field (`parameters.adcBits`) and what is allowed.
public enum ArchitectureSpecError: Error, Equatable, CustomStringConvertible {
    /// No bundled architecture has this name and no file has this path.
    case notFound(reference: String, available: [String])
    /// The file exists but cannot be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid JSON.
    case malformedJSON(file: String, reason: String)
    /// A key the format does not have.
    case unknownKey(file: String, field: String, allowed: [String])
    /// A required key is absent.
    case missingKey(file: String, field: String)
    /// A value of the wrong JSON type.
    case wrongType(file: String, field: String, expected: String)
    /// A value outside its allowed range, or one that contradicts another field.
    case outOfRange(file: String, field: String, value: String, allowed: String)

    public var description: String {
        switch self {
        case .notFound(let reference, let available):
            "no architecture '\(reference)': not a bundled architecture (available: "
                + available.joined(separator: ", ") + ") and no such file"
        case .unreadable(let file, let reason):
            "\(file): cannot read the architecture: \(reason)"
        case .malformedJSON(let file, let reason):
            "\(file): not valid JSON: \(reason)"
        case .unknownKey(let file, let field, let allowed):
            "\(file): unknown key '\(field)'; allowed here: " + allowed.joined(separator: ", ")
        case .missingKey(let file, let field):
            "\(file): missing key '\(field)'"
        case .wrongType(let file, let field, let expected):
            "\(file): '\(field)' must be \(expected)"
        case .outOfRange(let file, let field, let value, let allowed):
            "\(file): '\(field)' = \(value) is out of range; allowed: \(allowed)"
        }
    }
}
