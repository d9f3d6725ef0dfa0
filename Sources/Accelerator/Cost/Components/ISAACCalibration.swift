import DataFiles

/// ISAAC's published component figures and organisation: the calibration point of the chip
/// component library.
///
/// The figures (Shafiee et al., ISCA 2016, Table I, 32 nm) are data,
/// `Experiments/components/isaac.json`: per group of identical components its peak power,
/// area and instance count, every number with its source; per instance they are the group's
/// figures divided by its instances. The organisation is `Experiments/architectures/isaac.json`.
/// A component's peak power P at ISAAC's organisation becomes an energy per action
/// E = (1 − λ)·P / r, where r is the action rate of that component at ISAAC's peak
/// (``PeakActivity`` of that organisation) and λ the leakage fraction, plus a static power λ·P.
/// Rolled up over ISAAC's counts these give Table I back; other architectures, sizes and nodes
/// follow the library's documented rules.
public struct ISAACCalibration: Sendable {
    /// One component's published figures, per instance.
    public struct Reference: Sendable, Equatable {
        /// Peak power of one instance, watts.
        public let peakPowerWatts: Double
        /// Area of one instance, square metres.
        public let areaSquareMetres: Double
        /// Where the numbers come from.
        public let source: String
    }

    /// The node of the figures, metres.
    public let technologyNodeMetres: Double
    /// The figures, per instance.
    public let tableI: [ChipComponent: Reference]
    /// ISAAC's organisation, as `Experiments/architectures/isaac.json` describes it.
    public let architecture: ArchitectureSpec
    /// Action rates of one instance at ISAAC's peak.
    public let activity: PeakActivity

    /// Component figure files: `Experiments/components/*.json`.
    public static let kind = PresetFile.Kind(noun: "component table", folderPath: "Experiments/components")

    /// The calibration, read once per process from `Experiments/components/isaac.json` and
    /// `Experiments/architectures/isaac.json`.
    public static func shared() throws -> ISAACCalibration { try loaded.get() }

    private static let loaded = Result<ISAACCalibration, any Error> {
        try ISAACCalibration(figures: PresetFile.load("isaac", kind: kind), architecture: ArchitectureSpec.load("isaac"))
    }

    /// The calibration from a checked component table and ISAAC's architecture: the table has
    /// `technologyNodeMetres` and, for every ``ChipComponent`` c, `<c>PeakPowerWatts`,
    /// `<c>AreaSquareMetres` and `<c>Instances`, all positive numbers.
    init(figures table: PresetFile, architecture: ArchitectureSpec) throws {
        let suffixes = ["PeakPowerWatts", "AreaSquareMetres", "Instances"]
        try table.requireParameters(["technologyNodeMetres"] + ChipComponent.allCases.flatMap { c in suffixes.map { c.rawValue + $0 } })
        func number(_ key: String) throws -> Double {
            guard let value = table.parameters[key]?.value.numberValue, value.isFinite, value > 0 else {
                throw CostModelError.invalidParameter(
                    owner: table.file, field: "parameters.\(key).value", value: table.parameters[key]?.value.canonicalJSON() ?? "?",
                    allowed: "a positive number")
            }
            return value
        }
        technologyNodeMetres = try number("technologyNodeMetres")
        var references: [ChipComponent: Reference] = [:]
        for component in ChipComponent.allCases {
            let key = component.rawValue
            let instances = try number(key + "Instances")
            references[component] = Reference(
                peakPowerWatts: try number(key + "PeakPowerWatts") / instances,
                areaSquareMetres: try number(key + "AreaSquareMetres") / instances, source: table.parameters[key + "PeakPowerWatts"]!.source)
        }
        tableI = references
        self.architecture = architecture
        activity = PeakActivity(architecture)
    }

    /// Energy of one action of `component` at ISAAC's calibration point (32 nm, ISAAC's sizes),
    /// joules: (1 − λ)·P / Σ rates (reads and writes of a storage cost the same per bit).
    public func energyPerAction(_ component: ChipComponent, leakageFraction: Double) -> Double {
        let rate = activity.actionsPerSecond[component]!.values.reduce(0, +)
        return (1 - leakageFraction) * tableI[component]!.peakPowerWatts / rate
    }
}
