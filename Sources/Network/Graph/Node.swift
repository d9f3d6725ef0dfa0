/// One operation of a ``Network``: a layer reading named values and writing one.
public struct Node: Sendable {
    /// A unique name, used in messages and reports.
    public var name: String
    /// What the node computes.
    public var layer: Layer
    /// Names of the values it reads, in the layer's order.
    public var inputs: [String]
    /// Name of the value it writes.
    public var output: String

    /// A node.
    public init(name: String, layer: Layer, inputs: [String], output: String) {
        self.name = name
        self.layer = layer
        self.inputs = inputs
        self.output = output
    }
}
