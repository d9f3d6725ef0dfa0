/// A named switch without a value: `--json`.
@propertyWrapper
struct Flag: ArgumentDefinition, Sendable {
    private let box = ArgumentBox(false)
    let help: String
    let explicitName: String?
    var kind: ArgumentKind { .flag }
    var defaultDescription: String? { nil }
    var takesManyValues: Bool { false }
    var isRequired: Bool { false }
    var wasGiven: Bool { box.wasGiven }

    /// Whether the flag was given.
    var wrappedValue: Bool { box.value ?? false }

    /// A flag that is off unless given.
    init(wrappedValue: Bool = false, name: String? = nil, help: String) {
        precondition(!wrappedValue, "a flag is off by default")
        self.help = help
        explicitName = name
    }

    func record(_ value: String, as spelledName: String) throws {
        box.value = true
        box.wasGiven = true
    }
}
