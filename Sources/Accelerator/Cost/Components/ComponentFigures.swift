/// A component model given by its figures: what ``ComponentModel/scaled(toNodeMetres:rule:)``
/// returns and what each chip component model gives per component.
///
/// All figures are per instance, in SI units, at ``technologyNodeMetres``.
public struct ComponentFigures: ComponentModel, Hashable {
    /// Name used as the key of breakdowns; change it to tell two instances of one model apart.
    public var name: String
    public let technologyNodeMetres: Double
    public let energyPerActionJoules: [Action: Double]
    public let staticPowerWatts: Double
    public let areaSquareMetres: Double
    public let latencySeconds: Double
    public let source: String

    /// A component with the given figures; throws for negative or non-finite figures.
    public init(
        name: String, technologyNodeMetres: Double, energyPerActionJoules: [Action: Double], staticPowerWatts: Double,
        areaSquareMetres: Double, latencySeconds: Double, source: String
    ) throws {
        let owner = "ComponentFigures(\(name))"
        try CostModelError.requirePositive(technologyNodeMetres, owner: owner, field: "technologyNodeMetres")
        for (action, energy) in energyPerActionJoules.sorted(by: { $0.key < $1.key }) {
            try CostModelError.requireFinite(energy, atLeast: 0, owner: owner, field: "energyPerActionJoules[\(action)]")
        }
        try CostModelError.requireFinite(staticPowerWatts, atLeast: 0, owner: owner, field: "staticPowerWatts")
        try CostModelError.requireFinite(areaSquareMetres, atLeast: 0, owner: owner, field: "areaSquareMetres")
        try CostModelError.requireFinite(latencySeconds, atLeast: 0, owner: owner, field: "latencySeconds")
        self.name = name
        self.technologyNodeMetres = technologyNodeMetres
        self.energyPerActionJoules = energyPerActionJoules
        self.staticPowerWatts = staticPowerWatts
        self.areaSquareMetres = areaSquareMetres
        self.latencySeconds = latencySeconds
        self.source = source
    }

    /// The same component with the latency of one action replaced, seconds (when the
    /// architecture, not the circuit, sets the pace: a clock, a read cycle).
    public func withLatency(_ seconds: Double) throws -> ComponentFigures {
        try ComponentFigures(
            name: name, technologyNodeMetres: technologyNodeMetres, energyPerActionJoules: energyPerActionJoules,
            staticPowerWatts: staticPowerWatts, areaSquareMetres: areaSquareMetres, latencySeconds: seconds, source: source)
    }
}

extension ComponentModel {
    /// The component's figures at `toNodeMetres` under the ``TechnologyScaling`` rules `rule`
    /// (energy ∝ F·V², area ∝ F², static power ∝ F·V, latency ∝ F for CMOS); the source notes
    /// the scaling.
    public func scaled(toNodeMetres node: Double, rule: TechnologyScaling.Rule) throws -> ComponentFigures {
        let from = technologyNodeMetres
        let energy = try TechnologyScaling.energyFactor(fromNodeMetres: from, toNodeMetres: node, rule: rule)
        let area = try TechnologyScaling.areaFactor(fromNodeMetres: from, toNodeMetres: node, rule: rule)
        let leakage = try TechnologyScaling.staticPowerFactor(fromNodeMetres: from, toNodeMetres: node, rule: rule)
        let latency = try TechnologyScaling.latencyFactor(fromNodeMetres: from, toNodeMetres: node, rule: rule)
        let note = abs(node - from) < 1e-12
            ? "" : "; scaled from \(Int((from * 1e9).rounded())) nm to \(Int((node * 1e9).rounded())) nm (\(rule.rawValue) rule)"
        return try ComponentFigures(
            name: name, technologyNodeMetres: node, energyPerActionJoules: energyPerActionJoules.mapValues { $0 * energy },
            staticPowerWatts: staticPowerWatts * leakage, areaSquareMetres: areaSquareMetres * area,
            latencySeconds: latencySeconds * latency, source: source + note)
    }
}
