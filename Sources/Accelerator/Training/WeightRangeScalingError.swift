/// Why ``WeightRangeScaling`` cannot rescale a network without changing what it computes.
public enum WeightRangeScalingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Node `node` (an Add or Concat) joins values at different scales.
    case mixedScales(node: String, scales: (Double, Double))
    /// Node `node`, of kind `kind`, is not positively homogeneous and reads a scaled value.
    case notHomogeneous(node: String, kind: String)

    public var description: String {
        let advice = "weights cannot be rescaled to the tile's range without changing the network; pass --weight-range 0 to keep their own scale"
        switch self {
        case let .mixedScales(node, scales):
            return "node \(node) joins values at scales \(scales.0) and \(scales.1): \(advice)"
        case let .notHomogeneous(node, kind):
            return "node \(node) (\(kind)) is not positively homogeneous and follows a rescaled layer: \(advice)"
        }
    }

    public static func == (a: Self, b: Self) -> Bool { a.description == b.description }
}
