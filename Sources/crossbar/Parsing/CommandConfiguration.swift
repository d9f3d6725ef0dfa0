/// The static description of a command: what `--help` prints and where subcommands hang.
struct CommandConfiguration: Sendable {
    /// The word that selects the command (`gemm` in `crossbar bench gemm`).
    var commandName: String
    /// One line: what the command does.
    var abstract: String
    /// Longer help, with at least one example.
    var discussion: String = ""
    /// The tool's version, shown by `--version` (root command only).
    var version: String?
    /// Commands under this one.
    var subcommands: [any ParsableCommand.Type] = []
}
