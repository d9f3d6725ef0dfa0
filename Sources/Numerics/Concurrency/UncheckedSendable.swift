/// Wraps a value that is shared between threads in a way the compiler cannot check, such as a
/// pointer into a buffer whose disjoint parts different threads write.
///
/// Use it only where each thread touches its own part of the memory, or only reads.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public let value: Value

    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}
