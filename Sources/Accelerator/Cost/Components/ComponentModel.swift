/// The cost model of one hardware component at a technology node: what each of its actions
/// costs, what it leaks, its footprint and how long an action takes.
///
/// Totals are a pure function of action counts and these figures (Accelergy's energy-reference
/// table): energy = Σ_actions count × ``energyPerActionJoules`` + static power × time. Swapping
/// a model (a different ADC survey fit, another node) never touches the functional simulation.
/// All figures are per instance, in SI units.
public protocol ComponentModel: Sendable {
    /// Short name used as the key of energy and area breakdowns, e.g. `adc`.
    var name: String { get }
    /// Technology node the figures hold at, metres (e.g. 32e-9).
    var technologyNodeMetres: Double { get }
    /// Energy of one occurrence of each action the component performs, joules.
    var energyPerActionJoules: [Action: Double] { get }
    /// Static (leakage) power of one instance, watts.
    var staticPowerWatts: Double { get }
    /// Area of one instance, square metres.
    var areaSquareMetres: Double { get }
    /// Time one action occupies one instance, seconds.
    var latencySeconds: Double { get }
    /// Where the figures come from (paper, table), for reports.
    var source: String { get }
}

