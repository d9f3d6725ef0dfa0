import DataFiles
import Foundation
import Numerics

/// Labelled greyscale images in MNIST's IDX layout: the four files
/// `{train,t10k}-{images-idx3,labels-idx1}-ubyte`, each gzipped (`.gz`) or not.
///
/// Pixels become `Float` in [0, 1] (byte / 255), in a tensor shaped `[N, 1, rows, columns]`
/// (NCHW). Fashion-MNIST or a user's own data in the same layout read unchanged.
extension LabelledImages {
    /// Which half of the dataset.
    public enum Split: String, Sendable, CaseIterable {
        /// The 60,000 training images of MNIST.
        case train
        /// The 10,000 test images of MNIST.
        case test

        /// The file-name prefix of this split.
        var prefix: String { self == .train ? "train" : "t10k" }
    }

    /// MNIST labels must lie in 0…9: the ten classes of MNIST-layout datasets.
    public static let labelRange = 0...9

    /// Reads one split of MNIST-layout files from `folder`.
    public init(folder: URL, split: Split) throws {
        let imageFile = try Self.locate(folder: folder, name: "\(split.prefix)-images-idx3-ubyte")
        let labelFile = try Self.locate(folder: folder, name: "\(split.prefix)-labels-idx1-ubyte")
        try self.init(imageFile: imageFile, labelFile: labelFile)
    }

    /// Reads an image file (three dimensions: count, rows, columns) and a label file (one
    /// dimension: count).
    public init(imageFile: URL, labelFile: URL) throws {
        let imageIDX = try IDXFile(contentsOf: imageFile)
        let labelIDX = try IDXFile(contentsOf: labelFile)
        guard imageIDX.dimensions.count == 3 else {
            throw DatasetError.badDimension(
                file: imageFile.path, field: "number of dimensions", value: imageIDX.dimensions.count, allowed: 3...3)
        }
        guard labelIDX.dimensions.count == 1 else {
            throw DatasetError.badDimension(
                file: labelFile.path, field: "number of dimensions", value: labelIDX.dimensions.count, allowed: 1...1)
        }
        guard imageIDX.dimensions[0] == labelIDX.dimensions[0] else {
            throw DatasetError.countMismatch(
                images: imageFile.path, imageCount: imageIDX.dimensions[0], labels: labelFile.path,
                labelCount: labelIDX.dimensions[0])
        }
        var labels = [Int]()
        labels.reserveCapacity(labelIDX.bytes.count)
        for (index, byte) in labelIDX.bytes.enumerated() {
            guard Self.labelRange.contains(Int(byte)) else {
                throw DatasetError.badLabel(file: labelFile.path, index: index, value: Int(byte), allowed: Self.labelRange)
            }
            labels.append(Int(byte))
        }
        let pixels = imageIDX.bytes.map { Float($0) / 255 }
        let shape = [imageIDX.dimensions[0], 1, imageIDX.dimensions[1], imageIDX.dimensions[2]]
        self.init(images: Tensor(shape: shape, elements: pixels), labels: labels)
    }

    /// The folder of the MNIST bundled with Crossbar: `Experiments/datasets/mnist`.
    public static func bundledFolder() throws -> URL {
        try ProjectDirectory.experiments().appendingPathComponent("datasets/mnist")
    }

    /// The folder at `path`, or the bundled MNIST when `path` is `nil` (the CLI's `--dataset`).
    public static func folder(_ path: String?) throws -> URL {
        guard let path else { return try bundledFolder() }
        return URL(fileURLWithPath: path)
    }

    /// `folder/name.gz` if it exists, else `folder/name`.
    static func locate(folder: URL, name: String) throws -> URL {
        let manager = FileManager.default
        for candidate in [name + ".gz", name] {
            let url = folder.appendingPathComponent(candidate)
            if manager.fileExists(atPath: url.path) { return url }
        }
        throw DatasetError.missingFile(folder: folder.path, names: [name + ".gz", name])
    }
}
