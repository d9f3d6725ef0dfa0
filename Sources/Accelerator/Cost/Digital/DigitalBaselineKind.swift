/// Which digital accelerator a run compares the analog chip with (run configuration key
/// `baseline.kind`, CLI `--baseline`), each at the analog chip's node:
/// - `macArray` (default): a 16 × 16 weight-stationary MAC array with a line buffer, SRAMs
///   sized to the network, DRAM off chip (``DigitalBaseline``); the simplest digital design
///   that does what the analog chip does, at its clock;
/// - `dadiannao`: DaDianNao, ISAAC's own comparison, eDRAM next to the NFUs and
///   HyperTransport as I/O like the ISAAC chip (``DaDianNaoBaseline``);
/// - `eyeriss`: an Eyeriss-style row-stationary array with Sze et al.'s energy per access by
///   level, DRAM off chip (``EyerissBaseline``), at the analog chip's clock.
public enum DigitalBaselineKind: String, Sendable, Hashable, CaseIterable, Codable {
    case macArray, dadiannao, eyeriss

    /// The baseline of `workload` for a chip organised as `architecture` (its node and clock),
    /// with leakage fraction λ and a batch of `batchSize` images sharing each weight fetch.
    public func estimate(
        _ workload: NetworkWorkload, matching architecture: ArchitectureSpec, leakageFraction: Double, batchSize: Int
    ) throws -> any DigitalBaselineEstimate {
        switch self {
        case .macArray:
            return try DigitalBaseline(
                workload: workload,
                accelerator: DigitalAccelerator(matching: architecture, workload: workload, leakageFraction: leakageFraction, batchSize: batchSize))
        case .dadiannao:
            return try DaDianNaoBaseline(
                workload: workload, technologyNodeMetres: architecture.technologyNodeMetres, leakageFraction: leakageFraction, batchSize: batchSize)
        case .eyeriss:
            return try EyerissBaseline(
                workload: workload, technologyNodeMetres: architecture.technologyNodeMetres, clockHz: architecture.clockHz,
                leakageFraction: leakageFraction, batchSize: batchSize)
        }
    }
}
