import Numerics

/// The outcome of a batch of analog matrix-vector multiplies on one array.
public struct MVMResult: Sendable {
    /// Integer dot products, vectors × outputs: Σ_i x_i·w_io as recombined from the ADC codes.
    public var outputs: Matrix<Int64>
    /// Physical energy of the array reads, joules: for resistive cells Σ over converted slices of
    /// Vᵀ·Y·V·t drawn from the row drivers (``ArrayReadPower``: every cell's and wire segment's
    /// dissipation); for SRAM cells Σ over converted slices and read bitlines of C·V_pre·ΔV plus
    /// the leakage of the bitline's cells (``BitlineReadout/energyJoules(levelSum:bitlineReads:)``).
    public var arrayReadEnergyJoules: Double
    /// Input slices converted (all-zero slices are not, when the core skips them): what the
    /// accelerator's ledger counts the periphery's actions from.
    public var convertedSlices: Int
    /// Conversions whose input fell outside the ADC range by more than half an LSB.
    public var clippedConversions: Int
}
