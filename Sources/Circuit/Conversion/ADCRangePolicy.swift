/// How an ADC's input range (full scale) is chosen for the columns it converts.
public enum ADCRangePolicy: Sendable, Hashable {
    /// One range for the whole array: the largest current any sensed column can carry, from all
    /// rows at the largest DAC code on cells at their largest level (halved by the column
    /// flip). Never clips an ideal array; wastes resolution on sparse data.
    case fixed
    /// Each column's range is the largest |current| it carries over a calibration batch.
    case calibratedPerColumn
    /// Each column's range is the given percentile (in (0, 100]) of the |current| it carries
    /// over a calibration batch; larger currents clip.
    case percentile(Double)

    /// Whether the policy needs a calibration batch.
    public var needsCalibration: Bool {
        if case .fixed = self { return false }
        return true
    }
}

extension ADCRangePolicy: CustomStringConvertible {
    public var description: String {
        switch self {
        case .fixed: "fixed"
        case .calibratedPerColumn: "calibratedPerColumn"
        case .percentile(let p): "percentile(\(p))"
        }
    }
}

extension ADCRangePolicy: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
