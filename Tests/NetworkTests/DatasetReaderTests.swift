import Foundation
import Numerics
import Testing

@testable import Network

/// NPY, CIFAR and dataset-folder readers on good and corrupt files written here byte by byte
/// (the NPY layout of NEP 1: magic, version, little-endian header length, dict literal).
@Suite("NPY, CIFAR and dataset folders")
struct DatasetReaderTests {
    /// An NPY file with a hand-written header (padded to 64 bytes, as NumPy writes it).
    static func npy(_ header: String, data: [UInt8], major: UInt8 = 1) -> Data {
        var text = header
        let prefix = major == 1 ? 10 : 12
        text += String(repeating: " ", count: (64 - (prefix + text.utf8.count + 1) % 64) % 64) + "\n"
        let length = text.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0]
        bytes += major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : [UInt8(length & 0xFF), UInt8(length >> 8), 0, 0]
        return Data(bytes + Array(text.utf8) + data)
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    /// A temporary folder holding `files`.
    static func folder(_ files: [String: Data]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-dataset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test("reads NPY 1.0 and 2.0 headers, every element type, and writes what it reads")
    func goodNPY() throws {
        let bytes = try NPYFile(encoded: Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", data: [0, 1, 2, 253, 254, 255]), file: "u8.npy")
        #expect(bytes.shape == [2, 3] && bytes.integers == [0, 1, 2, 253, 254, 255])
        let longs = try NPYFile(encoded: Self.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", data: Self.littleEndian([Int64(7), -1, 1 << 40]), major: 2), file: "i8.npy")
        #expect(longs.integers == [7, -1, 1 << 40])
        let ints = try NPYFile(encoded: Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", data: Self.littleEndian([Int32(-5), 9])), file: "i4.npy")
        #expect(ints.integers == [-5, 9])
        let floats = try NPYFile(encoded: Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", data: Self.littleEndian([Float(1.5).bitPattern, Float(-2).bitPattern])), file: "f4.npy")
        #expect(floats.floats == [1.5, -2] && floats.integers == nil)
        let written = NPYFile(shape: [2, 2], floats: [0.25, -1, 3, 1e-7])
        let reread = try NPYFile(encoded: Data(written.encoded), file: "w.npy")
        #expect(reread == written)
        #expect((written.encoded.count - written.data.count) % 64 == 0)
    }

    @Test("corrupt NPY files give typed errors naming the file and field: magic, version, dtype, order, truncation, 2³¹ images")
    func corruptNPY() throws {
        func error(_ data: Data) -> DatasetError? { #expect(throws: DatasetError.self) { try NPYFile(encoded: data, file: "bad.npy") } }
        var magic = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", data: [0])
        magic[1] = 0x4F
        #expect(error(magic)?.description.contains("magic") == true)
        let version = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", data: [0], major: 4)
        #expect(error(version)?.description.contains("format version") == true)
        let bigEndian = Self.npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0])
        #expect(error(bigEndian) == .badHeader(file: "bad.npy", field: "descr", value: "'>f4'", allowed: "'<u1', '|u1', '<i4', '<i8', '<f4' or '<f8' (little-endian)"))
        let complex = Self.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: Array(repeating: 0, count: 8))
        #expect(error(complex)?.description.contains("descr") == true)
        let fortran = Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: [0, 0, 0, 0])
        #expect(error(fortran) == .badHeader(file: "bad.npy", field: "fortran_order", value: "True", allowed: "False (C order)"))
        let truncated = Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", data: Array(repeating: 0, count: 15))
        guard case .truncated(_, let expected, let actual) = error(truncated) else { Issue.record("expected truncation"); return }
        #expect(expected - actual == 1)
        let hostile = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2147483648, 3, 32, 32), }", data: [0])
        #expect(error(hostile) == .badHeader(file: "bad.npy", field: "shape[0]", value: "2147483648", allowed: "0…2147483647"))
        let huge = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", data: [0])
        guard case .truncated = error(huge) else { Issue.record("expected truncation before allocating"); return }
        let trailing = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", data: [0, 0])
        #expect(error(trailing) == .trailingBytes(file: "bad.npy", extra: 1))
        #expect(error(Data([0x93, 0x4E])) == .truncated(file: "bad.npy", expectedBytes: 10, actualBytes: 2))
    }

    /// One CIFAR record: label bytes then 3,072 pixels equal to `pixel`.
    static func cifarRecord(labels: [UInt8], pixel: UInt8) -> [UInt8] { labels + Array(repeating: pixel, count: 3072) }

    @Test("CIFAR-10 and CIFAR-100 batches read labels and planes; the training split calibrates")
    func cifar() throws {
        let folder10 = try Self.folder([
            "test_batch.bin": Data(Self.cifarRecord(labels: [3], pixel: 255) + Self.cifarRecord(labels: [9], pixel: 0)),
            "data_batch_1.bin": Data(Self.cifarRecord(labels: [1], pixel: 51)),
            "data_batch_2.bin": Data(Self.cifarRecord(labels: [2], pixel: 102)),
        ])
        defer { try? FileManager.default.removeItem(at: folder10) }
        let cifar10 = try ImageDataset(folder: folder10)
        #expect(cifar10.format == .cifar10 && cifar10.test.labels == [3, 9])
        #expect(cifar10.test.images.shape == [2, 3, 32, 32] && cifar10.test.images.elements[0] == 1 && cifar10.test.images.elements[3072] == 0)
        let (calibration, source) = try cifar10.calibrationImages(count: 2)
        #expect(source == .trainingSplit && calibration.labels == [1, 2] && calibration.images.elements[3072] == 0.4)

        let folder100 = try Self.folder(["test.bin": Data(Self.cifarRecord(labels: [19, 99], pixel: 0))])
        defer { try? FileManager.default.removeItem(at: folder100) }
        let cifar100 = try ImageDataset(folder: folder100)
        #expect(cifar100.format == .cifar100 && cifar100.test.labels == [99] && !cifar100.hasTrainingSplit)
        #expect(try cifar100.calibrationImages(count: 5).source == .evaluatedImages)
    }

    @Test("corrupt CIFAR batches: truncated records and labels out of range")
    func corruptCIFAR() throws {
        let record = Self.cifarRecord(labels: [0], pixel: 0)
        #expect(throws: DatasetError.truncated(file: "c.bin", expectedBytes: 2 * 3073, actualBytes: 3073 + 100)) {
            try CIFARBatchFile.decode(Data(record + record.prefix(100)), variant: .cifar10, file: "c.bin")
        }
        #expect(throws: DatasetError.badLabel(file: "c.bin", index: 1, value: 10, allowed: 0...9)) {
            try CIFARBatchFile.decode(Data(record + Self.cifarRecord(labels: [10], pixel: 0)), variant: .cifar10, file: "c.bin")
        }
        #expect(throws: DatasetError.badLabel(file: "c.bin", index: 0, value: 100, allowed: 0...99)) {
            try CIFARBatchFile.decode(Data(Self.cifarRecord(labels: [0, 100], pixel: 0)), variant: .cifar100, file: "c.bin")
        }
    }

    @Test("an NPY folder: uint8 pixels /255 then the normalisation; labels checked against the classes")
    func numpyFolder() throws {
        let images = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 1, 1), }", data: [0, 255, 51, 102])
        let labels = Self.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", data: Self.littleEndian([Int64(4), 0]))
        let normalization = Data(#"{"mean": [0.5, 0.2], "std": [0.5, 0.4]}"#.utf8)
        let url = try Self.folder(["images.npy": images, "labels.npy": labels, "normalization.json": normalization])
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try ImageDataset(folder: url)
        #expect(data.format == .numpy && data.test.labels == [4, 0])
        // Image 0: channel 0 (0 − 0.5)/0.5 = −1, channel 1 (1 − 0.2)/0.4 = 2; image 1: (0.2 − 0.5)/0.5, (0.4 − 0.2)/0.4.
        let expected: [Float] = [-1, 2, -0.6, 0.5]
        #expect(zip(data.test.images.elements, expected).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(try data.calibrationImages(count: 1).source == .evaluatedImages)
        #expect(throws: DatasetError.badLabel(file: data.labelFile, index: 0, value: 4, allowed: 0...3)) { try data.test.checkLabels(classes: 4, source: data.labelFile) }
    }

    /// The error opening `folder` throws, or `nil` (recorded as an issue) if it opens.
    static func failure(_ folder: URL) -> DatasetError? {
        #expect(throws: DatasetError.self) { try ImageDataset(folder: folder) }
    }

    @Test("bad folders: missing folder, no dataset files, shape and count mismatches, wrong label type")
    func badFolders() throws {
        #expect(throws: DatasetError.missingFolder(folder: "/nonexistent/data")) { try ImageDataset(folder: URL(fileURLWithPath: "/nonexistent/data")) }
        #expect(DatasetError.missingFolder(folder: "/x").description == "/x: the folder does not exist")
        let empty = try Self.folder([:])
        defer { try? FileManager.default.removeItem(at: empty) }
        guard case .missingFile = Self.failure(empty) else { Issue.record("expected missing files"); return }

        let threeD = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 1), }", data: [0, 1])
        let labels = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", data: [0, 1])
        let flat = try Self.folder(["images.npy": threeD, "labels.npy": labels])
        defer { try? FileManager.default.removeItem(at: flat) }
        #expect(throws: DatasetError.badDimension(file: flat.appendingPathComponent("images.npy").path, field: "number of dimensions (N×C×H×W)", value: 3, allowed: 4...4)) {
            try ImageDataset(folder: flat)
        }
        let four = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 1, 1, 1), }", data: [0, 1, 2])
        let mismatch = try Self.folder(["images.npy": four, "labels.npy": labels])
        defer { try? FileManager.default.removeItem(at: mismatch) }
        guard case .countMismatch(_, 3, _, 2) = Self.failure(mismatch) else { Issue.record("expected a count mismatch"); return }
        let floatLabels = Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data: Array(repeating: 0, count: 12))
        let wrongType = try Self.folder(["images.npy": four, "labels.npy": floatLabels])
        defer { try? FileManager.default.removeItem(at: wrongType) }
        guard case .badHeader(_, "descr", _, _) = Self.failure(wrongType) else { Issue.record("expected a dtype error"); return }
        let negative = Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", data: Self.littleEndian([Int32(0), -1, 2]))
        let negativeLabels = try Self.folder(["images.npy": four, "labels.npy": negative])
        defer { try? FileManager.default.removeItem(at: negativeLabels) }
        guard case .badLabel(_, 1, -1, _) = Self.failure(negativeLabels) else { Issue.record("expected a bad label"); return }
        let badNormalization = try Self.folder(["images.npy": four, "labels.npy": Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", data: [0, 1, 2]), "normalization.json": Data(#"{"mean": [0], "std": [0]}"#.utf8)])
        defer { try? FileManager.default.removeItem(at: badNormalization) }
        guard case .badHeader(_, "std", _, _) = Self.failure(badNormalization) else { Issue.record("expected a bad std"); return }
    }

    @Test("the bundled MNIST opens as a dataset with a training split")
    func bundledMNIST() throws {
        let data = try ImageDataset.open(path: Support.root.appendingPathComponent("Experiments/datasets/mnist").path)
        #expect(data.format == .mnist && data.test.count == 10000 && data.hasTrainingSplit)
        let (calibration, source) = try data.calibrationImages(count: 10)
        #expect(source == .trainingSplit && calibration.count == 10)
    }
}
