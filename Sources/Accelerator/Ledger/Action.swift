/// Something a component does that costs energy: the key of action counts and of energy tables
/// (Accelergy's split: the simulator counts actions, component models price them).
///
/// Actions are open-ended names so that other modules can add their own
/// (`extension Action { static let bufferRead = Action("bufferRead") }`).
public struct Action: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The action's name, e.g. `adcConversion`.
    public let rawValue: String

    /// An action named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An action named `name`.
    public init(_ name: String) { rawValue = name }

    public var description: String { rawValue }

    public static func < (a: Action, b: Action) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// One row DAC applies one non-zero code of an input slice (drives its row to a non-zero
    /// voltage and back); a code of 0 leaves the row at 0 V and is not counted.
    public static let dacConversion = Action("dacConversion")
    /// One cell on a driven row is read (conducts for one read pulse).
    public static let cellRead = Action("cellRead")
    /// One sensed column's integrator (``ColumnSensing``) senses it for one read: one per ADC
    /// conversion, derived at pricing (``ColumnSensingModel``).
    public static let columnSense = Action("columnSense")
    /// One driven row's cell current in a differential pair's negative column copied by its
    /// current mirror for one read, derived at pricing (``CurrentMirrorModel``).
    public static let mirroredCellRead = Action("mirroredCellRead")
    /// One sample-and-hold captures one sensed column.
    public static let sampleAndHold = Action("sampleAndHold")
    /// One ADC conversion of one sensed column for one input slice.
    public static let adcConversion = Action("adcConversion")
    /// One shifted ADC result added into an output accumulator.
    public static let shiftAdd = Action("shiftAdd")
    /// One input slice's codes summed digitally (a popcount for 1-bit DACs): the offset scheme's
    /// Σx under ``InputSumSource/digitalPopcount``.
    public static let inputPopcount = Action("inputPopcount")
}
