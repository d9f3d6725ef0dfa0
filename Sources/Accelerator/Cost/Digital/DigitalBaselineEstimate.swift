/// What every digital baseline reports for one inference of a network: its energy by
/// component, which of it is I/O, its time, peak power and area (``DigitalBaseline``, the MAC
/// array; ``DaDianNaoBaseline``; ``EyerissBaseline``). The run report's `digital` section is one
/// of these, named by ``name``.
public protocol DigitalBaselineEstimate: Sendable, Encodable {
    /// What the baseline is, as the report names it (organisation, buffers, I/O, node).
    var name: String { get }
    /// Energy of one inference by component, joules.
    var energyByComponentJoules: [String: Double] { get }
    /// The component of ``energyByComponentJoules`` that is off-chip traffic (`dram`,
    /// `hyperTransport`).
    var ioComponent: String { get }
    /// Clock cycles of one inference.
    var cyclesPerInference: Int { get }
    /// Clock, hertz.
    var clockHz: Double { get }
    /// Peak power, watts.
    var peakPowerWatts: Double { get }
    /// Area, square metres.
    var areaSquareMetres: Double { get }
    /// Whether all weights stay on chip between inferences.
    var weightsResident: Bool { get }
    /// One-time energy to bring resident weights on chip, joules (0 when they stream).
    var weightLoadJoules: Double { get }
    /// Images that share one pass of the weights.
    var batchSize: Int { get }
    /// Technology node, metres.
    var technologyNodeMetres: Double { get }
    /// The network's work.
    var workload: NetworkWorkload { get }
}

extension DigitalBaselineEstimate {
    /// Energy of one inference, I/O included, joules.
    public var energyPerInferenceJoules: Double { energyByComponentJoules.sumInKeyOrder }
    /// Energy of one inference off the chip (the ``ioComponent``), joules.
    public var ioEnergyPerInferenceJoules: Double { energyByComponentJoules[ioComponent] ?? 0 }
    /// Energy of one inference on the chip: everything but the ``ioComponent``, joules.
    public var onChipEnergyPerInferenceJoules: Double { energyByComponentJoules.filter { $0.key != ioComponent }.sumInKeyOrder }
    /// Time of one inference, seconds.
    public var latencyPerInferenceSeconds: Double { Double(cyclesPerInference) / clockHz }

    /// Encodes what every baseline reports: `name`, `macsPerInference`, `cyclesPerInference`,
    /// `latencyPerInferenceSeconds`, `energyPerInferenceJoules`, `energyByComponentJoules`,
    /// `onChipEnergyPerInferenceJoules`, `ioEnergyPerInferenceJoules`, `ioComponent`,
    /// `weightsResident`, `weightLoadJoules`, `peakPowerWatts`, `areaSquareMillimetres`,
    /// `technologyNodeMetres`, `clockHz`, `batchSize`; each baseline adds its own counts.
    func encodeSummary(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SummaryKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(workload.macsPerImage, forKey: .macsPerInference)
        try container.encode(cyclesPerInference, forKey: .cyclesPerInference)
        try container.encode(latencyPerInferenceSeconds, forKey: .latencyPerInferenceSeconds)
        try container.encode(energyPerInferenceJoules, forKey: .energyPerInferenceJoules)
        try container.encode(energyByComponentJoules, forKey: .energyByComponentJoules)
        try container.encode(onChipEnergyPerInferenceJoules, forKey: .onChipEnergyPerInferenceJoules)
        try container.encode(ioEnergyPerInferenceJoules, forKey: .ioEnergyPerInferenceJoules)
        try container.encode(ioComponent, forKey: .ioComponent)
        try container.encode(weightsResident, forKey: .weightsResident)
        try container.encode(weightLoadJoules, forKey: .weightLoadJoules)
        try container.encode(peakPowerWatts, forKey: .peakPowerWatts)
        try container.encode(areaSquareMetres * 1e6, forKey: .areaSquareMillimetres)
        try container.encode(technologyNodeMetres, forKey: .technologyNodeMetres)
        try container.encode(clockHz, forKey: .clockHz)
        try container.encode(batchSize, forKey: .batchSize)
    }
}

/// The keys of ``DigitalBaselineEstimate/encodeSummary(to:)``.
private enum SummaryKeys: String, CodingKey {
    case name, macsPerInference, cyclesPerInference, latencyPerInferenceSeconds, energyPerInferenceJoules, energyByComponentJoules
    case onChipEnergyPerInferenceJoules, ioEnergyPerInferenceJoules, ioComponent, weightsResident, weightLoadJoules, peakPowerWatts
    case areaSquareMillimetres, technologyNodeMetres, clockHz, batchSize
}
