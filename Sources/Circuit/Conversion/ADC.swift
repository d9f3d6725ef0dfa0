/// The functional model of a column ADC: resolution, input range, clipping, noise, gain and
/// offset errors, integral and differential nonlinearity. Its energy, area and speed are the
/// accelerator's cost models' (`Accelerator/Cost`).
///
/// A sensed column value x (in units of one level step times one DAC code step) is converted
/// with the column's step LSB = fullScale / codeMax. With z a standard normal draw per
/// conversion, ε_c and o_c the column's static gain error and offset (``ADCColumnErrors``), A the
/// peak INL and Q the quantizer (rounding to the nearest code, or the column's displaced
/// transitions under DNL, ``ADCDifferentialNonlinearity``):
/// u = (1 + ε_c)·(x/LSB + σ·z) + o_c,
/// code = clamp(Q(clamp(u, lo, hi) + A·4p(1 − p)), lo, hi), p = (clamp(u, lo, hi) − lo)/(hi − lo),
/// with lo…hi = 0…2^B − 1 for unsigned columns (offset scheme) and −(2^(B−1) − 1)…2^(B−1) − 1
/// for signed ones (differential pairs). The digital side reads the code back as the integer
/// round(code·LSB). When LSB ≤ 1 (the range holds every level sum without merging two) an ideal
/// array therefore reads exactly; with a coarser step each conversion is off by at most
/// LSB/2 + 1/2, and values beyond the range clip.
///
/// Error definitions after Kester, "MT-010: The Importance of Data Converter Static
/// Specifications" (Analog Devices tutorial, 2009): offset error (the whole transfer curve
/// shifted), gain error (its slope off, as a fraction of the ideal slope), INL (the deviation of
/// the transfer curve from the straight line, here a bow largest at mid-scale) and DNL (each
/// code's width off 1 LSB, −1 LSB being a missing code); the input-referred noise σ is the rms
/// code noise of a constant input, in LSB (Kester, "MT-004: ADC Input Noise", 2009).
///
/// ``convert(_:step:signed:column:errors:)`` is one conversion, the scalar reference; the
/// readout's vectorised kernel (`ReadoutKernel.convert`) computes the same values and is tested
/// against it bit for bit. Undoing the column flip and the offset is the shift-and-add's job (the
/// data columns' signed multipliers and the unit column's coefficients, ``WeightEncoding``).
public struct ADC: Sendable, Hashable {
    /// Resolution B, bits.
    public let resolutionBits: Int
    /// How the input range is chosen.
    public let rangePolicy: ADCRangePolicy
    /// Percentile (0, 100] of a column's calibration values its range is set to under
    /// ``ADCRangePolicy/calibrated`` (100: the largest value seen); unused under ``ADCRangePolicy/fixed``.
    public let rangePercentile: Double
    /// Standard deviation of Gaussian input-referred noise, in LSB, drawn per conversion.
    public let noiseStandardDeviationLSB: Double
    /// Peak integral nonlinearity, in LSB: a parabolic bow
    /// INL(x) = A·4p(1 − p), p = (x − lo)/(hi − lo), largest at mid-scale (0 at the ends).
    public let inlPeakLSB: Double
    /// Standard deviation of the static displacement of each code transition, in LSB
    /// (``ADCDifferentialNonlinearity``), drawn once per column.
    public let dnlSigmaLSB: Double
    /// Standard deviation of each column converter's static offset o_c, in LSB (``ADCColumnErrors``).
    public let offsetSigmaLSB: Double
    /// Standard deviation of each column converter's static relative gain error ε_c (``ADCColumnErrors``).
    public let gainErrorSigmaRelative: Double

    /// An ADC; throws for B outside 1…16, a percentile outside (0, 100], negative noise, |INL|
    /// or an offset σ above half the code range, a DNL σ outside 0…1 LSB or a gain-error σ
    /// outside 0…0.1.
    public init(
        resolutionBits: Int, rangePolicy: ADCRangePolicy = .fixed, rangePercentile: Double = 100, noiseStandardDeviationLSB: Double = 0,
        inlPeakLSB: Double = 0, dnlSigmaLSB: Double = 0, offsetSigmaLSB: Double = 0, gainErrorSigmaRelative: Double = 0
    ) throws {
        try CircuitError.require(resolutionBits, in: 1...16, owner: "ADC", field: "resolutionBits")
        guard rangePercentile > 0 && rangePercentile <= 100 else {
            throw CircuitError.invalidParameter(owner: "ADC", field: "rangePercentile", value: "\(rangePercentile)", allowed: "a percentile in (0, 100]")
        }
        try CircuitError.requireFinite(noiseStandardDeviationLSB, atLeast: 0, owner: "ADC", field: "noiseStandardDeviationLSB")
        let halfRange = Double(1 << (resolutionBits - 1))
        guard inlPeakLSB.isFinite, abs(inlPeakLSB) <= halfRange else {
            throw CircuitError.invalidParameter(
                owner: "ADC", field: "inlPeakLSB", value: "\(inlPeakLSB)", allowed: "-\(halfRange)...\(halfRange) LSB")
        }
        try CircuitError.require(dnlSigmaLSB, in: 0...1, owner: "ADC", field: "dnlSigmaLSB")
        try CircuitError.require(offsetSigmaLSB, in: 0...halfRange, owner: "ADC", field: "offsetSigmaLSB")
        try CircuitError.require(gainErrorSigmaRelative, in: 0...0.1, owner: "ADC", field: "gainErrorSigmaRelative")
        self.resolutionBits = resolutionBits
        self.rangePolicy = rangePolicy
        self.rangePercentile = rangePercentile
        self.noiseStandardDeviationLSB = noiseStandardDeviationLSB
        self.inlPeakLSB = inlPeakLSB
        self.dnlSigmaLSB = dnlSigmaLSB
        self.offsetSigmaLSB = offsetSigmaLSB
        self.gainErrorSigmaRelative = gainErrorSigmaRelative
    }

    /// Largest code magnitude: 2^B − 1 (unsigned) or 2^(B−1) − 1 (signed).
    public func maximumCode(signed: Bool) -> Int {
        signed ? (1 << (resolutionBits - 1)) - 1 : (1 << resolutionBits) - 1
    }

    /// One conversion of a column input of `x` LSB (the sensed levels × codeMax / fullScale,
    /// plus any noise in LSB) on column `column` whose step is `step` = fullScale / codeMax
    /// levels (`signed` for differential columns), with that column's static `errors` if any,
    /// in single precision as the readout:
    /// - **gain and offset**: u = x·(1 + ε_c) + o_c (two roundings, no fused multiply-add);
    /// - **clipping**: the conversion clips when u lies more than half an LSB outside lo…hi;
    /// - **range and INL**: u is clamped to lo…hi and bowed by INL(u) = A·4p(1 − p) with
    ///   p = (u − lo)/(hi − lo);
    /// - **quantizing**: rounded to the nearest code (ties to even), or placed between the
    ///   column's displaced transitions under DNL, and clamped again;
    /// - **reading back**: the digital side takes round(code·step), the nearest integer level sum.
    ///
    /// The reference for the readout's vectorised kernel, which is tested against it bit for bit.
    public func convert(_ x: Float, step: Float, signed: Bool, column: Int = 0, errors: ADCColumnErrors? = nil) -> (value: Float, clipped: Bool) {
        guard let errors else { return convert(x, step: step, signed: signed, gain: 1, offset: 0, transitions: nil) }
        guard let dnl = errors.nonlinearity else {
            return convert(x, step: step, signed: signed, gain: errors.gain[column], offset: errors.offsetLSB[column], transitions: nil)
        }
        return dnl.thresholds.withUnsafeBufferPointer { thresholds in
            convert(
                x, step: step, signed: signed, gain: errors.gain[column], offset: errors.offsetLSB[column],
                transitions: thresholds.baseAddress! + column * dnl.transitions)
        }
    }

    /// ``convert(_:step:signed:column:errors:)`` with the column's errors given as they are
    /// stored: gain 1 + ε_c, offset o_c (LSB) and its DNL transitions t_k (k = lo + 1 … hi at
    /// `transitions[k − lo − 1]`, ``ADCDifferentialNonlinearity``) or `nil` (rounding).
    private func convert(_ x: Float, step: Float, signed: Bool, gain: Float, offset: Float, transitions: UnsafePointer<Float>?) -> (value: Float, clipped: Bool) {
        let highest = Float(maximumCode(signed: signed))
        let lowest = signed ? -highest : 0
        let u = x * gain + offset
        let clipped = u < lowest - 0.5 || u > highest + 0.5
        let inside = Swift.min(Swift.max(u, lowest), highest)
        let p = (inside - lowest) / (highest - lowest)
        let bowed = inside + Float(inlPeakLSB) * 4 * p * (1 - p)
        let quantized = transitions.map { ADCDifferentialNonlinearity.code(of: bowed, transitions: $0, lowest: Int(lowest), highest: Int(highest)) }
            ?? bowed.rounded(.toNearestOrEven)
        let code = Swift.min(Swift.max(quantized, lowest), highest)
        return ((code * step).rounded(.toNearestOrEven), clipped)
    }

    /// Whether a column of a core converts an analog 0 to code 0 on every conversion: no noise,
    /// and the noise-free conversion of 0 is code 0 on every column (`columns` of them, with
    /// their `errors`). Only then can an all-zero input slice be left unconverted without
    /// changing a result.
    public func convertsZeroExactly(columns: Int, signed: Bool, errors: ADCColumnErrors?) -> Bool {
        noiseStandardDeviationLSB == 0 && (0..<columns).allSatisfy { convert(0, step: 1, signed: signed, column: $0, errors: errors).value == 0 }
    }

    /// The fewest bits that convert every integer in 0…maximumValue (or ±maximumValue when
    /// `signed`) without merging two of them: ⌈log₂(max + 1)⌉, plus a sign bit.
    public static func losslessBits(maximumValue: Int, signed: Bool) -> Int {
        var bits = 0
        while (1 << bits) - 1 < maximumValue { bits += 1 }
        return max(1, bits) + (signed ? 1 : 0)
    }
}
