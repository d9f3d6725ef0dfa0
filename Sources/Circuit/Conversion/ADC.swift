/// The functional model of a column ADC: resolution, input range, clipping, noise and
/// integral nonlinearity. Its energy, area and speed are the accelerator's cost models'
/// (`Accelerator/Cost`).
///
/// A sensed column value x (in units of one level step times one DAC code step) is converted
/// with the column's step LSB = fullScale / codeMax:
/// code = clamp(round(clamp(x/LSB + σ·z, lo, hi) + INL), lo, hi),
/// with lo…hi = 0…2^B − 1 for unsigned columns (offset scheme) and −(2^(B−1) − 1)…2^(B−1) − 1
/// for signed ones (differential pairs); z is a standard normal draw. The digital side reads
/// the code back as the integer round(code·LSB). When LSB ≤ 1 (the range holds every level sum
/// without merging two) an ideal array therefore reads exactly; with a coarser step each
/// conversion is off by at most LSB/2 + 1/2, and values beyond the range clip.
///
/// ``convert(_:step:signed:)`` is one conversion, the readout's scalar path; the readout's
/// vectorised kernel (`ReadoutKernel.convert`) computes the same values and is tested against it
/// bit for bit. Undoing the column flip and the offset is the shift-and-add's job (the data
/// columns' signed multipliers and the unit column's coefficients, ``WeightEncoding``).
public struct ADC: Sendable, Hashable {
    /// Resolution B, bits.
    public let resolutionBits: Int
    /// How the input range is chosen.
    public let rangePolicy: ADCRangePolicy
    /// Percentile (0, 100] of a column's calibration values its range is set to under
    /// ``ADCRangePolicy/calibrated`` (100: the largest value seen); unused under ``ADCRangePolicy/fixed``.
    public let rangePercentile: Double
    /// Standard deviation of Gaussian input-referred noise, in LSB.
    public let noiseStandardDeviationLSB: Double
    /// Peak integral nonlinearity, in LSB: a parabolic bow
    /// INL(x) = A·4p(1 − p), p = (x − lo)/(hi − lo), largest at mid-scale (0 at the ends).
    public let inlPeakLSB: Double

    /// An ADC; throws for B outside 1…16, a percentile outside (0, 100], negative noise, or
    /// |INL| above half the code range.
    public init(
        resolutionBits: Int, rangePolicy: ADCRangePolicy = .fixed, rangePercentile: Double = 100, noiseStandardDeviationLSB: Double = 0,
        inlPeakLSB: Double = 0
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
        self.resolutionBits = resolutionBits
        self.rangePolicy = rangePolicy
        self.rangePercentile = rangePercentile
        self.noiseStandardDeviationLSB = noiseStandardDeviationLSB
        self.inlPeakLSB = inlPeakLSB
    }

    /// Largest code magnitude: 2^B − 1 (unsigned) or 2^(B−1) − 1 (signed).
    public func maximumCode(signed: Bool) -> Int {
        signed ? (1 << (resolutionBits - 1)) - 1 : (1 << resolutionBits) - 1
    }

    /// One conversion of a column input of `x` LSB (the sensed levels × codeMax / fullScale,
    /// plus any noise in LSB) on a column whose step is `step` = fullScale / codeMax levels
    /// (`signed` for differential columns), in single precision as the readout:
    /// - **clipping**: the conversion clips when x lies more than half an LSB outside lo…hi;
    /// - **range and INL**: x is clamped to lo…hi, bowed by INL(x) = A·4p(1 − p) with
    ///   p = (x − lo)/(hi − lo), rounded to the nearest code (ties to even) and clamped again;
    /// - **reading back**: the digital side takes round(code·step), the nearest integer level sum.
    ///
    /// The readout's scalar path (an ADC with INL) converts through it; its vectorised path
    /// (INL-free) is tested against it bit for bit.
    public func convert(_ x: Float, step: Float, signed: Bool) -> (value: Float, clipped: Bool) {
        let highest = Float(maximumCode(signed: signed))
        let lowest = signed ? -highest : 0
        let clipped = x < lowest - 0.5 || x > highest + 0.5
        let inside = Swift.min(Swift.max(x, lowest), highest)
        let p = (inside - lowest) / (highest - lowest)
        let bowed = inside + Float(inlPeakLSB) * 4 * p * (1 - p)
        let code = Swift.min(Swift.max(bowed.rounded(.toNearestOrEven), lowest), highest)
        return ((code * step).rounded(.toNearestOrEven), clipped)
    }

    /// The fewest bits that convert every integer in 0…maximumValue (or ±maximumValue when
    /// `signed`) without merging two of them: ⌈log₂(max + 1)⌉, plus a sign bit.
    public static func losslessBits(maximumValue: Int, signed: Bool) -> Int {
        var bits = 0
        while (1 << bits) - 1 < maximumValue { bits += 1 }
        return max(1, bits) + (signed ? 1 : 0)
    }
}
