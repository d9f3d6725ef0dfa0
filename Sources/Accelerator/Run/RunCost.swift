import Circuit
import Device
import Numerics

/// The energy and area of a run, priced from its ledger.
///
/// ``price(_:mapping:device:settings:performance:)`` is the one place a cost model plugs in.
/// It prices the array periphery with Circuit's ``CrossbarCostModel`` (ISAAC's 32 nm figures:
/// DAC, sample-and-hold, ADC, shift-and-add) and the arrays by their physical read energy
/// Σ V²·G·t; the chip actions (registers, buffers, bus, routers, off-chip links, digital units)
/// are counted but listed in ``unpricedActions`` until a chip-level cost model prices them.
/// Area is the occupied arrays' (copies included) with their periphery.
public struct RunCost: Sendable, Equatable {
    /// Energy per inference by component (`array`, `dac`, `sampleAndHold`, `adc`, `shiftAdd`…), joules.
    public let energyByComponentJoules: [String: Double]
    /// Energy per inference by step of the network, in order, joules.
    public let energyByLayerJoules: [(name: String, joules: Double)]
    /// Actions counted but not priced.
    public let unpricedActions: [String]
    /// Area, square metres.
    public let areaSquareMetres: Double
    /// What ``areaSquareMetres`` covers.
    public let areaScope: String
    /// The cost model used.
    public let model: String

    /// Σ energy per inference, joules (summed in component-name order, so the rounding does not
    /// depend on dictionary order).
    public var energyPerInferenceJoules: Double { Self.sum(energyByComponentJoules) }

    /// Σ of the values in key order.
    static func sum(_ values: [String: Double]) -> Double {
        values.keys.sorted().reduce(0) { $0 + values[$1]! }
    }

    public static func == (a: RunCost, b: RunCost) -> Bool {
        a.energyByComponentJoules == b.energyByComponentJoules && a.energyByLayerJoules.elementsEqual(b.energyByLayerJoules) { $0 == $1 }
            && a.unpricedActions == b.unpricedActions && a.areaSquareMetres == b.areaSquareMetres && a.model == b.model
    }

    /// Prices `ledger` (a run on `mapping`'s chip with `device`, read with `settings`).
    public static func price(
        _ ledger: ChipLedger, mapping: Mapping, device: any MemoryDevice, settings: ChipReadout.Settings,
        performance: PerformanceEstimate
    ) throws -> RunCost {
        let spec = mapping.architecture
        let node = spec.technologyNodeMetres
        let adc: ADCModel =
            switch spec.adcArchitecture {
            case .sar: try .sar(resolutionBits: settings.adc.resolutionBits, sampleRateHz: spec.adcSampleRateHz, technologyNodeMetres: node)
            case .flash: try .flash(resolutionBits: settings.adc.resolutionBits, sampleRateHz: spec.adcSampleRateHz, technologyNodeMetres: node)
            }
        let model = try CrossbarCostModel(
            array: CrossbarArrayModel(
                rows: spec.arrayRows, columns: spec.arrayColumns, cellAreaFeatureSquared: device.cellAreaFeatureSquared,
                readPulseSeconds: device.readPulseSeconds, technologyNodeMetres: node),
            dac: DACModel(resolutionBits: settings.dacBits, technologyNodeMetres: node), sampleAndHold: SampleAndHoldModel(technologyNodeMetres: node),
            adc: adc, shiftAdd: ShiftAddModel(technologyNodeMetres: node), columnsPerADC: spec.columnsPerADC,
            shiftAddUnits: Double(spec.shiftAddUnitsPerIMA) / Double(spec.arraysPerIMA))
        let images = Double(ledger.images)
        var byComponent: [String: Double] = [:]
        var byLayer: [(name: String, joules: Double)] = []
        var unpriced = Set<String>()
        let priced = Set(model.components.flatMap { $0.energyPerActionJoules.keys })
        for step in ledger.steps {
            let energies = model.energyByComponentJoules(actions: step.actions, arrayReadEnergyJoules: step.arrayReadEnergyJoules)
            for (component, joules) in energies where step.isMatrixLayer { byComponent[component, default: 0] += joules / images }
            byLayer.append((step.name, step.isMatrixLayer ? Self.sum(energies) / images : 0))
            for action in step.actions.counts.keys where !priced.contains(action) { unpriced.insert(action.rawValue) }
        }
        let area = mapping.layers.reduce(0.0) { total, layer in
            total + Double(layer.replication * layer.arrayCount) * model.areaSquareMetres(sensedColumns: spec.arrayColumns)
        }
        return RunCost(
            energyByComponentJoules: byComponent, energyByLayerJoules: byLayer, unpricedActions: unpriced.sorted(),
            areaSquareMetres: area, areaScope: "occupied arrays with their DACs, sample-and-holds, ADCs and shift-and-add units",
            model: "array periphery: Circuit CrossbarCostModel (ISAAC Table I figures); arrays: physical read energy")
    }
}
