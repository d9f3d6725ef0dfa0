import Circuit

/// A digital unit of a tile that handles each tile output once (`activation-unit`,
/// `partial-sum-adder`, `pooling-unit`): `units` per tile share the tile's outputs, one clock
/// cycle per action; the table's figures scaled to the node.
struct TileOutputUnitModel: ChipComponentModel {
    /// The unit's action on one output.
    let action: Action
    /// The architecture's units per tile.
    let units: KeyPath<ArchitectureSpec, Int> & Sendable

    func count(_ o: ArchitectureSpec) -> Double { Double(o[keyPath: units]) }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [action: activity.shared(activity.tileOutputsPerSecond, by: activity.architecture[keyPath: units])]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures { try c.calibrated(latency: 1 / c.architecture.clockHz) }
}
