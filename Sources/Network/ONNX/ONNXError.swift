/// Why an ONNX file could not be imported. Every message names the file and what is wrong.
public enum ONNXError: Error, CustomStringConvertible, Equatable {
    /// The file does not exist or cannot be read or written.
    case unreadable(file: String, reason: String)
    /// The protobuf data end inside a field.
    case truncated(file: String, offset: Int, field: String)
    /// The protobuf data are not well formed.
    case malformed(file: String, offset: Int, reason: String)
    /// The graph uses an operator Crossbar does not implement.
    case unsupportedOperator(file: String, node: String, op: String)
    /// An attribute has a value Crossbar does not support.
    case unsupportedAttribute(file: String, node: String, attribute: String, value: String, allowed: String)
    /// A tensor's data are invalid (wrong size, type or non-finite values).
    case badTensor(file: String, tensor: String, reason: String)
    /// The model's default-domain opset is missing or too old.
    case unsupportedOpset(file: String, version: Int?)
    /// The graph's structure is not one Crossbar can run.
    case unsupportedGraph(file: String, reason: String)
    /// The graph decoded but is not a valid network.
    case invalidNetwork(file: String, error: NetworkError)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot access the file (\(reason))"
        case .truncated(let file, let offset, let field): "\(file): truncated ONNX data: \(field) at byte \(offset) runs past the end"
        case .malformed(let file, let offset, let reason): "\(file): malformed ONNX data at byte \(offset): \(reason)"
        case .unsupportedOperator(let file, let node, let op):
            "\(file): node '\(node)' uses operator '\(op)', which Crossbar does not support (supported: \(ONNXImporter.supportedOperators.joined(separator: ", ")))"
        case .unsupportedAttribute(let file, let node, let attribute, let value, let allowed):
            "\(file): node '\(node)': attribute \(attribute) is \(value), supported \(allowed)"
        case .badTensor(let file, let tensor, let reason): "\(file): tensor '\(tensor)': \(reason)"
        case .unsupportedOpset(let file, let version):
            "\(file): default-domain opset \(version.map(String.init) ?? "missing"), supported 9 or later"
        case .unsupportedGraph(let file, let reason): "\(file): \(reason)"
        case .invalidNetwork(let file, let error): "\(file): \(error)"
        }
    }
}
