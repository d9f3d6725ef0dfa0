import Numerics

/// Class predictions and accuracy from a batch of per-class scores `[B, classes]`.
public enum Classification {
    /// The index of the largest score of every row (the first one on ties).
    public static func predictions(_ scores: Tensor<Float>) -> [Int] {
        let classes = scores.count / max(scores.batchSize, 1)
        return (0..<scores.batchSize).map { row in
            var best = 0
            for c in 1..<classes where scores.elements[row * classes + c] > scores.elements[row * classes + best] { best = c }
            return best
        }
    }

    /// The fraction of `predictions` equal to `labels`.
    public static func accuracy(_ predictions: [Int], labels: [Int]) -> Double {
        precondition(predictions.count == labels.count && !labels.isEmpty)
        return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
