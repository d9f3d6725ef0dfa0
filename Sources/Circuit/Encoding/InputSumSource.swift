/// Where the offset scheme's input sum Σx comes from. The offset scheme stores w + 2^(W−1) and
/// removes the bias digitally as 2^(W−1)·Σx (``WeightEncoding``), so an error in Σx enters every
/// output multiplied by the unit column's coefficient (up to 2^(W−1), ×128 at 8-bit weights:
/// more than the most significant cell). One architecture choice (`inputSumSource`); the
/// differential scheme has no unit column and ignores it.
public enum InputSumSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// A unit column (level 1 on every weight row) read through the array and its ADC like a
    /// data column, with the array's noise, IR drop and ADC errors: ISAAC's design (Shafiee et
    /// al., ISCA 2016, §V: "an extra column", 129 columns per array), the default.
    case analogUnitColumn
    /// The exact sum of the slice's DAC codes (for 1-bit DACs a popcount of the input slice),
    /// counted digitally next to the array: the unit column's cells stay in the layout but are
    /// neither sensed nor converted (one sample-and-hold and one ADC conversion less per slice,
    /// one `inputPopcount` more).
    case digitalPopcount
}
