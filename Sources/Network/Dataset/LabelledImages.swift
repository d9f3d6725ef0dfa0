import Foundation
import Numerics

/// Labelled images: a batch `[N, C, H, W]` of `Float` pixels and one class index per image —
/// what every dataset reader produces (MNIST IDX, CIFAR binary batches, NPY folders; see
/// ``ImageDataset``).
public struct LabelledImages: Sendable {
    /// The images, `[N, C, H, W]`.
    public let images: Tensor<Float>
    /// The class of every image (≥ 0).
    public let labels: [Int]

    /// A dataset over the given images and labels.
    public init(images: Tensor<Float>, labels: [Int]) {
        precondition(images.rank == 4 && images.shape[0] == labels.count, "images \(images.shape) for \(labels.count) labels")
        self.images = images
        self.labels = labels
    }

    /// Number of images.
    public var count: Int { labels.count }

    /// The images laid out as a network's declared per-sample input shape (e.g. `[1, 28, 28]`
    /// or `[784]`), which must hold as many values as one image.
    public func images(shapedAs sampleShape: [Int]) throws -> Tensor<Float> {
        guard sampleShape.reduce(1, *) == images.count / max(count, 1) else {
            throw NetworkError.inputShape(expected: sampleShape, actual: Array(images.shape.dropFirst()))
        }
        return images.reshaped([count] + sampleShape)
    }

    /// The first `count` images and labels.
    public func prefix(_ count: Int) -> LabelledImages {
        let n = min(count, self.count)
        return LabelledImages(images: images.slice(0..<n), labels: Array(labels[0..<n]))
    }

    /// These images followed by `other`'s (same per-image shape).
    func appending(_ other: LabelledImages) -> LabelledImages {
        precondition(Array(images.shape.dropFirst()) == Array(other.images.shape.dropFirst()), "images of different shapes")
        return LabelledImages(
            images: Tensor(shape: [count + other.count] + images.shape.dropFirst(), elements: images.elements + other.images.elements),
            labels: labels + other.labels)
    }

    /// Throws ``DatasetError/badLabel(file:index:value:allowed:)`` for the first label outside
    /// 0..<`classes` (the classes of the network that classifies these images); `source` names
    /// the label file.
    public func checkLabels(classes: Int, source: String) throws {
        if let index = labels.firstIndex(where: { $0 >= classes }) {
            throw DatasetError.badLabel(file: source, index: index, value: labels[index], allowed: 0...(classes - 1))
        }
    }
}
