import Circuit
import Device
import Network
import Numerics

/// The energy and area of a run, priced from its ledger by the chip's ``ChipCostModel``, with
/// the same network's energy on the digital baseline accelerator.
///
/// Energy per inference = (Σ over layers of action counts × energy per action, the arrays at
/// their physical read energy Σ Vᵀ·Y·V·t, + the static power of the powered tiles × the run's
/// time) / images; the run's time is the pipelined ``PerformanceEstimate/runSeconds(images:)``.
/// Tiles the mapping leaves unused are taken as power-gated. Area is the whole chip's, from
/// the roll-up (what a user would buy), with the occupied tiles' share beside it.
///
/// On-chip and I/O energy are separated on both sides of the comparison: the chip's I/O is the
/// component that prices off-chip bits (ISAAC's HyperTransport links: the input image in, the
/// output out, at Table I's peak power ÷ bandwidth, and the links' leakage), the baseline's is
/// its ``DigitalBaselineEstimate/ioComponent`` (DRAM for the MAC array and Eyeriss,
/// HyperTransport priced as ISAAC's for DaDianNao). NeuroSim-class estimates exclude DRAM and I/O, so they compare with the
/// on-chip figures; ISAAC's Table IV includes HyperTransport, so it compares with the figures
/// with I/O.
public struct RunCost: Sendable {
    /// Energy of the run by layer and component.
    public let energy: InferenceEnergy
    /// Counts, power and area of the chip.
    public let rollUp: ChipRollUp
    /// The same quantized network on the digital baseline the configuration picks.
    public let digital: any DigitalBaselineEstimate
    /// Tiles powered during the run.
    public let poweredTiles: Int
    /// The chip component that prices off-chip bits (``Action/offChipBitTransfer``; ISAAC's
    /// `offChipLink`), if the architecture has one: the chip's I/O.
    public let ioComponent: ChipComponent?

    /// Whether the energy has a share for the component that prices off-chip bits.
    public var includesOffChipTraffic: Bool { ioComponent.map { energy.perInferenceByComponentJoules[$0] != nil } ?? false }
    /// Energy per inference of the chip's I/O (the ``ioComponent``, dynamic + static), joules.
    public var ioEnergyPerInferenceJoules: Double { ioComponent.flatMap { energy.perInferenceByComponentJoules[$0] } ?? 0 }
    /// Energy per inference of everything on the chip but its I/O, dynamic + static, joules.
    public var onChipEnergyPerInferenceJoules: Double {
        energy.perInferenceByComponentJoules.filter { $0.key != ioComponent }.sumInKeyOrder
    }

    /// Σ energy per inference, joules.
    public var energyPerInferenceJoules: Double { energy.perInferenceJoules }
    /// Energy per inference by kind of component (the component table's categories: `dac`,
    /// `array`, `adc`, `sampleAndHold`, `shiftAdd`, `buffers`, `interconnect`, `digital`, and
    /// NeuroSim's `columnMux`, `rowDriver`, `accumulation` where the chip has them), dynamic +
    /// static, joules.
    public var energyByComponentJoules: [String: Double] { energy.perInferenceByCategoryJoules }
    /// Energy per inference by chip component (`tileBuffer`, `router`, `offChipLink`…), joules.
    public var energyByChipComponentJoules: [String: Double] {
        Dictionary(uniqueKeysWithValues: energy.perInferenceByComponentJoules.map { ($0.key.name, $0.value) })
    }
    /// Dynamic energy per inference by step of the network, in order, joules.
    public var energyByLayerJoules: [(name: String, joules: Double)] {
        energy.layers.map { ($0.name, $0.totalJoules / Double(energy.images)) }
    }
    /// Static (leakage) energy per inference, joules.
    public var staticEnergyPerInferenceJoules: Double { energy.totalStaticJoules / Double(energy.images) }
    /// Area of the chip, square metres.
    public var areaSquareMetres: Double { rollUp.chipAreaSquareMetres }
    /// Area of the tiles the run powers, square metres.
    public var poweredAreaSquareMetres: Double { Double(poweredTiles) * rollUp.tileAreaSquareMetres }
    /// Energy per inference of the digital baseline, joules.
    public var digitalEnergyPerInferenceJoules: Double { digital.energyPerInferenceJoules }
    /// Analog energy per inference / digital energy per inference, both with I/O (the chip's
    /// off-chip links against the baseline's DRAM).
    public var analogToDigitalEnergyRatio: Double { energyPerInferenceJoules / digitalEnergyPerInferenceJoules }
    /// Analog on-chip energy per inference / the baseline's energy without DRAM.
    public var onChipAnalogToDigitalEnergyRatio: Double { onChipEnergyPerInferenceJoules / digital.onChipEnergyPerInferenceJoules }

    /// Prices `ledger`, a run of `network` on `mapping`'s chip with `device` that took
    /// `performance`'s time, against the digital baseline `baseline` with `batchSize` images
    /// per weight fetch.
    public static func price(
        _ ledger: ChipLedger, mapping: Mapping, device: any MemoryDevice, network: QuantizedNetwork, performance: PerformanceEstimate,
        baseline: DigitalBaselineKind, batchSize: Int
    ) throws -> RunCost {
        let model = try ChipCostModel(architecture: mapping.architecture, device: device)
        let poweredTiles = min(mapping.architecture.tilesPerChip, mapping.replicatedTiles)
        let energy = try model.price(
            ledger.steps, images: ledger.images, runSeconds: performance.runSeconds(images: ledger.images), poweredTiles: poweredTiles)
        let digital = try baseline.estimate(
            NetworkWorkload(network), matching: model.architecture, leakageFraction: model.leakageFraction, batchSize: batchSize)
        return RunCost(
            energy: energy, rollUp: model.rollUp(), digital: digital, poweredTiles: poweredTiles,
            ioComponent: model.component(pricing: .offChipBitTransfer))
    }
}
