/// Why a run configuration is not one Crossbar can run. Every case names the dotted path of
/// the setting (`adc.bits`, `device.d2dSigmaRelative`) and what is allowed.
public enum RunConfigurationError: Error, Equatable, CustomStringConvertible {
    /// A key the configuration does not have.
    case unknownKey(path: String, allowed: [String])
    /// A value of the wrong JSON type.
    case wrongType(path: String, expected: String)
    /// A value outside its allowed range.
    case outOfRange(path: String, value: String, allowed: String)
    /// A setting the device preset or architecture it names rejects.
    case rejected(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownKey(let path, let allowed):
            "configuration: '\(path)' is not a setting; allowed here: " + allowed.joined(separator: ", ")
        case .wrongType(let path, let expected):
            "configuration: '\(path)' must be \(expected)"
        case .outOfRange(let path, let value, let allowed):
            "configuration: '\(path)' = \(value) is out of range; allowed: \(allowed)"
        case .rejected(let path, let reason):
            "configuration: '\(path)': \(reason)"
        }
    }
}
