/// Why a dotted path (`device.d2dSigmaRelative`) cannot be used on a JSON tree.
public enum JSONPathError: Error, Equatable, CustomStringConvertible {
    /// The path is empty or has an empty component (`"adc..bits"`, `".bits"`).
    case malformedPath(path: String)
    /// A value on the way to `path` is not an object, so it has no member to set.
    case notAnObject(path: String, at: String, found: String)

    public var description: String {
        switch self {
        case .malformedPath(let path):
            "'\(path)' is not a path: expected object keys joined by dots, such as 'device.d2dSigmaRelative'"
        case .notAnObject(let path, let at, let found):
            "cannot set '\(path)': '\(at)' is \(found), not an object"
        }
    }
}
