/// The ADC ranges of a programmed chip under the calibrated range policy
/// (``Circuit/ADCRangePolicy/calibrated``): each array's full scale per sensed column, fitted
/// once on the chip as read right after programming (``ChipReadout/calibrate(chip:inputs:settings:calibrationInputs:threads:)``)
/// and reused at every later read time, as a chip calibrated once after programming is; drift
/// then shrinks the currents under ranges fitted to the fresh chip.
///
/// The fit reads the chip at t = 0 s after programming (``timeSeconds``), before any drift or
/// relaxation: for PCM (G(t) = G₀·(t/t₀)^(−ν) for t > t₀) and every other device model this is
/// the programmed state. It uses noise-free column currents with IR drop and sets only the
/// range: the converters' offset and gain errors are neither seen nor removed.
public struct ADCCalibration: Sendable, Equatable {
    /// When after programming the ranges are fitted, seconds: right after programming.
    public static let timeSeconds = 0.0

    /// Full scale of each sensed column, levels: `fullScale[layer][array][column]` (arrays in
    /// ``LayerMapping/arrays`` order).
    public let fullScale: [[[Float]]]
}
