import Circuit
import Network

/// The ledger of a run estimated from the mapping alone, without images: every component works
/// at full activity, the assumption under which ISAAC turns Table I's peak powers into energy
/// (power × time; Shafiee et al., ISCA 2016, §VI) and NeuroSim's estimates without a trace.
extension ChipLedger {
    /// The ledger of `images` inferences of `network` on `mapping` at full activity, at the
    /// precision of `mapping`'s architecture (its weight bits in the cells, its input bits
    /// streamed through the DACs and carried between layers; the network gives the structure),
    /// counted with the executor's own counting functions (`LayerLedger+Counting.swift`) and
    /// network-level actions (``init(network:mapping:matrixLedgers:images:activationBits:)``):
    /// - every input vector of a layer (``MatrixLayerShape/vectorsPerImage`` per image) enters
    ///   every IMA of each of its row blocks;
    /// - every slice of every vector is converted on every array (no zero-slice skipping), and
    ///   the row DAC of every weight row switches on every slice (every code non-zero);
    /// - the arrays' read energy is `cellReadJoules` per cell read, every cell of a driven row at
    ///   full-scale drive (``CellArrayModel``'s nominal cell read: a mid-level cell, or ISAAC's
    ///   Table I crossbar power per cell).
    ///
    /// Data-dependent savings (zero slices, zero codes, low conductances) are what a run with
    /// images measures instead; this is the upper bound a peak-power model gives.
    public init(fullActivityOf network: QuantizedNetwork, mapping: Mapping, images: Int, cellReadJoules: Double) throws {
        let spec = mapping.architecture
        let encoding = try spec.weightEncoding
        var ledgers: [LayerLedger] = []
        let slicing = try InputSlicing(inputBits: spec.inputBits, isSigned: false, bitsPerSlice: spec.dacBits)
        for layer in mapping.layers {
            let shape = layer.shape
            let vectors = shape.vectorsPerImage * images
            let slices = slicing.slices.count * vectors
            var ledger = LayerLedger(name: shape.name, isMatrixLayer: true)
            ledger.vectors = vectors
            ledger.networkMultiplyAccumulates = vectors * shape.weights
            for (r, rows) in layer.rowBlocks.enumerated() {
                let arrays = layer.arrays.filter { $0.rowBlock == r }
                ledger.addBlockInputs(vectors: vectors, rows: rows.count, inputBits: slicing.inputBits, imas: Set(arrays.map(\.ima)).count)
                for array in arrays {
                    ledger.addConvertedSlices(
                        slices, weightRows: rows.count, outputs: array.outputs.count, encoding: encoding, arrayColumns: spec.arrayColumns,
                        bitsPerSlice: slicing.bitsPerSlice, inputSum: spec.inputSumSource)
                }
                ledger.actions.add(.dacConversion, slices * rows.count * arrays.count)
            }
            ledger.arrayReadEnergyJoules = Double(ledger.actions[.cellRead]) * cellReadJoules
            ledger.addChipActions(vectors: vectors, outputs: shape.outputSize, rowBlocks: layer.rowBlocks.count, outputBits: spec.imaOutputBits)
            ledgers.append(ledger)
        }
        self.init(network: network, mapping: mapping, matrixLedgers: ledgers, images: images, activationBits: spec.inputBits)
    }
}
