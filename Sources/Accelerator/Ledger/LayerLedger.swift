import Circuit
import Numerics

/// What one step of the network did on the chip over a run, counted from the data: the row of
/// the cost ledger that a cost model prices (actions × energy per action, plus the arrays'
/// physical read energy) and the facts latency needs.
public struct LayerLedger: Sendable, Equatable {
    /// Step name (`conv1`, `pool1`…).
    public let name: String
    /// Whether the step is a Conv2D/Dense layer run on arrays.
    public let isMatrixLayer: Bool
    /// Actions over the run: Circuit's array actions and the chip actions of `Action+Chip.swift`.
    public var actions = ActionCounts()
    /// Physical energy of every array read over the run, joules: the energy the row drivers
    /// delivered, Σ Vᵀ·Y·V·t (cells and wires; ``ArrayReadPower``), or for SRAM arrays Σ C·V_pre·ΔV
    /// plus leakage over the read bitlines (`MVMResult.arrayReadEnergyJoules`).
    public var arrayReadEnergyJoules = 0.0
    /// Input vectors (matrix-vector products) over the run.
    public var vectors = 0
    /// Input slices converted, summed over the layer's arrays.
    public var convertedSlices = 0
    /// Conversions that clipped.
    public var clippedConversions = 0
    /// Slice-level multiply-accumulates of the arrays: Σ over converted slices of weight rows ×
    /// sensed columns (the analog MVM work).
    public var sliceMultiplyAccumulates = 0
    /// Multiply-accumulates the simulator computed in GEMMs (all-zero vectors are not computed;
    /// read-noise variances double the work).
    public var computedMultiplyAccumulates = 0
    /// Multiply-accumulates of the network's arithmetic, K/G·N per vector (``MatrixLayerShape/weights``).
    public var networkMultiplyAccumulates = 0

    /// An empty ledger for step `name`.
    public init(name: String, isMatrixLayer: Bool) {
        self.name = name
        self.isMatrixLayer = isMatrixLayer
    }

    /// The ledgers of a run's matrix layers: each batch's ledgers (one per matrix layer, as the
    /// forward pass returns them) added in batch order.
    public static func totals(_ batches: [[LayerLedger]]) -> [LayerLedger] {
        guard let first = batches.first else { return [] }
        var totals = first.map { LayerLedger(name: $0.name, isMatrixLayer: $0.isMatrixLayer) }
        for batch in batches {
            for (l, ledger) in batch.enumerated() { totals[l] += ledger }
        }
        return totals
    }

    /// Adds another ledger of the same step.
    public static func += (a: inout LayerLedger, b: LayerLedger) {
        a.actions += b.actions
        a.arrayReadEnergyJoules += b.arrayReadEnergyJoules
        a.vectors += b.vectors
        a.convertedSlices += b.convertedSlices
        a.clippedConversions += b.clippedConversions
        a.sliceMultiplyAccumulates += b.sliceMultiplyAccumulates
        a.computedMultiplyAccumulates += b.computedMultiplyAccumulates
        a.networkMultiplyAccumulates += b.networkMultiplyAccumulates
    }
}
