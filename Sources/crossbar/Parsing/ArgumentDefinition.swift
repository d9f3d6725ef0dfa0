/// What the runner needs to know about one declared option, flag or positional argument.
protocol ArgumentDefinition {
    /// Whether it is written `--name value`, `--name`, or as a bare word.
    var kind: ArgumentKind { get }
    /// One line of help.
    var help: String { get }
    /// The long name given explicitly, if any (otherwise derived from the property name).
    var explicitName: String? { get }
    /// The default shown in help, if any.
    var defaultDescription: String? { get }
    /// Whether it takes several values (`--time 1 10 100`, or `DIR…`).
    var takesManyValues: Bool { get }
    /// Whether the command line must give it.
    var isRequired: Bool { get }
    /// Records one value written on the command line (for a flag, the empty string).
    func record(_ value: String, as spelledName: String) throws
    /// Whether the command line gave it.
    var wasGiven: Bool { get }
}

/// How an ``ArgumentDefinition`` is written on the command line.
enum ArgumentKind {
    case option
    case flag
    case positional
}
