/// Why a network graph or one of its layers is invalid.
public enum NetworkError: Error, CustomStringConvertible, Equatable {
    /// A node reads a value that no node or graph input produces.
    case undefinedValue(node: String, value: String)
    /// Two producers (nodes or the graph input) write the same value name.
    case duplicateValue(String)
    /// The nodes cannot be ordered: some value depends on itself.
    case cycle(nodes: [String])
    /// A node gets the wrong number of inputs.
    case wrongInputCount(node: String, expected: Int, actual: Int)
    /// A node's input shapes do not fit its layer.
    case shapeMismatch(node: String, reason: String)
    /// A layer parameter is outside its allowed range.
    case invalidParameter(node: String, field: String, value: String, allowed: String)
    /// A weight, bias or statistic is NaN or infinite.
    case nonFiniteParameter(node: String, parameter: String)
    /// Input data do not have the shape the network declares.
    case inputShape(expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .undefinedValue(let node, let value):
            "node '\(node)' reads '\(value)', which no node or graph input produces"
        case .duplicateValue(let value):
            "value '\(value)' is produced twice"
        case .cycle(let nodes):
            "the graph has a cycle through nodes \(nodes.map { "'\($0)'" }.joined(separator: ", "))"
        case .wrongInputCount(let node, let expected, let actual):
            "node '\(node)' takes \(expected) input(s), got \(actual)"
        case .shapeMismatch(let node, let reason):
            "node '\(node)': shape mismatch: \(reason)"
        case .invalidParameter(let node, let field, let value, let allowed):
            "node '\(node)': \(field) is \(value), allowed \(allowed)"
        case .nonFiniteParameter(let node, let parameter):
            "node '\(node)': \(parameter) holds NaN or infinite values"
        case .inputShape(let expected, let actual):
            "input samples have shape \(actual), the network expects \(expected)"
        }
    }
}
