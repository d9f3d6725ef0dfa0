/// How the sensed columns of an array reach their shared ADC (architecture key `columnReadout`).
public enum ColumnReadout: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every column's value is captured in a sample-and-hold and the ADC converts the held values
    /// in turn (ISAAC, Shafiee et al., ISCA 2016, Table I: 8×128 S+H per IMA), priced by
    /// `sample-and-hold`.
    case sampleAndHold
    /// A `columnsPerADC`:1 analog multiplexer of transmission gates connects one column at a time
    /// to the ADC (DNN+NeuroSim V1.3 `Mux`, `numColMuxed = 8`), priced by `column-mux`.
    case multiplexer
}
