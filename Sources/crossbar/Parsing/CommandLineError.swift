/// How parsing the command line can fail; every case is a usage error (exit code 2).
enum CommandLineError: Error, CustomStringConvertible, Equatable {
    case unknownOption(String, suggestion: String?)
    case unknownSubcommand(String, suggestion: String?)
    case unexpectedArgument(String)
    case missingValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case missingArgument(String)

    var description: String {
        switch self {
        case .unknownOption(let name, let suggestion):
            return "Unknown option '\(name)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .unknownSubcommand(let name, let suggestion):
            return "Unknown command '\(name)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .unexpectedArgument(let value):
            return "Unexpected argument '\(value)'."
        case .missingValue(let option):
            return "Missing value for '\(option)'."
        case .invalidValue(let option, let value, let expected):
            return "The value '\(value)' is invalid for '\(option)': expected \(expected)."
        case .missingArgument(let name):
            return "Missing expected argument '<\(name)>'."
        }
    }
}
