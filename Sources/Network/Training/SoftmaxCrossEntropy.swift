import Foundation
import Numerics

/// The mean softmax cross-entropy loss of a batch of logits `[B, C]` against class labels,
/// L = −(1/B)·Σ_b log softmax(x_b)[label_b], and its gradient ∂L/∂x = (softmax(x) − onehot)/B.
public enum SoftmaxCrossEntropy {
    /// The loss and its gradient with respect to the logits.
    public static func evaluate(logits: Tensor<Float>, labels: [Int]) -> (loss: Double, gradient: Tensor<Float>) {
        precondition(logits.rank == 2 && logits.batchSize == labels.count, "logits \(logits.shape) for \(labels.count) labels")
        let classes = logits.shape[1]
        let batch = Float(labels.count)
        var gradient = Activation.softmax(logits)
        var loss = 0.0
        gradient.withUnsafeMutableBufferPointer { p in
            for (row, label) in labels.enumerated() {
                let base = row * classes
                loss -= Foundation.log(Double(max(p[base + label], .leastNormalMagnitude)))
                p[base + label] -= 1
                for c in 0..<classes { p[base + c] /= batch }
            }
        }
        return (loss / Double(labels.count), gradient)
    }
}
