import Foundation
import Numerics

/// A CIFAR-10 or CIFAR-100 binary batch file (Krizhevsky, "Learning multiple layers of features
/// from tiny images", 2009; https://www.cs.toronto.edu/~kriz/cifar.html): records of label
/// bytes then 3,072 pixel bytes — 1,024 red, 1,024 green, 1,024 blue, each 32×32 row-major. A
/// CIFAR-10 record has one label byte (0…9); a CIFAR-100 record two, the coarse (0…19) and the
/// fine label (0…99), of which the fine one is used.
public enum CIFARBatchFile {
    /// Which of the two datasets.
    public enum Variant: Sendable {
        case cifar10, cifar100

        /// Label bytes per record.
        var labelBytes: Int { self == .cifar10 ? 1 : 2 }
        /// The allowed values of the label used.
        var labelRange: ClosedRange<Int> { self == .cifar10 ? 0...9 : 0...99 }
    }

    /// Bytes of one image: 3 × 32 × 32.
    public static let imageBytes = 3072

    /// The images of the file at `url` (`[N, 3, 32, 32]`, pixels byte/255) and their labels.
    public static func read(_ url: URL, variant: Variant) throws -> LabelledImages {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try decode(data, variant: variant, file: url.path)
    }

    /// The images of CIFAR batch bytes; `file` names the source in errors.
    public static func decode(_ data: Data, variant: Variant, file: String) throws -> LabelledImages {
        let record = variant.labelBytes + imageBytes
        guard !data.isEmpty, data.count % record == 0 else {
            throw DatasetError.truncated(file: file, expectedBytes: max(1, (data.count + record - 1) / record) * record, actualBytes: data.count)
        }
        let count = data.count / record
        var labels = [Int]()
        labels.reserveCapacity(count)
        var pixels = [Float]()
        pixels.reserveCapacity(count * imageBytes)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for index in 0..<count {
                let base = index * record
                let label = Int(raw[base + variant.labelBytes - 1])
                guard variant.labelRange.contains(label) else {
                    throw DatasetError.badLabel(file: file, index: index, value: label, allowed: variant.labelRange)
                }
                labels.append(label)
                for k in 0..<imageBytes { pixels.append(Float(raw[base + variant.labelBytes + k]) / 255) }
            }
        }
        return LabelledImages(images: Tensor(shape: [count, 3, 32, 32], elements: pixels), labels: labels)
    }
}
