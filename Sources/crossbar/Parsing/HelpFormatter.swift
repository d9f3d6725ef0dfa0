/// Renders `--help` text and usage lines in swift-argument-parser's layout.
enum HelpFormatter {
    /// Width of the left column of the option and subcommand tables.
    static let labelWidth = 26

    /// The full help of the last command in `path` (the root first).
    static func help(for command: any ParsableCommand.Type, path: [any ParsableCommand.Type]) -> String {
        let configuration = command.configuration
        var lines = ["OVERVIEW: \(configuration.abstract)"]
        if !configuration.discussion.isEmpty {
            lines += ["", configuration.discussion]
        }
        lines += ["", "USAGE: \(usage(for: command, path: path))"]
        let declared = DeclaredArgument.all(in: command.init())
        let positionals = declared.filter { $0.definition.kind == .positional }
        if !positionals.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += positionals.map { row($0.label, describe($0)) }
        }
        lines += ["", "OPTIONS:"]
        lines += declared.filter { $0.definition.kind != .positional }.map { row($0.label, describe($0)) }
        if configuration.version != nil {
            lines.append(row("--version", "Show the version."))
        }
        lines.append(row("-h, --help", "Show help information."))
        if !configuration.subcommands.isEmpty {
            lines += ["", "SUBCOMMANDS:"]
            lines += configuration.subcommands.map { row($0.configuration.commandName, $0.configuration.abstract) }
            lines += ["", "  See '\(commandLine(path)) help <subcommand>' for detailed help."]
        }
        return lines.joined(separator: "\n")
    }

    /// `crossbar bench gemm [--size <size>] [--json]`.
    static func usage(for command: any ParsableCommand.Type, path: [any ParsableCommand.Type]) -> String {
        if !command.configuration.subcommands.isEmpty {
            return "\(commandLine(path)) <subcommand>"
        }
        let words = DeclaredArgument.all(in: command.init()).map(\.usage)
        return ([commandLine(path)] + words).joined(separator: " ")
    }

    /// `crossbar bench gemm` for the path root → bench → gemm.
    static func commandLine(_ path: [any ParsableCommand.Type]) -> String {
        path.map { $0.configuration.commandName }.joined(separator: " ")
    }

    private static func describe(_ argument: DeclaredArgument) -> String {
        argument.definition.help + (argument.definition.defaultDescription.map { " (default: \($0))" } ?? "")
    }

    private static func row(_ label: String, _ text: String) -> String {
        let padded = "  " + label
        if padded.count < labelWidth {
            return padded + String(repeating: " ", count: labelWidth - padded.count) + text
        }
        return padded + "\n" + String(repeating: " ", count: labelWidth) + text
    }
}
