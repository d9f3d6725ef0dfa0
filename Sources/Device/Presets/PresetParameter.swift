/// One number of a preset with where it comes from.
public struct PresetParameter: Sendable, Equatable {
    /// The value, in the unit the key names.
    public var value: PresetValue
    /// The paper, table or figure the value comes from, or why it is an assumption.
    public var source: String

    /// A parameter.
    public init(value: PresetValue, source: String) {
        self.value = value
        self.source = source
    }
}
