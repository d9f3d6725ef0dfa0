/// Why a preset file (a device preset, an architecture) could not be found, read, parsed or
/// checked. Every case names the file and, where there is one, the field
/// (`parameters.onOffRatio.value`) and what is allowed.
public enum PresetFileError: Error, Equatable, CustomStringConvertible {
    /// No bundled `kind` (``PresetFile/Kind/noun``) has this name and no file has this path.
    case notFound(kind: String, reference: String, available: [String])
    /// The file exists but cannot be read.
    case unreadable(kind: String, file: String, reason: String)
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
        case .notFound(let kind, let reference, let available):
            "no \(kind) '\(reference)': not a bundled \(kind) (available: " + available.joined(separator: ", ")
                + ") and no such file"
        case .unreadable(let kind, let file, let reason):
            "\(file): cannot read the \(kind): \(reason)"
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
