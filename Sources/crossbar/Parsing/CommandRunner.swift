import Foundation

/// Parses the command line, selects the command, and maps outcomes to exit codes:
/// 0 success, 1 runtime failure, 2 usage error.
enum CommandRunner {
    /// Runs the command that `arguments` (without the program name) select under `root`, and
    /// returns the process exit status.
    static func run(_ root: any ParsableCommand.Type, arguments: [String]) -> Int32 {
        var path: [any ParsableCommand.Type] = [root]
        var remaining = arguments[...]
        // Walk down the subcommands named by the leading words.
        while let word = remaining.first, !word.hasPrefix("-"), !path.last!.configuration.subcommands.isEmpty {
            if word == "help" {
                return printHelp(root: root, words: Array(remaining.dropFirst()))
            }
            let subcommands = path.last!.configuration.subcommands
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                let suggestion = EditDistance.closest(to: word, among: subcommands.map { $0.configuration.commandName } + ["help"])
                return usageError(CommandLineError.unknownSubcommand(word, suggestion: suggestion), path: path)
            }
            path.append(next)
            remaining = remaining.dropFirst()
        }
        let commandType = path.last!
        let optionWords = remaining.prefix { $0 != "--" }
        if optionWords.contains("-h") || optionWords.contains("--help") {
            print(HelpFormatter.help(for: commandType, path: path))
            return 0
        }
        if let version = commandType.configuration.version, optionWords.contains("--version") {
            print(version)
            return 0
        }
        let command = commandType.init()
        do {
            try parse(Array(remaining), into: DeclaredArgument.all(in: command), commandType: commandType)
            try command.validate()
        } catch {
            return usageError(error, path: path)
        }
        do {
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.status
        } catch let usage as ValidationError {
            // Options that need files to check (a run configuration resolves its presets once,
            // in `run`) are still usage errors.
            return usageError(usage, path: path)
        } catch {
            printError("Error: \(error)")
            return 1
        }
    }

    /// Fills the declared arguments from `words`.
    static func parse(_ words: [String], into declared: [DeclaredArgument], commandType: any ParsableCommand.Type) throws {
        let named = declared.filter { $0.definition.kind != .positional }
        let positionals = declared.filter { $0.definition.kind == .positional }
        var positionalIndex = 0
        var index = 0
        var onlyPositionals = false
        func isOptionWord(_ word: String) -> Bool { word.hasPrefix("--") && word.count > 2 }
        while index < words.count {
            let word = words[index]
            index += 1
            if !onlyPositionals && word == "--" {
                onlyPositionals = true
                continue
            }
            if !onlyPositionals && word.hasPrefix("-") && word.count > 1 && Double(word) == nil {
                let body = word.drop { $0 == "-" }
                let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard word.hasPrefix("--"), let argument = named.first(where: { $0.name == name }) else {
                    let candidates = named.map { "--" + $0.name } + ["--help"]
                    let spelled = parts.count > 1 ? "--" + name : word
                    throw CommandLineError.unknownOption(spelled, suggestion: EditDistance.closest(to: spelled, among: candidates))
                }
                let spelled = "--" + name
                switch argument.definition.kind {
                case .flag:
                    if parts.count > 1 { throw CommandLineError.unexpectedArgument(String(parts[1])) }
                    try argument.definition.record("", as: spelled)
                case .option:
                    if parts.count > 1 {
                        try argument.definition.record(String(parts[1]), as: spelled)
                    } else if argument.definition.takesManyValues {
                        var taken = 0
                        while index < words.count, !isOptionWord(words[index]), words[index] != "--" {
                            try argument.definition.record(words[index], as: spelled)
                            index += 1
                            taken += 1
                        }
                        if taken == 0 { throw CommandLineError.missingValue(option: spelled) }
                    } else {
                        guard index < words.count, !isOptionWord(words[index]) else {
                            throw CommandLineError.missingValue(option: spelled)
                        }
                        try argument.definition.record(words[index], as: spelled)
                        index += 1
                    }
                case .positional:
                    break
                }
                continue
            }
            guard positionalIndex < positionals.count else {
                throw CommandLineError.unexpectedArgument(word)
            }
            let positional = positionals[positionalIndex]
            try positional.definition.record(word, as: positional.name)
            if !positional.definition.takesManyValues { positionalIndex += 1 }
        }
        if let missing = positionals.first(where: { $0.definition.isRequired && !$0.definition.wasGiven }) {
            throw CommandLineError.missingArgument(missing.name)
        }
    }

    /// `crossbar help bench gemm`: the help of the named command.
    private static func printHelp(root: any ParsableCommand.Type, words: [String]) -> Int32 {
        var path: [any ParsableCommand.Type] = [root]
        for word in words {
            let subcommands = path.last!.configuration.subcommands
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                let suggestion = EditDistance.closest(to: word, among: subcommands.map { $0.configuration.commandName })
                return usageError(CommandLineError.unknownSubcommand(word, suggestion: suggestion), path: path)
            }
            path.append(next)
        }
        print(HelpFormatter.help(for: path.last!, path: path))
        return 0
    }

    private static func usageError(_ error: Error, path: [any ParsableCommand.Type]) -> Int32 {
        printError("""
            Error: \(error)
            Usage: \(HelpFormatter.usage(for: path.last!, path: path))
              See '\(HelpFormatter.commandLine(path)) --help' for more information.
            """)
        return 2
    }

    /// Writes `message` and a newline to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
