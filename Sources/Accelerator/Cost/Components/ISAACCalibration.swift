import DataFiles

/// ISAAC's component table: the list of the chip's components, the model of each, and their
/// published figures, the calibration point of every model.
///
/// The table is data, `Experiments/components/isaac.json`: `components` lists the rows in
/// order, each with its `name`, `model` (a name in ``ChipComponentModels/registry``), `level`
/// and `category`; for each row, `<name>PeakPowerWatts`, `<name>AreaSquareMetres` and
/// `<name>Instances` give Table I's figures (rows whose model is not calibrated on Table I,
/// ``ChipComponentModel/isCalibratedOnTableI``, have none) for a group of identical components (Shafiee et al.,
/// ISCA 2016, 32 nm), every number with its source; per instance they are the group's figures
/// divided by its instances. The organisation is `Experiments/architectures/isaac.json`.
/// A component's peak power P at ISAAC's organisation becomes an energy per action
/// E = (1 − λ)·P / r, where r is the action rate of that component at ISAAC's peak (its
/// model's ``ChipComponentModel/peakActionsPerSecond(_:)`` at that organisation) and λ the
/// leakage fraction, plus a static power λ·P. Rolled up over ISAAC's counts these give Table I
/// back; other architectures, sizes and nodes follow each model's documented rules.
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
    /// The table's components, in order.
    public let components: [ChipComponent]
    /// The model of each component.
    public let models: [ChipComponent: any ChipComponentModel]
    /// The figures, per instance, of the components calibrated on Table I
    /// (``ChipComponentModel/isCalibratedOnTableI``).
    public let tableI: [ChipComponent: Reference]
    /// The figures the column ADC's energy models are built from (``ADCFigures``).
    public let adc: ADCFigures
    /// The circuit figures the models name in ``ChipComponentModel/figureKeys``, by key: value
    /// (SI units, as the key says) and source.
    public let circuitFigures: [String: (value: Double, source: String)]
    /// ISAAC's organisation, as `Experiments/architectures/isaac.json` describes it.
    public let architecture: ArchitectureSpec
    /// Action rates of one instance of each component at ISAAC's peak.
    public let referenceActionsPerSecond: [ChipComponent: [Action: Double]]

    /// Component figure files: `Experiments/components/*.json`.
    public static let kind = PresetFile.Kind(noun: "component table", folderPath: "Experiments/components")

    /// The calibration, read once per process from `Experiments/components/isaac.json` and
    /// `Experiments/architectures/isaac.json`.
    public static func shared() throws -> ISAACCalibration { try loaded.get() }

    private static let loaded = Result<ISAACCalibration, any Error> {
        try ISAACCalibration(figures: PresetFile.load("isaac", kind: kind), architecture: ArchitectureSpec.load("isaac"))
    }

    /// The calibration from a checked component table and ISAAC's architecture: the table has
    /// `technologyNodeMetres`, `components` (rows with `name`, `model`, `level`, `category`
    /// strings) and, for every Table I row's name c, `<c>PeakPowerWatts`, `<c>AreaSquareMetres` and
    /// `<c>Instances`, the ADC figures (``ADCFigures``) and every model's
    /// ``ChipComponentModel/figureKeys``, all positive numbers.
    init(figures table: PresetFile, architecture: ArchitectureSpec) throws {
        let rows = try Self.rows(table)
        let suffixes = ["PeakPowerWatts", "AreaSquareMetres", "Instances"]
        let calibrated = rows.filter(\.model.isCalibratedOnTableI)
        try table.requireParameters(
            ["technologyNodeMetres", "components"] + calibrated.flatMap { row in suffixes.map { row.component.name + $0 } } + ADCFigures.keys
                + rows.flatMap(\.model.figureKeys))
        func number(_ key: String) throws -> Double {
            guard let value = table.parameters[key]?.value.numberValue, value.isFinite, value > 0 else {
                throw CostModelError.invalidParameter(
                    owner: table.file, field: "parameters.\(key).value", value: table.parameters[key]?.value.canonicalJSON() ?? "?",
                    allowed: "a positive number")
            }
            return value
        }
        technologyNodeMetres = try number("technologyNodeMetres")
        adc = try ADCFigures(referenceBits: architecture.adcBits, file: table.file, number)
        circuitFigures = try Dictionary(
            rows.flatMap(\.model.figureKeys).map { key in (key, (try number(key), table.parameters[key]!.source)) }, uniquingKeysWith: { a, _ in a })
        let activity = PeakActivity(architecture)
        var references: [ChipComponent: Reference] = [:]
        var models: [ChipComponent: any ChipComponentModel] = [:]
        var rates: [ChipComponent: [Action: Double]] = [:]
        for (component, model) in rows {
            rates[component] = model.peakActionsPerSecond(activity)
            models[component] = model
            guard model.isCalibratedOnTableI else { continue }
            let key = component.name
            let instances = try number(key + "Instances")
            references[component] = Reference(
                peakPowerWatts: try number(key + "PeakPowerWatts") / instances,
                areaSquareMetres: try number(key + "AreaSquareMetres") / instances, source: table.parameters[key + "PeakPowerWatts"]!.source)
        }
        components = rows.map(\.component)
        self.models = models
        tableI = references
        self.architecture = architecture
        referenceActionsPerSecond = rates
    }

    /// The component called `name`; throws when the table has none.
    public func component(named name: String) throws -> ChipComponent {
        guard let component = components.first(where: { $0.name == name }) else {
            throw CostModelError.invalidParameter(
                owner: "ISAACCalibration", field: "component", value: name, allowed: components.map(\.name).joined(separator: ", "))
        }
        return component
    }

    /// Energy of one action of `component` at ISAAC's calibration point (32 nm, ISAAC's sizes),
    /// joules: (1 − λ)·P / Σ rates (reads and writes of a storage cost the same per bit).
    public func energyPerAction(_ component: ChipComponent, leakageFraction: Double) -> Double {
        let rate = referenceActionsPerSecond[component]!.values.reduce(0, +)
        return (1 - leakageFraction) * tableI[component]!.peakPowerWatts / rate
    }

    /// The table's `components` rows with their models, checked: every field a known string,
    /// names unique.
    private static func rows(_ table: PresetFile) throws -> [(component: ChipComponent, model: any ChipComponentModel)] {
        let field = "parameters.components.value"
        guard case .array(let entries)? = table.parameters["components"]?.value, !entries.isEmpty else {
            throw CostModelError.invalidParameter(
                owner: table.file, field: field, value: table.parameters["components"]?.value.canonicalJSON() ?? "missing",
                allowed: "a non-empty array of {name, model, level, category}")
        }
        var rows: [(component: ChipComponent, model: any ChipComponentModel)] = []
        for (position, entry) in entries.enumerated() {
            func string(_ key: String, allowed: [String]? = nil) throws -> String {
                guard case .object(let row) = entry, case .string(let text)? = row[key], !text.isEmpty,
                    allowed?.contains(text) ?? true
                else {
                    throw CostModelError.invalidParameter(
                        owner: table.file, field: "\(field)[\(position)].\(key)", value: entry.value(at: key)?.canonicalJSON() ?? "missing",
                        allowed: allowed?.joined(separator: ", ") ?? "a non-empty string")
                }
                return text
            }
            let name = try string("name")
            guard !rows.contains(where: { $0.component.name == name }) else {
                throw CostModelError.invalidParameter(
                    owner: table.file, field: "\(field)[\(position)].name", value: name, allowed: "a name no earlier row has")
            }
            let model = try string("model", allowed: ChipComponentModels.registry.keys.sorted())
            let level = try string("level", allowed: ChipComponent.Level.allCases.map(\.rawValue))
            let component = ChipComponent(name: name, level: ChipComponent.Level(rawValue: level)!, category: try string("category"), position: position)
            rows.append((component, ChipComponentModels.registry[model]!))
        }
        return rows
    }
}
