/// How an ADC's input range (full scale) is chosen for the columns it converts. The one range
/// enum of Crossbar: architecture files (`adcRangePolicy`), run configurations
/// (`adc.rangePolicy`) and the circuit use it.
public enum ADCRangePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// One range for the whole array: the largest current any sensed column can carry, from all
    /// rows at the largest DAC code on cells at their largest level (halved by the column
    /// flip). Never clips an ideal array; wastes resolution on sparse data.
    case fixed
    /// Each column's range is the ``ADC/rangePercentile`` of the |current| it carries over a
    /// calibration batch (100: the largest); larger currents clip.
    case calibrated

    /// Whether the policy needs a calibration batch.
    public var needsCalibration: Bool { self == .calibrated }
}
