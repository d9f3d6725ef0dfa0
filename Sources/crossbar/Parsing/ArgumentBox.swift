/// Storage for one parsed command-line value, shared by a property wrapper and the runner.
///
/// A reference type so that the runner, which only sees the command through `Mirror`, can fill
/// in the value after `init()`.
final class ArgumentBox<Value>: @unchecked Sendable {
    /// The parsed value, or the default until one is parsed.
    var value: Value?
    /// Whether the command line gave a value.
    var wasGiven = false

    init(_ value: Value?) { self.value = value }
}
