import Circuit

/// What one layer of a run did, as the executor counts it: the input to
/// ``ChipCostModel/price(_:images:runSeconds:poweredTiles:)``.
public struct LayerActivity: Sendable, Equatable {
    /// Layer name, e.g. `conv1`.
    public var name: String
    /// Actions over the whole run (all images): Circuit's `dacConversion`, `cellRead`,
    /// `sampleAndHold`, `adcConversion`, `shiftAdd` and the chip actions of `Action+Chip.swift`.
    public var actions: ActionCounts
    /// The arrays' physical read energy Σ V²·G·t over the run (`MVMResult.arrayReadEnergyJoules`
    /// summed), joules; `nil` prices the `cellRead` count at the array model's nominal energy.
    public var arrayReadEnergyJoules: Double?

    /// A layer's activity.
    public init(name: String, actions: ActionCounts, arrayReadEnergyJoules: Double?) {
        self.name = name
        self.actions = actions
        self.arrayReadEnergyJoules = arrayReadEnergyJoules
    }
}
