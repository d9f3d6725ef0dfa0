/// A type whose values can be written as one command-line word.
protocol ExpressibleByArgument {
    /// The value written as `argument`, or `nil` if it is not one.
    init?(argument: String)
    /// What a valid value looks like, for error messages (`an integer`).
    static var expectedValue: String { get }
    /// How the default value is shown in help.
    var defaultDescription: String { get }
}

extension ExpressibleByArgument where Self: CustomStringConvertible {
    var defaultDescription: String { description }
}

extension Int: ExpressibleByArgument {
    init?(argument: String) { self.init(argument) }
    static var expectedValue: String { "an integer" }
}

extension UInt64: ExpressibleByArgument {
    init?(argument: String) { self.init(argument) }
    static var expectedValue: String { "a non-negative integer" }
}

extension Double: ExpressibleByArgument {
    init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self = value
    }
    static var expectedValue: String { "a finite number" }
}

extension String: ExpressibleByArgument {
    init?(argument: String) { self = argument }
    static var expectedValue: String { "a string" }
}

extension ExpressibleByArgument where Self: RawRepresentable, RawValue == String, Self: CaseIterable {
    init?(argument: String) { self.init(rawValue: argument) }
    static var expectedValue: String { "one of " + allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ") }
    var defaultDescription: String { rawValue }
}
