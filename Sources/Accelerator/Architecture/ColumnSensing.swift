/// What holds each sensed column at its read potential and turns its current into a signal
/// for the sample-and-hold or multiplexer (architecture key `columnSensing`), priced by
/// `column-sensing` (``ColumnSensingModel``).
public enum ColumnSensing: String, Sendable, Hashable, CaseIterable, Codable {
    /// No separate stage: the sample-and-hold or the sense amplifier takes the bitline
    /// directly (ISAAC, whose Table I lists none, so whatever senses its bitline is inside its
    /// sample-and-hold row; PRIME's and NeuroSim's current-mode sense amplifiers).
    case none
    /// A charge integrator per sensed column: the column current integrated onto a capacitor
    /// over the read, priced as the CMOS read circuit of NeuroSim (MLP_NeuroSim V3.0
    /// `ReadCircuit.cpp`, an integrate-and-fire neuron per column).
    case integrator
}
