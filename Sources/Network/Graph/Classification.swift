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

    /// The fraction of `predictions` equal to `reference` element by element (top-1 agreement).
    public static func agreement(_ predictions: [Int], _ reference: [Int]) -> Double {
        precondition(predictions.count == reference.count)
        return Double(zip(predictions, reference).count { $0 == $1 }) / Double(max(1, predictions.count))
    }

    /// RMS(`scores` − `reference`) / RMS(`reference`) over every element: the error of one set
    /// of logits relative to another's scale (0 when equal; 1 when the error is as large as the
    /// reference logits themselves). 0 when both are all zero, infinity when only the reference is.
    public static func relativeRMSError(_ scores: Tensor<Float>, reference: Tensor<Float>) -> Double {
        precondition(scores.count == reference.count)
        var error = 0.0, scale = 0.0
        for (a, b) in zip(scores.elements, reference.elements) {
            error += Double(a - b) * Double(a - b)
            scale += Double(b) * Double(b)
        }
        if error == 0 { return 0 }
        return scale == 0 ? .infinity : (error / scale).squareRoot()
    }
}
