import Numerics

extension Network {
    /// The same function with every BatchNorm that directly follows a Conv2D or Dense (whose
    /// output only the BatchNorm reads) folded into that layer: with a = γ/√(σ²+ε) and
    /// c = β − a·μ per output channel n, W'[k, n] = a[n]·W[k, n] and b'[n] = a[n]·b[n] + c[n].
    /// Other BatchNorms are left in place.
    public func foldingBatchNorm() throws -> Network {
        var nodes = self.nodes
        var removed = Set<Int>()
        for (index, node) in nodes.enumerated() {
            guard case .batchNorm(let norm) = node.layer,
                let producer = nodes.firstIndex(where: { $0.output == node.inputs[0] }),
                nodes[producer].layer.isMatrixLayer, consumers(of: node.inputs[0]) == [index], node.inputs[0] != outputName
            else { continue }
            let (a, c) = norm.affine
            func fold(_ weight: Matrix<Float>, _ bias: [Float]) -> (Matrix<Float>, [Float]) {
                let folded = Matrix(rows: weight.rows, columns: weight.columns) { k, n in weight[k, n] * a[n] }
                return (folded, (0..<bias.count).map { a[$0] * bias[$0] + c[$0] })
            }
            switch nodes[producer].layer {
            case .dense(var dense):
                (dense.weight, dense.bias) = fold(dense.weight, dense.bias)
                nodes[producer].layer = .dense(dense)
            case .conv2D(var conv):
                (conv.weight, conv.bias) = fold(conv.weight, conv.bias)
                nodes[producer].layer = .conv2D(conv)
            default:
                continue
            }
            nodes[producer].output = node.output
            removed.insert(index)
        }
        return try Network(
            inputName: inputName, inputShape: inputShape, nodes: nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element),
            outputName: outputName)
    }
}
