/// The read noise of one cell at one read time, split by how often it is drawn.
///
/// - ``frozenSigmaSiemens``: drawn once per cell and read time and identical for every read at
///   that time (every input slice, every image): PCM's accumulated 1/f noise, which aihwkit's
///   `PCMLikeNoiseModel.apply_drift_noise_to_conductance` draws once per `drift_weights(t)`, and
///   ReRAM's relaxation spread after programming (aihwkit's `ReRamWan2022NoiseModel` draws it
///   anew at each inference time). A circuit keys this draw by (seed, cell, read time), so reads
///   at one time share it and reads at different times are independent.
/// - ``perConversionSigmaSiemens``: drawn afresh for every read (thermal and shot noise of the
///   sensing path; aihwkit's forward `w_noise`).
///
/// Both are standard deviations of a Gaussian added to the conductance, siemens; the device's
/// ``MemoryDevice/read(_:atSeconds:frozenDeviate:perConversionDeviate:)`` combines them.
public struct ReadNoise: Sendable, Equatable {
    /// σ drawn once per cell and read time, siemens.
    public var frozenSigmaSiemens: Double
    /// σ drawn at every read, siemens.
    public var perConversionSigmaSiemens: Double

    /// A read-noise split.
    public init(frozenSigmaSiemens: Double, perConversionSigmaSiemens: Double) {
        self.frozenSigmaSiemens = frozenSigmaSiemens
        self.perConversionSigmaSiemens = perConversionSigmaSiemens
    }

    /// No read noise.
    public static let zero = ReadNoise(frozenSigmaSiemens: 0, perConversionSigmaSiemens: 0)

    /// σ of one read when both parts are drawn independently, √(σ_frozen² + σ_conversion²), siemens.
    public var totalSigmaSiemens: Double {
        (frozenSigmaSiemens * frozenSigmaSiemens + perConversionSigmaSiemens * perConversionSigmaSiemens).squareRoot()
    }
}
