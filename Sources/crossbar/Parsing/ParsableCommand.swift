/// A command of the `crossbar` tool, in the shape of swift-argument-parser's `ParsableCommand`.
///
/// A command is a type with a static ``configuration`` (name, abstract, discussion with an
/// example, subcommands) whose stored properties are declared with ``Option``, ``Flag`` and
/// ``Argument``. The runner creates it with `init()`, fills those properties from the command
/// line, calls ``validate()`` (usage errors, exit 2) and then ``run()`` (failures, exit 1; a
/// ``ValidationError`` from `run`, such as a run configuration whose files fail to resolve, is
/// still a usage error, exit 2).
protocol ParsableCommand: Sendable {
    /// Name, help text and subcommands.
    static var configuration: CommandConfiguration { get }
    /// A command with every option at its default.
    init()
    /// Checks the parsed options together; throws ``ValidationError`` for bad usage.
    func validate() throws
    /// Does the command's work.
    func run() throws
}

extension ParsableCommand {
    func validate() throws {}

    /// A command that only groups subcommands prints its help when run alone.
    func run() throws {
        print(HelpFormatter.help(for: Self.self, path: [Self.self]))
    }
}
