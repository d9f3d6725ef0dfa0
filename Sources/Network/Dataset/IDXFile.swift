import Foundation

/// An IDX file of unsigned bytes, the format of MNIST (LeCun et al.): a big-endian header
/// `00 00 08 n`, then `n` 32-bit dimensions, then the elements row-major.
///
/// Reading validates the magic number, each dimension against ``dimensionLimit``, and that the
/// file holds exactly the bytes its header declares; gzipped files (`.gz`, detected by their
/// magic number) are decompressed first.
public struct IDXFile: Sendable, Equatable {
    /// The largest accepted dimension: 2²⁴ (16,777,216), far above any real image count or
    /// side, far below what would make the element count overflow.
    public static let dimensionLimit = 1 << 24

    /// The extent of every dimension, outermost first.
    public let dimensions: [Int]
    /// The elements, row-major.
    public let bytes: [UInt8]

    /// An IDX file with the given dimensions and elements.
    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(dimensions.reduce(1, *) == bytes.count, "\(bytes.count) bytes for dimensions \(dimensions)")
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// Reads and validates the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(encoded: [UInt8](data), file: url.path)
    }

    /// Parses IDX bytes (gzipped or not); `file` names the source in errors.
    public init(encoded: [UInt8], file: String) throws {
        let raw = Gzip.isGzip(encoded) ? try Gzip.decompress(encoded, file: file) : encoded
        guard raw.count >= 4 else { throw DatasetError.truncated(file: file, expectedBytes: 4, actualBytes: raw.count) }
        let magic = Self.bigEndianWord(raw, at: 0)
        guard raw[0] == 0 && raw[1] == 0 && (1...4).contains(raw[3]) else { throw DatasetError.badMagic(file: file, magic: magic) }
        guard raw[2] == 0x08 else { throw DatasetError.unsupportedElementType(file: file, code: raw[2]) }
        let rank = Int(raw[3])
        let headerBytes = 4 + 4 * rank
        guard raw.count >= headerBytes else {
            throw DatasetError.truncated(file: file, expectedBytes: headerBytes, actualBytes: raw.count)
        }
        var dimensions = [Int]()
        var elementCount = 1
        for axis in 0..<rank {
            let value = Int(Self.bigEndianWord(raw, at: 4 + 4 * axis))
            guard (1...Self.dimensionLimit).contains(value) else {
                throw DatasetError.badDimension(file: file, field: "dimension \(axis)", value: value, allowed: 1...Self.dimensionLimit)
            }
            dimensions.append(value)
            // Saturate: a product past Int.max is certainly more than the file holds.
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: value)
            elementCount = overflow ? Int.max - headerBytes : product
        }
        let expected = headerBytes + elementCount
        guard raw.count >= expected else { throw DatasetError.truncated(file: file, expectedBytes: expected, actualBytes: raw.count) }
        guard raw.count == expected else { throw DatasetError.trailingBytes(file: file, extra: raw.count - expected) }
        self.init(dimensions: dimensions, bytes: Array(raw[headerBytes...]))
    }

    /// The uncompressed IDX encoding of this file.
    public var encoded: [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for dimension in dimensions {
            let word = UInt32(dimension)
            out += [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        }
        return out + bytes
    }

    private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
