/// A named option with a value: `--size 1024` or `--size=1024`.
///
/// Its name is the property's name in kebab case (`weightBits` → `--weight-bits`) unless given.
/// An array option takes every following word up to the next option, and may repeat.
@propertyWrapper
struct Option<Value>: ArgumentDefinition, Sendable {
    private let box: ArgumentBox<Value>
    private let parse: @Sendable (String, Value?, Bool) -> Value?
    let help: String
    let explicitName: String?
    let defaultDescription: String?
    let takesManyValues: Bool
    let expected: String
    var kind: ArgumentKind { .option }
    var isRequired: Bool { false }
    var wasGiven: Bool { box.wasGiven }

    /// The parsed value, or the default.
    var wrappedValue: Value {
        guard let value = box.value else { preconditionFailure("option read before parsing") }
        return value
    }

    /// An option with a default value.
    init(wrappedValue: Value, name: String? = nil, help: String) where Value: ExpressibleByArgument & Sendable {
        box = ArgumentBox(wrappedValue)
        parse = { word, _, _ in Value(argument: word) }
        self.help = help
        explicitName = name
        defaultDescription = wrappedValue.defaultDescription
        takesManyValues = false
        expected = Value.expectedValue
    }

    /// An option that may be left out (its value is then `nil`).
    init<Wrapped: ExpressibleByArgument & Sendable>(name: String? = nil, help: String) where Value == Wrapped? {
        box = ArgumentBox(.some(nil))
        parse = { word, _, _ in Wrapped(argument: word).map { .some($0) } }
        self.help = help
        explicitName = name
        defaultDescription = nil
        takesManyValues = false
        expected = Wrapped.expectedValue
    }

    /// An option that collects several values, replacing the default when first given.
    init<Element: ExpressibleByArgument & Sendable>(wrappedValue: Value = [], name: String? = nil, help: String)
    where Value == [Element] {
        box = ArgumentBox(wrappedValue)
        parse = { word, current, isFirst in
            guard let element = Element(argument: word) else { return nil }
            return (isFirst ? [] : current ?? []) + [element]
        }
        self.help = help
        explicitName = name
        defaultDescription = wrappedValue.isEmpty ? nil : wrappedValue.map(\.defaultDescription).joined(separator: " ")
        takesManyValues = true
        expected = Element.expectedValue
    }

    func record(_ value: String, as spelledName: String) throws {
        guard let parsed = parse(value, box.value, !box.wasGiven) else {
            throw CommandLineError.invalidValue(option: spelledName, value: value, expected: expected)
        }
        box.value = parsed
        box.wasGiven = true
    }
}
