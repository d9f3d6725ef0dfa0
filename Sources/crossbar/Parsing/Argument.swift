/// A positional argument: a bare word such as a file name. An array argument takes the rest.
@propertyWrapper
struct Argument<Value>: ArgumentDefinition, Sendable {
    private let box: ArgumentBox<Value>
    private let parse: @Sendable (String, Value?) -> Value?
    let help: String
    let explicitName: String?
    let defaultDescription: String?
    let takesManyValues: Bool
    let isRequired: Bool
    let expected: String
    var kind: ArgumentKind { .positional }
    var wasGiven: Bool { box.wasGiven }

    /// The parsed value.
    var wrappedValue: Value {
        guard let value = box.value else { preconditionFailure("argument read before parsing") }
        return value
    }

    /// A required positional argument.
    init(name: String? = nil, help: String) where Value: ExpressibleByArgument & Sendable {
        box = ArgumentBox(nil)
        parse = { word, _ in Value(argument: word) }
        self.help = help
        explicitName = name
        defaultDescription = nil
        takesManyValues = false
        isRequired = true
        expected = Value.expectedValue
    }

    /// A positional argument that may be left out.
    init<Wrapped: ExpressibleByArgument & Sendable>(name: String? = nil, help: String) where Value == Wrapped? {
        box = ArgumentBox(.some(nil))
        parse = { word, _ in Wrapped(argument: word).map { .some($0) } }
        self.help = help
        explicitName = name
        defaultDescription = nil
        takesManyValues = false
        isRequired = false
        expected = Wrapped.expectedValue
    }

    /// Positional arguments that take every remaining word (at least one).
    init<Element: ExpressibleByArgument & Sendable>(name: String? = nil, help: String) where Value == [Element] {
        box = ArgumentBox([])
        parse = { word, current in Element(argument: word).map { (current ?? []) + [$0] } }
        self.help = help
        explicitName = name
        defaultDescription = nil
        takesManyValues = true
        isRequired = true
        expected = Element.expectedValue
    }

    func record(_ value: String, as spelledName: String) throws {
        guard let parsed = parse(value, box.value) else {
            throw CommandLineError.invalidValue(option: "<\(spelledName)>", value: value, expected: expected)
        }
        box.value = parsed
        box.wasGiven = true
    }
}
