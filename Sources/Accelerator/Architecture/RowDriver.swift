/// What drives an array's rows with the input slices (architecture key `rowDriver`): the
/// component that prices ``Action/dacConversion``.
public enum RowDriver: String, Sendable, Hashable, CaseIterable, Codable {
    /// One d-bit DAC per row (ISAAC, Shafiee et al., ISCA 2016, Table I: 8×128 1-bit DACs per
    /// IMA), its energy from ISAAC's 1-bit DAC, (2^d − 1) of them for d bits (`row-dac`).
    case dac
    /// PRIME's wordline driver with multi-level voltage (`wordline-driver`): the row's wire charged
    /// to one of 2^d voltage levels, priced from the wire's capacitance.
    case multiLevelWordlineDriver
    /// A word-line switch matrix: per row, transmission gates that connect the row to the read
    /// voltage when the slice's bit is 1 and the access transistor's gate to its select voltage
    /// (DNN+NeuroSim V1.3 `NewSwitchMatrix`, used for 1-bit inputs in parallel read), priced by
    /// `wordline-switch-matrix`; only for 1-bit slices.
    case switchMatrix
}
