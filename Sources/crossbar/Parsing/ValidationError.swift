/// A usage error found by a command's `validate()` or `run()`: printed with the usage line, exit code 2.
struct ValidationError: Error, CustomStringConvertible {
    /// What is wrong and how to fix it.
    var description: String

    /// An error with the given message.
    init(_ description: String) { self.description = description }
}
