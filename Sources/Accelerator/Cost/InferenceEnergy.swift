/// The energy of a run, priced by ``ChipCostModel/price(_:images:runSeconds:poweredTiles:)``:
/// dynamic energy by layer and component, static energy by component, and their sums per
/// inference. All energies in joules.
///
/// JSON (`Encodable`) keys, per inference: `energyPerInferenceJoules`,
/// `dynamicEnergyPerInferenceJoules`, `staticEnergyPerInferenceJoules`,
/// `energyByComponentJoules` {component: dynamic + static}, `energyByCategoryJoules`
/// {dac, array, adc, sampleAndHold, shiftAdd, buffers, interconnect, digital; columnMux, rowDriver,
/// accumulation with NeuroSim's periphery},
/// `staticEnergyByComponentJoules`, `dynamicEnergyByLayerJoules` {layer: J}; and `images`,
/// `runSeconds`, `poweredTiles`.
public struct InferenceEnergy: Sendable, Equatable, Encodable {
    /// One layer's dynamic energy over the run, by component.
    public struct Layer: Sendable, Equatable {
        /// Layer name.
        public let name: String
        /// Dynamic energy by component over the run, joules.
        public let dynamicJoules: [ChipComponent: Double]
        /// Σ over components, joules.
        public var totalJoules: Double { dynamicJoules.sumInKeyOrder }
    }

    /// Inferences in the run.
    public let images: Int
    /// Duration of the run, seconds.
    public let runSeconds: Double
    /// Tiles powered during the run.
    public let poweredTiles: Int
    /// Dynamic energy per layer, in execution order.
    public let layers: [Layer]
    /// Static energy over the run by component, joules.
    public let staticJoules: [ChipComponent: Double]

    /// Dynamic energy over the run by component, joules.
    public var dynamicJoules: [ChipComponent: Double] {
        layers.reduce(into: [:]) { total, layer in total.merge(layer.dynamicJoules, uniquingKeysWith: +) }
    }

    /// Σ dynamic energy over the run, joules.
    public var totalDynamicJoules: Double { layers.reduce(0) { $0 + $1.totalJoules } }
    /// Σ static energy over the run, joules.
    public var totalStaticJoules: Double { staticJoules.sumInKeyOrder }
    /// Energy of the whole run, joules.
    public var totalJoules: Double { totalDynamicJoules + totalStaticJoules }
    /// Energy per inference, joules.
    public var perInferenceJoules: Double { totalJoules / Double(images) }

    /// Dynamic + static energy per inference by component, joules.
    public var perInferenceByComponentJoules: [ChipComponent: Double] {
        dynamicJoules.merging(staticJoules, uniquingKeysWith: +).mapValues { $0 / Double(images) }
    }

    /// Dynamic + static energy per inference by ``ChipComponent/category``, joules.
    public var perInferenceByCategoryJoules: [String: Double] {
        perInferenceByComponentJoules.sorted { $0.key < $1.key }.reduce(into: [:]) { $0[$1.key.category, default: 0] += $1.value }
    }

    private enum CodingKeys: String, CodingKey {
        case images, runSeconds, poweredTiles, energyPerInferenceJoules, dynamicEnergyPerInferenceJoules
        case staticEnergyPerInferenceJoules, energyByComponentJoules, energyByCategoryJoules, staticEnergyByComponentJoules
        case dynamicEnergyByLayerJoules
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let n = Double(images)
        func named(_ values: [ChipComponent: Double]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: values.map { ($0.key.name, $0.value) })
        }
        try container.encode(images, forKey: .images)
        try container.encode(runSeconds, forKey: .runSeconds)
        try container.encode(poweredTiles, forKey: .poweredTiles)
        try container.encode(perInferenceJoules, forKey: .energyPerInferenceJoules)
        try container.encode(totalDynamicJoules / n, forKey: .dynamicEnergyPerInferenceJoules)
        try container.encode(totalStaticJoules / n, forKey: .staticEnergyPerInferenceJoules)
        try container.encode(named(perInferenceByComponentJoules), forKey: .energyByComponentJoules)
        try container.encode(perInferenceByCategoryJoules, forKey: .energyByCategoryJoules)
        try container.encode(named(staticJoules.mapValues { $0 / n }), forKey: .staticEnergyByComponentJoules)
        try container.encode(
            Dictionary(layers.map { ($0.name, $0.totalJoules / n) }, uniquingKeysWith: +), forKey: .dynamicEnergyByLayerJoules)
    }
}
