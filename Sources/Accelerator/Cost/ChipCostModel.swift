import Circuit
import Device

/// The cost side of a chip: every component's model, the roll-up of counts, power and area
/// from an IMA to the chip with peak throughput and efficiency, and the pricing of the
/// executor's action counts into energy per inference.
///
/// Energy = Σ action counts × energy per action (Accelergy's split) + Σ static power × time:
/// - dynamic: each action the executor counts belongs to one component
///   (a row of the component table, ``ChipComponent``, priced by its ``ChipComponentModel``;
///   the chip actions are documented in `Ledger/Action+Chip.swift`); the arrays' energy is the physical read energy of the MVMs the ledger carries (Σ Vᵀ·Y·V·t, wires included; SRAM bitlines C·V_pre·ΔV + leakage);
/// - static: the leakage (``leakageFraction`` of peak power) of the
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
    /// Fraction λ of each CMOS component's peak power that is static (leakage).
    public let leakageFraction: Double
    /// The component table: the chip's components in order, their models and calibration.
    public let table: ISAACCalibration
    /// One instance of every component at the chip's node.
    public let components: [ChipComponent: ComponentFigures]
    /// Action rates of one instance of every component at peak.
    public let actionsPerSecond: [ChipComponent: [Action: Double]]
    /// The chip's activity at peak.
    public let activity: PeakActivity

    /// The cost model of `architecture`, with `device` in the arrays (`nil`: ISAAC's array
    /// figures) and leakage fraction λ; throws for λ outside [0, 1) or when the component table
    /// (`Experiments/components/isaac.json`) cannot be read.
    public init(
        architecture: ArchitectureSpec, device: (any MemoryDevice)? = nil, leakageFraction: Double = ChipCostModel.defaultLeakageFraction
    ) throws {
        guard leakageFraction.isFinite, leakageFraction >= 0, leakageFraction < 1 else {
            throw CostModelError.invalidParameter(
                owner: "ChipCostModel", field: "leakageFraction", value: "\(leakageFraction)", allowed: "0 ≤ λ < 1")
        }
        let table = try ISAACCalibration.shared()
        let activity = PeakActivity(architecture)
        var components: [ChipComponent: ComponentFigures] = [:]
        var rates: [ChipComponent: [Action: Double]] = [:]
        for component in table.components {
            let model = table.models[component]!
            components[component] = try model.figures(ComponentCalibration(
                component: component, architecture: architecture, activity: activity, table: table, leakageFraction: leakageFraction,
                device: device))
            rates[component] = model.peakActionsPerSecond(activity)
        }
        self.architecture = architecture
        self.leakageFraction = leakageFraction
        self.table = table
        self.components = components
        actionsPerSecond = rates
        self.activity = activity
    }

    /// The figures of one instance of the component called `name`.
    public func figures(_ name: String) throws -> ComponentFigures { components[try table.component(named: name)]! }

    /// The component whose model prices `action`, if any: the last row of the table that
    /// prices it and that the architecture has (a component with no instances, as ISAAC's eDRAM
    /// on an architecture without one, prices nothing).
    public func component(pricing action: Action) -> ChipComponent? {
        table.components.last { components[$0]!.energyPerActionJoules[action] != nil && count($0) > 0 }
    }

    /// Instances of `component` in one unit of its level (an IMA, a tile, the chip); a router
    /// shared by n tiles counts 1/n per tile.
    public func count(_ component: ChipComponent) -> Double { table.models[component]!.count(architecture) }

    /// The count as an architect writes it: `8×128` for per-array units, `1/4` for a shared
    /// router.
    public func countLabel(_ component: ChipComponent) -> String { table.models[component]!.countLabel(architecture) }

    /// The component's name with its size where it has one (`adc (8-bit sar)`).
    public func label(_ component: ChipComponent) -> String { table.models[component]!.label(component.name, architecture) }

    /// Peak power of one instance: Σ energy per action × peak rate + static power, watts.
    public func peakPowerWatts(_ component: ChipComponent) -> Double {
        let figures = components[component]!
        let rates = actionsPerSecond[component]!
        let dynamic = rates.keys.sorted().reduce(0) { $0 + rates[$1]! * (figures.energyPerActionJoules[$1] ?? 0) }
        return dynamic + figures.staticPowerWatts
    }

    /// Counts, power and area of an IMA, a tile and the chip, with peak throughput and
    /// efficiency.
    public func rollUp() -> ChipRollUp {
        let rows = table.components.map { component in
            let figures = components[component]!
            let n = count(component)
            return ChipRollUp.Row(
                component: component, count: n, countLabel: countLabel(component), powerWatts: n * peakPowerWatts(component),
                staticPowerWatts: n * figures.staticPowerWatts, areaSquareMetres: n * figures.areaSquareMetres, figures: figures)
        }
        return ChipRollUp(
            architecture: architecture, leakageFraction: leakageFraction, rows: rows,
            peakOperationsPerSecond: activity.operationsPerSecond)
    }

    /// Static power of the powered part of the chip — `poweredTiles` tiles with their IMAs and
    /// their share of the chip-level components — by component the architecture has, watts.
    public func staticPowerWatts(poweredTiles: Int) -> [ChipComponent: Double] {
        let tiles = Double(poweredTiles)
        let imas = tiles * Double(architecture.imasPerTile)
        let share = tiles / Double(architecture.tilesPerChip)
        return Dictionary(uniqueKeysWithValues: table.components.filter { count($0) > 0 }.map { component in
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
    /// The arrays' energy is each ledger's ``LayerLedger/arrayReadEnergyJoules`` (Σ Vᵀ·Y·V·t of
    /// the actual reads, wires' I²R included, or C·V_pre·ΔV plus leakage for SRAM), so `cellRead` counts are not priced again.
    /// Components whose actions follow from the ledger's (``ChipComponentModel/derivedActions(_:_:)``:
    /// column integrators, current mirrors) are priced on those. Throws
    /// ``CostModelError/unpricedActions(layer:actions:)`` when a ledger counts an action no
    /// component prices (a vocabulary mismatch, never silently dropped).
    public func price(_ ledgers: [LayerLedger], images: Int, runSeconds: Double, poweredTiles: Int) throws -> InferenceEnergy {
        try CostModelError.require(images, in: 1...Int.max, owner: "ChipCostModel.price", field: "images")
        try CostModelError.requireFinite(runSeconds, atLeast: 0, owner: "ChipCostModel.price", field: "runSeconds")
        try CostModelError.require(poweredTiles, in: 0...architecture.tilesPerChip, owner: "ChipCostModel.price", field: "poweredTiles")
        let arrays = component(pricing: .cellRead)
        var layerEnergies: [InferenceEnergy.Layer] = []
        for ledger in ledgers {
            var energy: [ChipComponent: Double] = [:]
            var unpriced: [String] = []
            for (action, count) in ledger.actions.counts.sorted(by: { $0.key < $1.key }) where action != .cellRead {
                guard let component = self.component(pricing: action) else {
                    unpriced.append(action.rawValue)
                    continue
                }
                energy[component, default: 0] += Double(count) * components[component]!.energyPerActionJoules[action]!
            }
            guard unpriced.isEmpty else { throw CostModelError.unpricedActions(layer: ledger.name, actions: unpriced.sorted()) }
            for component in table.components where count(component) > 0 {
                for (action, occurrences) in table.models[component]!.derivedActions(ledger, architecture) {
                    energy[component, default: 0] += occurrences * components[component]!.energyPerActionJoules[action]!
                }
            }
            if let arrays, ledger.arrayReadEnergyJoules > 0 || ledger.actions[.cellRead] > 0 { energy[arrays] = ledger.arrayReadEnergyJoules }
            layerEnergies.append(InferenceEnergy.Layer(name: ledger.name, dynamicJoules: energy))
        }
        let staticPower = staticPowerWatts(poweredTiles: poweredTiles)
        return InferenceEnergy(
            images: images, runSeconds: runSeconds, poweredTiles: poweredTiles, layers: layerEnergies,
            staticJoules: staticPower.mapValues { $0 * runSeconds })
    }
}
