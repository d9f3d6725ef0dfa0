/// How a network is quantized: bit widths and the calibration of activation scales.
public struct QuantizationSettings: Sendable, Equatable {
    /// How the range of an activation tensor is estimated from calibration images.
    public enum Calibration: Sendable, Equatable {
        /// The largest |x| seen.
        case maximum
        /// The given percentile (in (0, 100]) of |x| over all elements seen.
        case percentile(Double)
    }

    /// Bits of every weight, symmetric per output channel: integers in ±(2^(bits−1) − 1). 2…16.
    public var weightBits: Int
    /// Bits of every activation tensor (the inputs of every layer, the CLI's `--input-bits`):
    /// 0…2^bits − 1 when unsigned (after ReLU or for non-negative images), ±(2^(bits−1) − 1)
    /// when signed. 2…15, so that unsigned values fit `Int16`.
    public var activationBits: Int
    /// The range estimate of activation scales.
    public var calibration: Calibration

    /// Allowed ``weightBits``.
    public static let weightBitRange = 2...16
    /// Allowed ``activationBits``.
    public static let activationBitRange = 2...15

    /// Settings; throws ``QuantizationError`` outside the allowed ranges.
    public init(weightBits: Int = 8, activationBits: Int = 8, calibration: Calibration = .maximum) throws {
        guard Self.weightBitRange.contains(weightBits) else {
            throw QuantizationError.invalidSetting(field: "weightBits", value: "\(weightBits)", allowed: "2…16")
        }
        guard Self.activationBitRange.contains(activationBits) else {
            throw QuantizationError.invalidSetting(field: "activationBits", value: "\(activationBits)", allowed: "2…15")
        }
        if case .percentile(let p) = calibration, !(p > 0 && p <= 100) {
            throw QuantizationError.invalidSetting(field: "calibration percentile", value: "\(p)", allowed: "(0, 100]")
        }
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.calibration = calibration
    }
}
