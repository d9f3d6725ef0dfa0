/// The state of one cell after it was written: what a read will start from.
public struct ProgrammedCell: Sendable, Equatable {
    /// Conductance right after programming (at the drift reference time), siemens. For a stuck
    /// cell, the stuck conductance.
    public var conductanceSiemens: Double
    /// The conductance the write aimed at, siemens (aihwkit's `g_target`, from which its drift
    /// coefficients and ReRAM relaxation are drawn).
    public var targetSiemens: Double
    /// A fault the cell has, if any.
    public var fault: CellFault
    /// Drift exponent ν of this cell (0 for devices that do not drift).
    public var driftExponent: Double
    /// Whether write-verify reached the tolerance before its pulse limit (for a device written
    /// with a single pulse and a verify read: whether the cell holds the requested state).
    public var verified: Bool
    /// What the write cost.
    public var cost: WriteCost
    /// Seconds after programming at which the cell spontaneously loses its state (a thermally
    /// activated STT-MRAM flip); `.infinity` for cells that keep it.
    public var retentionSeconds: Double

    /// A programmed cell; the target defaults to the achieved conductance.
    public init(
        conductanceSiemens: Double, targetSiemens: Double? = nil, fault: CellFault = .none, driftExponent: Double = 0, verified: Bool = true,
        cost: WriteCost = .zero, retentionSeconds: Double = .infinity
    ) {
        self.conductanceSiemens = conductanceSiemens
        self.targetSiemens = targetSiemens ?? conductanceSiemens
        self.fault = fault
        self.driftExponent = driftExponent
        self.verified = verified
        self.cost = cost
        self.retentionSeconds = retentionSeconds
    }
}
