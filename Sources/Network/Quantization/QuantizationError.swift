/// Why a network could not be quantized.
public enum QuantizationError: Error, CustomStringConvertible, Equatable {
    /// A setting is outside its allowed range.
    case invalidSetting(field: String, value: String, allowed: String)
    /// The Int32 accumulator of a layer could overflow at these bit widths.
    case accumulatorOverflow(node: String, bound: Double)
    /// The ratio of two scales is too large to requantize.
    case scaleOutOfRange(node: String, multiplier: Double)

    public var description: String {
        switch self {
        case .invalidSetting(let field, let value, let allowed):
            "quantization setting \(field) is \(value), allowed \(allowed)"
        case .accumulatorOverflow(let node, let bound):
            "node '\(node)': the Int32 accumulator could reach \(bound), beyond 2³¹ − 1; use fewer weight or input bits"
        case .scaleOutOfRange(let node, let multiplier):
            "node '\(node)': requantization multiplier \(multiplier) is outside 2⁻⁶²…2³⁰ (degenerate calibration?)"
        }
    }
}
