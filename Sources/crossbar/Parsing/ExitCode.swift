/// Ends a command with a given exit status after it has printed its own message.
struct ExitCode: Error {
    /// The process exit status.
    let status: Int32

    /// Success.
    static let success = ExitCode(status: 0)
    /// A runtime failure.
    static let failure = ExitCode(status: 1)
    /// Bad usage.
    static let usage = ExitCode(status: 2)
}
