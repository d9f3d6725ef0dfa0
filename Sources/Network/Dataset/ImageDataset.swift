import Foundation
import Numerics

/// A labelled image dataset in a folder, in any of the layouts Crossbar reads, with the split it
/// evaluates and the images it calibrates quantization on.
///
/// Layouts, recognised by their files:
/// - NPY: `images.npy` (N×C×H×W, `uint8` or `float32`, C order, NPY 1.0/2.0/3.0) and
///   `labels.npy` (N integers, `int64`, `int32` or `uint8`) — `np.save` of PyTorch tensors; no
///   training split;
/// - CIFAR-10 binary: `test_batch.bin`, training split `data_batch_1.bin` … `data_batch_5.bin`;
/// - CIFAR-100 binary: `test.bin`, training split `train.bin` (fine labels);
/// - MNIST IDX: `t10k-{images-idx3,labels-idx1}-ubyte[.gz]`, training split `train-…`.
///
/// `uint8` pixels become byte/255; `float32` values are kept. If `normalization.json` is in the
/// folder (``ChannelNormalization``), every image is then normalised per channel.
public struct ImageDataset: Sendable {
    /// The layout of the files.
    public enum Format: String, Sendable {
        case numpy = "NPY", cifar10 = "CIFAR-10", cifar100 = "CIFAR-100", mnist = "MNIST"
    }

    /// Where the calibration images come from.
    public enum CalibrationSource: String, Sendable {
        /// The first images of the dataset's training split.
        case trainingSplit = "training split"
        /// The first images of the evaluated split (the dataset has no training split).
        case evaluatedImages = "evaluated images"
    }

    /// The folder.
    public let folder: URL
    /// The layout.
    public let format: Format
    /// The per-channel normalisation applied, if any.
    public let normalization: ChannelNormalization?
    /// The evaluated images (the test split).
    public let test: LabelledImages
    /// The file holding the evaluated labels (for errors).
    public let labelFile: String
    /// The files of the training split, in order (empty if there is none).
    private let trainingFiles: [URL]

    /// Whether the dataset has a training split.
    public var hasTrainingSplit: Bool { !trainingFiles.isEmpty }

    /// The dataset at `path`, or the bundled MNIST when `path` is `nil` (the CLI's `--dataset`).
    public static func open(path: String?) throws -> ImageDataset {
        try ImageDataset(folder: path.map { URL(fileURLWithPath: $0) } ?? LabelledImages.bundledFolder())
    }

    /// Reads the evaluated split of the dataset in `folder`.
    public init(folder: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.missingFolder(folder: folder.path)
        }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) }
        let normalization = try ChannelNormalization.read(folder: folder)
        let raw: LabelledImages
        if exists("images.npy") || exists("labels.npy") {
            format = .numpy
            labelFile = folder.appendingPathComponent("labels.npy").path
            raw = try Self.readNumpy(folder: folder)
            trainingFiles = []
        } else if exists("test_batch.bin") {
            format = .cifar10
            labelFile = folder.appendingPathComponent("test_batch.bin").path
            raw = try CIFARBatchFile.read(folder.appendingPathComponent("test_batch.bin"), variant: .cifar10)
            trainingFiles = (1...5).map { "data_batch_\($0).bin" }.filter(exists).map(folder.appendingPathComponent)
        } else if exists("test.bin") {
            format = .cifar100
            labelFile = folder.appendingPathComponent("test.bin").path
            raw = try CIFARBatchFile.read(folder.appendingPathComponent("test.bin"), variant: .cifar100)
            trainingFiles = exists("train.bin") ? [folder.appendingPathComponent("train.bin")] : []
        } else if exists("t10k-images-idx3-ubyte.gz") || exists("t10k-images-idx3-ubyte") {
            format = .mnist
            labelFile = try LabelledImages.locate(folder: folder, name: "t10k-labels-idx1-ubyte").path
            raw = try LabelledImages(folder: folder, split: .test)
            trainingFiles = exists("train-images-idx3-ubyte.gz") || exists("train-images-idx3-ubyte") ? [folder] : []
        } else {
            throw DatasetError.missingFile(
                folder: folder.path, names: ["images.npy and labels.npy", "test_batch.bin (CIFAR-10)", "test.bin (CIFAR-100)", "t10k-images-idx3-ubyte[.gz] (MNIST)"])
        }
        self.folder = folder
        self.normalization = normalization
        self.test = try Self.normalized(raw, normalization, folder: folder)
    }

    /// The first `count` images to calibrate on: from the training split if there is one, else
    /// from the evaluated images.
    public func calibrationImages(count: Int) throws -> (images: LabelledImages, source: CalibrationSource) {
        guard hasTrainingSplit else { return (test.prefix(count), .evaluatedImages) }
        var images: LabelledImages?
        for file in trainingFiles where (images?.count ?? 0) < count {
            let part: LabelledImages
            switch format {
            case .cifar10: part = try CIFARBatchFile.read(file, variant: .cifar10)
            case .cifar100: part = try CIFARBatchFile.read(file, variant: .cifar100)
            case .mnist: part = try LabelledImages(folder: file, split: .train)
            case .numpy: preconditionFailure("NPY folders have no training split")
            }
            images = images.map { $0.appending(part) } ?? part
        }
        return (try Self.normalized(images!.prefix(count), normalization, folder: folder), .trainingSplit)
    }

    private static func normalized(_ data: LabelledImages, _ normalization: ChannelNormalization?, folder: URL) throws -> LabelledImages {
        guard let normalization else { return data }
        let file = folder.appendingPathComponent(ChannelNormalization.fileName).path
        return LabelledImages(images: try normalization.apply(to: data.images, file: file), labels: data.labels)
    }

    /// `images.npy` and `labels.npy` of `folder`.
    private static func readNumpy(folder: URL) throws -> LabelledImages {
        let imageURL = folder.appendingPathComponent("images.npy"), labelURL = folder.appendingPathComponent("labels.npy")
        for url in [imageURL, labelURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw DatasetError.missingFile(folder: folder.path, names: [url.lastPathComponent])
        }
        let images = try NPYFile(contentsOf: imageURL)
        guard images.shape.count == 4 else {
            throw DatasetError.badDimension(file: imageURL.path, field: "number of dimensions (N×C×H×W)", value: images.shape.count, allowed: 4...4)
        }
        for (axis, name) in ["N", "C", "H", "W"].enumerated() where images.shape[axis] < 1 {
            throw DatasetError.badDimension(file: imageURL.path, field: name, value: images.shape[axis], allowed: 1...NPYFile.dimensionLimit)
        }
        let pixels: [Float]
        switch images.elementType {
        case .uint8: pixels = images.floats.map { $0 / 255 }
        case .float32:
            pixels = images.floats
            if let index = pixels.firstIndex(where: { !$0.isFinite }) {
                throw DatasetError.badHeader(file: imageURL.path, field: "element \(index)", value: "\(pixels[index])", allowed: "finite values")
            }
        default:
            throw DatasetError.badHeader(file: imageURL.path, field: "descr", value: images.elementType.rawValue, allowed: "'|u1' (uint8) or '<f4' (float32)")
        }
        let labels = try NPYFile(contentsOf: labelURL)
        guard labels.shape.count == 1 else {
            throw DatasetError.badDimension(file: labelURL.path, field: "number of dimensions (N)", value: labels.shape.count, allowed: 1...1)
        }
        guard let values = labels.integers else {
            throw DatasetError.badHeader(file: labelURL.path, field: "descr", value: labels.elementType.rawValue, allowed: "'<i8', '<i4' or '|u1' (integers)")
        }
        guard values.count == images.shape[0] else {
            throw DatasetError.countMismatch(images: imageURL.path, imageCount: images.shape[0], labels: labelURL.path, labelCount: values.count)
        }
        let allowed = 0...Int(Int32.max)
        if let index = values.firstIndex(where: { !allowed.contains($0) }) {
            throw DatasetError.badLabel(file: labelURL.path, index: index, value: values[index], allowed: allowed)
        }
        return LabelledImages(images: Tensor(shape: images.shape, elements: pixels), labels: values)
    }
}
