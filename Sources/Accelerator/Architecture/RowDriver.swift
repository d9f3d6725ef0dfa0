/// What drives an array's rows with the input slices (`rowDriver`): the component that prices
/// ``Action/dacConversion``.
public enum RowDriver: String, Sendable, Hashable, CaseIterable, Codable {
    /// A DAC per row, its energy from ISAAC's 1-bit DAC, (2^d − 1) of them for d bits (`row-dac`).
    case dac
    /// PRIME's wordline driver with multi-level voltage (`wordline-driver`): the row's wire charged
    /// to one of 2^d voltage levels, priced from the wire's capacitance.
    case multiLevelWordlineDriver
}
