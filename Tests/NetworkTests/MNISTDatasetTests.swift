import Foundation
import Numerics
import Testing

@testable import Network

@Suite("MNIST dataset")
struct MNISTDatasetTests {
    private let bundled = Support.root.appendingPathComponent("Experiments/datasets/mnist")

    @Test("the bundled test split has 10,000 28×28 images; the first is a 7, pixels in [0, 1]")
    func bundledTestSplit() throws {
        let test = try LabelledImages(folder: bundled, split: .test)
        #expect(test.images.shape == [10000, 1, 28, 28])
        #expect(test.labels.count == 10000)
        #expect(Array(test.labels.prefix(5)) == [7, 2, 1, 0, 4])  // LeCun et al.'s t10k order
        #expect(test.images.elements.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(test.images.elements.contains(1))
    }

    /// A temporary folder with MNIST-named files.
    private func folder(images: IDXFile, labels: IDXFile) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-mnist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(images.encoded).write(to: url.appendingPathComponent("t10k-images-idx3-ubyte"))
        try Data(labels.encoded).write(to: url.appendingPathComponent("t10k-labels-idx1-ubyte"))
        return url
    }

    @Test("an uncompressed folder of MNIST-named files reads as a dataset")
    func uncompressedFolder() throws {
        let url = try folder(images: IDXFile(dimensions: [2, 2, 2], bytes: [0, 255, 51, 102, 1, 2, 3, 4]), labels: IDXFile(dimensions: [2], bytes: [3, 9]))
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try LabelledImages(folder: url, split: .test)
        #expect(data.labels == [3, 9])
        #expect(data.images.shape == [2, 1, 2, 2])
        #expect(Array(data.images.elements.prefix(4)) == [0, 1, 0.2, 0.4])
        #expect(try data.images(shapedAs: [4]).shape == [2, 4])
        #expect(throws: NetworkError.self) { try data.images(shapedAs: [5]) }
    }

    @Test("mismatched counts, bad labels and missing files are errors naming the files")
    func badFolders() throws {
        let mismatch = try folder(images: IDXFile(dimensions: [2, 1, 1], bytes: [0, 1]), labels: IDXFile(dimensions: [3], bytes: [0, 1, 2]))
        defer { try? FileManager.default.removeItem(at: mismatch) }
        let error = #expect(throws: DatasetError.self) { try LabelledImages(folder: mismatch, split: .test) }
        #expect(error?.description.contains("t10k-labels-idx1-ubyte") == true)

        let badLabel = try folder(images: IDXFile(dimensions: [1, 1, 1], bytes: [0]), labels: IDXFile(dimensions: [1], bytes: [10]))
        defer { try? FileManager.default.removeItem(at: badLabel) }
        #expect(throws: DatasetError.badLabel(file: badLabel.appendingPathComponent("t10k-labels-idx1-ubyte").path, index: 0, value: 10, allowed: 0...9)) {
            try LabelledImages(folder: badLabel, split: .test)
        }
        #expect(throws: DatasetError.self) { try LabelledImages(folder: badLabel, split: .train) }

        let flat = try folder(images: IDXFile(dimensions: [2], bytes: [0, 1]), labels: IDXFile(dimensions: [2], bytes: [0, 1]))
        defer { try? FileManager.default.removeItem(at: flat) }
        #expect(throws: DatasetError.self) { try LabelledImages(folder: flat, split: .test) }
    }
}
