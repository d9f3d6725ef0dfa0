/// Why a network could not be quantized.
public enum QuantizationError: Error, CustomStringConvertible, Equatable {
    /// A setting is outside its allowed range.
    case invalidSetting(field: String, value: String, allowed: String)
    /// A BatchNorm does not directly follow a Conv/Dense whose output only it reads.
    case unfoldableBatchNorm(node: String)
    /// A layer the integer pass does not support at this position.
    case unsupportedLayer(node: String, reason: String)
    /// The Int32 accumulator of a layer could overflow at these bit widths.
    case accumulatorOverflow(node: String, bound: Double)
    /// The ratio of two scales is too large to requantize.
    case scaleOutOfRange(node: String, multiplier: Double)

    public var description: String {
        switch self {
        case .invalidSetting(let field, let value, let allowed):
            "quantization setting \(field) is \(value), allowed \(allowed)"
        case .unfoldableBatchNorm(let node):
            "node '\(node)': a BatchNorm can be quantized only right after a Conv2D or Dense whose output only it reads (it is folded into it)"
        case .unsupportedLayer(let node, let reason):
            "node '\(node)': \(reason)"
        case .accumulatorOverflow(let node, let bound):
            "node '\(node)': the Int32 accumulator could reach \(bound), beyond 2³¹ − 1; use fewer weight or input bits"
        case .scaleOutOfRange(let node, let multiplier):
            "node '\(node)': requantization multiplier \(multiplier) is outside 2⁻⁶²…2³⁰ (degenerate calibration?)"
        }
    }
}
