import Device

/// What a ``ChipComponentModel`` needs to give the figures of one component on one chip: the
/// chip and its peak activity, the component's table row (``ISAACCalibration``), the leakage
/// fraction and the device in the arrays, with the rules ISAAC-calibrated components share.
///
/// The rules:
/// - **leakage**: a fraction λ of a component's peak power is static; the rest is dynamic
///   energy per action. For ISAAC's components E = (1 − λ)·P/r at ISAAC's peak rate r and
///   P_static = λ·P, so the peak power stays P whatever λ.
/// - **size**: a register or buffer of capacity C scales from its reference C₀ as energy per
///   bit ∝ √(C/C₀) (line lengths), area and leakage ∝ C/C₀; other size rules are the models'.
/// - **node**: ``TechnologyScaling`` (CMOS: energy ∝ F·V², area ∝ F², leakage ∝ F·V).
public struct ComponentCalibration: Sendable {
    /// The component.
    public let component: ChipComponent
    /// The chip.
    public let architecture: ArchitectureSpec
    /// The chip's activity at peak.
    public let activity: PeakActivity
    /// The component table the figures are calibrated on.
    public let table: ISAACCalibration
    /// Fraction λ of each CMOS component's peak power that is static (leakage).
    public let leakageFraction: Double
    /// The memory device in the arrays, or `nil` for ISAAC's published array figures.
    public let device: (any MemoryDevice)?

    /// The component's published figures, per instance.
    public var reference: ISAACCalibration.Reference { table.tableI[component]! }

    /// The table's circuit figure `key` (one of the model's ``ChipComponentModel/figureKeys``):
    /// its value, SI units as the key says, and its source.
    public func figure(_ key: String) -> (value: Double, source: String) { table.circuitFigures[key]! }

    /// An ISAAC-calibrated component: energy per action (1 − λ)·P/r (the same for each of its
    /// actions), static λ·P, area, each times `factors` (energy, static, area), then scaled to
    /// the node under `rule`; `latency` seconds per action.
    public func calibrated(
        factors: (energy: Double, leakage: Double, area: Double) = (1, 1, 1), latency: Double, rule: TechnologyScaling.Rule = .cmos,
        note: String = ""
    ) throws -> ComponentFigures {
        let energy = table.energyPerAction(component, leakageFraction: leakageFraction) * factors.energy
        let actions = table.referenceActionsPerSecond[component]!.keys
        let figures = try ComponentFigures(
            name: component.name, technologyNodeMetres: table.technologyNodeMetres,
            energyPerActionJoules: Dictionary(uniqueKeysWithValues: actions.map { ($0, energy) }),
            staticPowerWatts: leakageFraction * reference.peakPowerWatts * factors.leakage,
            areaSquareMetres: reference.areaSquareMetres * factors.area, latencySeconds: latency,
            source: reference.source + "; E = (1 − λ)·P / ISAAC's peak rate, P_static = λ·P" + note)
        return try figures.scaled(toNodeMetres: architecture.technologyNodeMetres, rule: rule).withLatency(latency)
    }

    /// A register or eDRAM of `bytes`, scaled from ISAAC's of `referenceBytes`, one action per
    /// clock cycle.
    public func storage(bytes: Int, referenceBytes: Int) throws -> ComponentFigures {
        let ratio = Double(bytes) / Double(referenceBytes)
        return try calibrated(
            factors: (ratio.squareRoot(), ratio, ratio), latency: 1 / architecture.clockHz,
            note: bytes == referenceBytes ? "" : "; \(bytes) B from \(referenceBytes) B: energy/bit ∝ √C, area and leakage ∝ C")
    }
}
