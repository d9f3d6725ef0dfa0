/// How one kind of chip component is counted and priced, chosen by the `model` field of a
/// component table row (``ChipComponentModels``): Accelergy's plug-in to the energy reference
/// table.
///
/// A model knows how many instances an architecture holds, how often one instance acts at
/// peak, and how its figures follow from its calibration row (``ComponentCalibration``):
/// energy per action, static power, area and latency of one instance at the chip's node. The
/// engine only iterates over the table's rows; adding a component is a new model plus rows.
public protocol ChipComponentModel: Sendable {
    /// Instances in one unit of the component's level (an IMA, a tile, the chip); a router
    /// shared by n tiles counts 1/n per tile.
    func count(_ architecture: ArchitectureSpec) -> Double
    /// The count as an architect writes it (`8×128`, `1/4`).
    func countLabel(_ architecture: ArchitectureSpec) -> String
    /// The component's name with its size where it has one (`adc (8-bit sar)`).
    func label(_ name: String, _ architecture: ArchitectureSpec) -> String
    /// Actions per second of one instance when the chip runs flat out.
    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double]
    /// The figures of one instance, calibrated on the component's table row.
    func figures(_ calibration: ComponentCalibration) throws -> ComponentFigures
    /// Whether the component's row gives Table I figures (`<name>PeakPowerWatts`,
    /// `<name>AreaSquareMetres`, `<name>Instances`) its figures are calibrated on; a model
    /// that is not (a unit ISAAC does not have) states its own sources.
    var isCalibratedOnTableI: Bool { get }
    /// Actions of one layer the ledger does not count itself, derived from what it counts (a
    /// column integrator acts once per conversion): action → occurrences, priced at the
    /// component's energy per action; empty for most models.
    func derivedActions(_ ledger: LayerLedger, _ architecture: ArchitectureSpec) -> [Action: Double]
    /// Keys of the circuit figures the model reads from its component table
    /// (``ComponentCalibration/figure(_:)``), each a positive number with its source there; a
    /// table without one of them is an error when it loads.
    var figureKeys: [String] { get }
}

extension ChipComponentModel {
    public func countLabel(_ architecture: ArchitectureSpec) -> String {
        let value = count(architecture)
        return value == value.rounded() ? "\(Int(value))" : "\(value)"
    }

    public func label(_ name: String, _ architecture: ArchitectureSpec) -> String { name }

    public var isCalibratedOnTableI: Bool { true }

    public func derivedActions(_ ledger: LayerLedger, _ architecture: ArchitectureSpec) -> [Action: Double] { [:] }

    public var figureKeys: [String] { [] }
}
