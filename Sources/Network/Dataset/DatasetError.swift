/// Why a dataset file could not be read. Every message names the file and what is wrong.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// The file does not exist or cannot be read.
    case unreadable(file: String, reason: String)
    /// None of the accepted file names exists in the folder.
    case missingFile(folder: String, names: [String])
    /// A gzip stream is corrupt or ends early.
    case corruptGzip(file: String, reason: String)
    /// The file ends before the header or the data it declares.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The first four bytes are not an IDX magic number.
    case badMagic(file: String, magic: UInt32)
    /// The IDX element type is not unsigned bytes.
    case unsupportedElementType(file: String, code: UInt8)
    /// A dimension is outside its allowed range.
    case badDimension(file: String, field: String, value: Int, allowed: ClosedRange<Int>)
    /// The file has bytes after the data its header declares.
    case trailingBytes(file: String, extra: Int)
    /// A label is not a class index.
    case badLabel(file: String, index: Int, value: Int, allowed: ClosedRange<Int>)
    /// A header field of a file (NPY header, normalisation file) has a value outside what is allowed.
    case badHeader(file: String, field: String, value: String, allowed: String)
    /// The folder does not exist.
    case missingFolder(folder: String)
    /// The image and label files disagree on the number of items.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// A folder to write results to cannot be created or written.
    case unwritableFolder(folder: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file (\(reason))"
        case .missingFile(let folder, let names):
            "\(folder): none of \(names.joined(separator: ", ")) exists in this folder"
        case .corruptGzip(let file, let reason):
            "\(file): corrupt gzip data (\(reason))"
        case .truncated(let file, let expected, let actual):
            "\(file): truncated: the header declares \(expected) bytes but the file has \(actual)"
        case .badMagic(let file, let magic):
            "\(file): bad IDX magic number 0x\(String(magic, radix: 16, uppercase: true)); expected 0x0000080N (unsigned bytes, N dimensions)"
        case .unsupportedElementType(let file, let code):
            "\(file): IDX element type 0x\(String(code, radix: 16, uppercase: true)) is not supported; only unsigned bytes (0x08) are"
        case .badDimension(let file, let field, let value, let allowed):
            "\(file): \(field) is \(value), allowed \(allowed.lowerBound)…\(allowed.upperBound)"
        case .trailingBytes(let file, let extra):
            "\(file): \(extra) bytes after the data the header declares"
        case .badLabel(let file, let index, let value, let allowed):
            "\(file): label \(index) is \(value), allowed \(allowed.lowerBound)…\(allowed.upperBound)"
        case .badHeader(let file, let field, let value, let allowed):
            "\(file): \(field) is \(value), allowed \(allowed)"
        case .missingFolder(let folder):
            "\(folder): the folder does not exist"
        case .countMismatch(let images, let imageCount, let labels, let labelCount):
            "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels"
        case .unwritableFolder(let folder, let reason):
            "\(folder): cannot write to this folder (\(reason))"
        }
    }
}
