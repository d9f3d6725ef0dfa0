/// What holds each sensed column at its read potential and turns its current into a voltage
/// before the sample-and-hold or multiplexer (architecture key `columnSensing`), priced by
/// `column-sensing` (``ColumnSensingModel``).
public enum ColumnSensing: String, Sendable, Hashable, CaseIterable, Codable {
    /// No amplifier: the sample-and-hold samples the bitline directly (ISAAC, Shafiee et al.,
    /// ISCA 2016, Table I lists none).
    case none
    /// A transimpedance amplifier per sensed column: an op-amp with a feedback resistor keeps the
    /// column at virtual ground for the read and outputs V = I·R_f.
    case transimpedanceAmplifier
    /// A charge integrator per sensed column: an op-amp with a feedback capacitor C_int
    /// integrates the column current over the read (the readout of NeuRRAM, Wan et al., Nature
    /// 2022, Extended Data Fig. 4: sampling, integration onto C_integ, comparison).
    case integrator
}
