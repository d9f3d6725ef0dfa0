import Circuit
import Device

/// The cost side of a chip: every component's model, the roll-up of counts, power and area
/// from an IMA to the chip with peak throughput and efficiency, and the pricing of the
/// executor's action counts into energy per inference.
///
/// Energy = Σ action counts × energy per action (Accelergy's split) + Σ static power × time:
/// - dynamic: each action the executor counts belongs to one component
///   (``ChipComponent``; the chip actions are documented in `Execution/Action+Chip.swift`); the
///   arrays' energy is the physical Σ V²·G·t of the MVMs the ledger carries;
/// - static: the leakage (``ChipComponentLibrary/leakageFraction`` of peak power) of the
///   powered part of the chip over the run: the tiles the mapping occupies, their IMAs, and
///   their share of the chip-level components (unused tiles and their share of the off-chip
///   links are taken as power-gated). Idle arrays, ADCs and buffers of an occupied tile keep
///   leaking, so a poorly utilized mapping pays for its idle hardware.
///
/// Peak power of one instance = energy per action × its peak action rate (``PeakActivity``)
/// + static power; a level's power and area are Σ count × per-instance figures.
public struct ChipCostModel: Sendable {
    /// Default λ: 10 % of each CMOS component's peak power is static. An assumption (ISAAC
    /// reports only total power; Accelergy's ISAAC models set leakage to zero); it does not
    /// change peak power, only how energy splits between activity and time.
    public static let defaultLeakageFraction = 0.1

    /// The chip.
    public let architecture: ArchitectureSpec
    /// The component models and the rules they follow.
    public let library: ChipComponentLibrary
    /// One instance of every component at the chip's node.
    public let components: [ChipComponent: ComponentFigures]
    /// Action rates at peak.
    public let activity: PeakActivity

    /// The cost model of `architecture`, with `device` in the arrays (`nil`: ISAAC's array
    /// figures) and leakage fraction λ.
    public init(
        architecture: ArchitectureSpec, device: (any MemoryDevice)? = nil, leakageFraction: Double = ChipCostModel.defaultLeakageFraction
    ) throws {
        let library = try ChipComponentLibrary(architecture: architecture, device: device, leakageFraction: leakageFraction)
        var components: [ChipComponent: ComponentFigures] = [:]
        for component in ChipComponent.allCases { components[component] = try library.figures(component) }
        self.architecture = architecture
        self.library = library
        self.components = components
        activity = library.activity
    }

    /// Instances of `component` in one unit of its level (an IMA, a tile, the chip); a router
    /// shared by n tiles counts 1/n per tile.
    public func count(_ component: ChipComponent) -> Double {
        let o = architecture
        switch component {
        case .adc: return Double(o.arraysPerIMA * o.adcsPerArray)
        case .dac: return Double(o.arraysPerIMA * o.arrayRows)
        case .sampleAndHold: return Double(o.arraysPerIMA * o.sensedColumnsPerArray)
        case .array: return Double(o.arraysPerIMA)
        case .shiftAdd: return Double(o.shiftAddUnitsPerIMA)
        case .inputRegister: return o.inputRegisterBytesPerIMA > 0 ? 1 : 0
        case .outputRegister: return o.outputRegisterBytesPerIMA > 0 ? 1 : 0
        case .tileBuffer: return o.edramBytesPerTile > 0 ? 1 : 0
        case .bus: return o.imaBusWidthBits > 0 ? 1 : 0
        case .router: return o.tilesPerRouter > 0 ? 1 / Double(o.tilesPerRouter) : 0
        case .activation: return Double(o.activationUnitsPerTile)
        case .tileShiftAdd: return Double(o.shiftAddUnitsPerTile)
        case .pooling: return Double(o.maxPoolUnitsPerTile)
        case .tileOutputRegister: return o.outputRegisterBytesPerTile > 0 ? 1 : 0
        case .offChipLink: return Double(o.offChipLinks)
        }
    }

    /// The count as an architect writes it: `8×128` for per-array units, `1/4` for a shared
    /// router.
    public func countLabel(_ component: ChipComponent) -> String {
        let o = architecture
        switch component {
        case .adc where o.adcsPerArray > 1: return "\(o.arraysPerIMA)×\(o.adcsPerArray)"
        case .dac: return "\(o.arraysPerIMA)×\(o.arrayRows)"
        case .sampleAndHold: return "\(o.arraysPerIMA)×\(o.sensedColumnsPerArray)"
        case .router where o.tilesPerRouter > 1: return "1/\(o.tilesPerRouter)"
        default:
            let value = count(component)
            return value == value.rounded() ? "\(Int(value))" : "\(value)"
        }
    }

    /// Peak power of one instance: Σ energy per action × peak rate + static power, watts.
    public func peakPowerWatts(_ component: ChipComponent) -> Double {
        let figures = components[component]!
        let rates = activity.actionsPerSecond[component]!
        let dynamic = rates.keys.sorted().reduce(0) { $0 + rates[$1]! * (figures.energyPerActionJoules[$1] ?? 0) }
        return dynamic + figures.staticPowerWatts
    }

    /// Counts, power and area of an IMA, a tile and the chip, with peak throughput and
    /// efficiency.
    public func rollUp() -> ChipRollUp {
        let rows = ChipComponent.allCases.map { component in
            let figures = components[component]!
            let n = count(component)
            return ChipRollUp.Row(
                component: component, count: n, countLabel: countLabel(component), powerWatts: n * peakPowerWatts(component),
                staticPowerWatts: n * figures.staticPowerWatts, areaSquareMetres: n * figures.areaSquareMetres, figures: figures)
        }
        return ChipRollUp(
            architecture: architecture, leakageFraction: library.leakageFraction, rows: rows,
            peakOperationsPerSecond: activity.operationsPerSecond)
    }

    /// Static power of the powered part of the chip — `poweredTiles` tiles with their IMAs and
    /// their share of the chip-level components — by component, watts.
    public func staticPowerWatts(poweredTiles: Int) -> [ChipComponent: Double] {
        let tiles = Double(poweredTiles)
        let imas = tiles * Double(architecture.imasPerTile)
        let share = tiles / Double(architecture.tilesPerChip)
        return Dictionary(uniqueKeysWithValues: ChipComponent.allCases.map { component in
            let units: Double
            switch component.level {
            case .ima: units = imas
            case .tile: units = tiles
            case .chip: units = share
            }
            return (component, units * count(component) * components[component]!.staticPowerWatts)
        })
    }

    /// Prices a run: the executor's ledgers (action counts per layer with the arrays' physical
    /// read energy), `images` inferences that took `runSeconds` on `poweredTiles` tiles.
    ///
    /// The arrays' energy is each ledger's ``LayerLedger/arrayReadEnergyJoules`` (Σ V²·G·t of
    /// the actual reads), so `cellRead` counts are not priced again. Throws
    /// ``CostModelError/unpricedActions(layer:actions:)`` when a ledger counts an action no
    /// component prices (a vocabulary mismatch, never silently dropped).
    public func price(_ ledgers: [LayerLedger], images: Int, runSeconds: Double, poweredTiles: Int) throws -> InferenceEnergy {
        try CostModelError.require(images, in: 1...Int.max, owner: "ChipCostModel.price", field: "images")
        try CostModelError.requireFinite(runSeconds, atLeast: 0, owner: "ChipCostModel.price", field: "runSeconds")
        try CostModelError.require(poweredTiles, in: 0...architecture.tilesPerChip, owner: "ChipCostModel.price", field: "poweredTiles")
        var owner: [Action: ChipComponent] = [:]
        for component in ChipComponent.allCases {
            for action in components[component]!.energyPerActionJoules.keys { owner[action] = component }
        }
        var layerEnergies: [InferenceEnergy.Layer] = []
        for ledger in ledgers {
            var energy: [ChipComponent: Double] = [:]
            var unpriced: [String] = []
            for (action, count) in ledger.actions.counts.sorted(by: { $0.key < $1.key }) where action != .cellRead {
                guard let component = owner[action] else {
                    unpriced.append(action.rawValue)
                    continue
                }
                energy[component, default: 0] += Double(count) * components[component]!.energyPerActionJoules[action]!
            }
            guard unpriced.isEmpty else { throw CostModelError.unpricedActions(layer: ledger.name, actions: unpriced.sorted()) }
            if ledger.arrayReadEnergyJoules > 0 || ledger.actions[.cellRead] > 0 { energy[.array] = ledger.arrayReadEnergyJoules }
            layerEnergies.append(InferenceEnergy.Layer(name: ledger.name, dynamicJoules: energy))
        }
        let staticPower = staticPowerWatts(poweredTiles: poweredTiles)
        return InferenceEnergy(
            images: images, runSeconds: runSeconds, poweredTiles: poweredTiles, layers: layerEnergies,
            staticJoules: staticPower.mapValues { $0 * runSeconds })
    }
}
