import Numerics

extension Network {
    /// The gradient of a loss with respect to every node's ``Layer/parameters``, by
    /// reverse-mode differentiation through the graph.
    ///
    /// `values` are the graph's values for the batch (all of them, as the forward pass left
    /// them) and `outputGradient` is ∂loss/∂output. Gradients of a value read by several nodes
    /// are summed in node order. Returns one array of parameter gradients per node, and the
    /// gradient with respect to the input when `includingInput` (else zeros: the matrix layers
    /// that read only the input skip that work).
    func gradients(
        values: [String: Tensor<Float>], outputGradient: Tensor<Float>, includingInput: Bool = false, threads: Int?
    ) -> (parameters: [[[Float]]], input: Tensor<Float>) {
        var gradients: [String: Tensor<Float>] = [outputName: outputGradient]
        var result = [[[Float]]](repeating: [], count: nodes.count)
        for index in nodes.indices.reversed() {
            let node = nodes[index]
            guard let dy = gradients.removeValue(forKey: node.output) else {
                // The output does not influence the loss: zero gradients.
                result[index] = node.layer.parameters.map { [Float](repeating: 0, count: $0.count) }
                continue
            }
            let (inputGradients, parameterGradients) = node.layer.backward(
                inputs: node.inputs.map { values[$0]! }, output: values[node.output]!, outputGradient: dy,
                needsInputs: includingInput || node.inputs.contains { $0 != inputName }, threads: threads)
            result[index] = parameterGradients
            for (value, gradient) in zip(node.inputs, inputGradients) {
                if var existing = gradients[value] {
                    existing.withUnsafeMutableBufferPointer { e in
                        gradient.withUnsafeBufferPointer { g in for i in 0..<e.count { e[i] += g[i] } }
                    }
                    gradients[value] = existing
                } else {
                    gradients[value] = gradient
                }
            }
        }
        return (result, gradients[inputName] ?? Tensor(shape: values[inputName]!.shape))
    }
}
