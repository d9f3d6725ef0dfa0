/// A group of options several commands share (``RunOptions``): a command declares it as a
/// stored property, and the group's ``Option``s are parsed and shown in help as the command's own.
protocol ParsableArguments: Sendable {
    /// The group with every option at its default.
    init()
}
