import Numerics

/// The static errors of one core's column converters, drawn once per chip: each sensed column's
/// offset o_c and gain error ε_c, and its code transitions under DNL (``ADCDifferentialNonlinearity``).
///
/// A column converter maps its input u₀ (LSB) to u = (1 + ε_c)·u₀ + o_c before quantizing
/// (``ADC/convert(_:step:signed:column:errors:)``): the offset error shifts the whole transfer
/// curve and the gain error tilts it about zero, as Kester defines them ("MT-010: The
/// Importance of Data Converter Static Specifications", Analog Devices, 2009). Both are
/// Gaussian across columns, o_c ~ N(0, σ_o²) LSB and ε_c ~ N(0, σ_ε²), and fixed for the chip's
/// life; the gain also scales the noise riding on the input (read and ADC noise alike, a
/// relative change of ε_c ≈ 1 %). A column whose input is 0 therefore reads code round(o_c)
/// (clamped to the code range), not 0.
///
/// Each sensed column is given its own converter (the unit column of the offset scheme too).
/// ISAAC time-multiplexes one ADC over an array's 128 columns, whose offset and gain would
/// then be shared; drawing them per column is the pessimistic, column-parallel case (as in
/// PRIME's per-column sense amplifiers). Magnitudes are run settings, 0 by default (the ideal
/// ADC), to be set from the converter's datasheet or measurements: untrimmed converters specify
/// offset and gain errors of the order of a few LSB (assumption, no survey figure is used).
///
/// The draws come from the core's own stream (`(seed, "layer<l>/array<a>/adc")`): offsets from
/// its child `offset`, gain errors from `gain`, transitions from `dnl`, each one normal per
/// column (per transition) in column order, so that changing one σ leaves the others' draws
/// alone and results depend neither on thread count nor on batching.
public struct ADCColumnErrors: Sendable, Equatable {
    /// Offset o_c of each sensed column's converter, LSB.
    public let offsetLSB: [Float]
    /// Gain 1 + ε_c of each sensed column's converter.
    public let gain: [Float]
    /// The columns' displaced code transitions, or `nil` without DNL.
    public let nonlinearity: ADCDifferentialNonlinearity?

    /// The static errors of `columns` sensed columns converted by `adc` (`signed` for
    /// differential columns), drawn from `stream`; `nil` when the ADC has none (σ_o = σ_ε = σ_DNL = 0).
    public init?(adc: ADC, columns: Int, signed: Bool, stream: RandomStream) {
        guard adc.offsetSigmaLSB > 0 || adc.gainErrorSigmaRelative > 0 || adc.dnlSigmaLSB > 0 else { return nil }
        var offsets = stream.child("offset")
        var gains = stream.child("gain")
        offsetLSB = (0..<columns).map { _ in Float(offsets.nextNormal(standardDeviation: adc.offsetSigmaLSB)) }
        gain = (0..<columns).map { _ in Float(1 + gains.nextNormal(standardDeviation: adc.gainErrorSigmaRelative)) }
        nonlinearity = adc.dnlSigmaLSB > 0
            ? ADCDifferentialNonlinearity(
                sigmaLSB: adc.dnlSigmaLSB, columns: columns, highestCode: adc.maximumCode(signed: signed), signed: signed,
                stream: stream.child("dnl"))
            : nil
    }

    /// Sensed columns described.
    public var columns: Int { offsetLSB.count }
}
