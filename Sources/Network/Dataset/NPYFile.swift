import Foundation

/// An array in NumPy's `.npy` format (NumPy Enhancement Proposal 1, "A simple file format for
/// NumPy arrays"; https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the
/// magic `\x93NUMPY`, a major and minor version byte, a little-endian header length (2 bytes in
/// version 1.0, 4 in 2.0 and 3.0), an ASCII (3.0: UTF-8) Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (N, C, H, W), }` padded with spaces and a
/// newline, then the elements in C order.
///
/// Reading accepts little-endian or byte-sized `uint8`, `int32`, `int64`, `float32` and
/// `float64`, C order only, and checks every dimension (at most ``dimensionLimit``) and that
/// the file holds exactly the bytes the header declares before it allocates anything for the
/// elements. Writing produces version 1.0 (2.0 when the header does not fit), float32.
public struct NPYFile: Sendable, Equatable {
    /// The element types read.
    public enum ElementType: String, Sendable, CaseIterable {
        case uint8 = "u1", int32 = "i4", int64 = "i8", float32 = "f4", float64 = "f8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8: 1
            case .int32, .float32: 4
            case .int64, .float64: 8
            }
        }
    }

    /// The largest accepted dimension: 2³¹ − 1.
    public static let dimensionLimit = Int(Int32.max)

    /// The element type.
    public let elementType: ElementType
    /// The extent of every dimension, outermost first (empty for a scalar).
    public let shape: [Int]
    /// The elements' bytes, little-endian, C order.
    public let data: [UInt8]

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// An array with the given type, shape and bytes.
    public init(elementType: ElementType, shape: [Int], data: [UInt8]) {
        precondition(shape.reduce(1, *) * elementType.size == data.count, "\(data.count) bytes for \(shape) of \(elementType)")
        self.elementType = elementType
        self.shape = shape
        self.data = data
    }

    /// A float32 array.
    public init(shape: [Int], floats: [Float]) {
        var data = [UInt8]()
        data.reserveCapacity(floats.count * 4)
        for value in floats {
            let bits = value.bitPattern
            data += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        self.init(elementType: .float32, shape: shape, data: data)
    }

    /// Reads and validates the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(encoded: data, file: url.path)
    }

    /// Parses `.npy` bytes; `file` names the source in errors.
    public init(encoded bytes: Data, file: String) throws {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10 else { throw DatasetError.truncated(file: file, expectedBytes: 10, actualBytes: bytes.count) }
        let start = bytes.startIndex
        guard Array(bytes[start ..< start + 6]) == magic else {
            throw DatasetError.badHeader(file: file, field: "magic", value: Array(bytes[start ..< start + 6]).map { String(format: "%02X", $0) }.joined(separator: " "), allowed: "93 4E 55 4D 50 59 (\\x93NUMPY)")
        }
        let major = Int(bytes[start + 6])
        guard (1...3).contains(major) else {
            throw DatasetError.badHeader(file: file, field: "format version", value: "\(major).\(bytes[start + 7])", allowed: "1.0, 2.0 or 3.0")
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else {
            throw DatasetError.truncated(file: file, expectedBytes: 8 + lengthBytes, actualBytes: bytes.count)
        }
        var headerLength = 0
        for k in 0..<lengthBytes { headerLength |= Int(bytes[start + 8 + k]) << (8 * k) }
        let dataStart = 8 + lengthBytes + headerLength
        guard bytes.count >= dataStart else { throw DatasetError.truncated(file: file, expectedBytes: dataStart, actualBytes: bytes.count) }
        guard let header = String(bytes: bytes[(start + 8 + lengthBytes) ..< (start + dataStart)], encoding: major == 3 ? .utf8 : .ascii) else {
            throw DatasetError.badHeader(file: file, field: "header", value: "not \(major == 3 ? "UTF-8" : "ASCII") text", allowed: "a Python dict literal")
        }
        let fields = try Self.parseHeader(header, file: file)
        guard let descr = fields["descr"], descr.count == 5, descr.hasPrefix("'"), descr.hasSuffix("'") else {
            throw DatasetError.badHeader(file: file, field: "descr", value: fields["descr"] ?? "missing", allowed: "'<u1', '|u1', '<i4', '<i8', '<f4' or '<f8'")
        }
        let code = descr.dropFirst().dropLast()
        let order = code.first!
        guard let type = ElementType(rawValue: String(code.dropFirst())), order == "<" || (order == "|" && type == .uint8)
        else {
            throw DatasetError.badHeader(file: file, field: "descr", value: descr, allowed: "'<u1', '|u1', '<i4', '<i8', '<f4' or '<f8' (little-endian)")
        }
        guard fields["fortran_order"] == "False" else {
            throw DatasetError.badHeader(file: file, field: "fortran_order", value: fields["fortran_order"] ?? "missing", allowed: "False (C order)")
        }
        guard let shapeText = fields["shape"], shapeText.hasPrefix("("), shapeText.hasSuffix(")") else {
            throw DatasetError.badHeader(file: file, field: "shape", value: fields["shape"] ?? "missing", allowed: "a tuple of integers")
        }
        var shape = [Int]()
        for (axis, item) in shapeText.dropFirst().dropLast().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }).enumerated() {
            guard let value = Int(item), (0...Self.dimensionLimit).contains(value) else {
                throw DatasetError.badHeader(file: file, field: "shape[\(axis)]", value: item, allowed: "0…\(Self.dimensionLimit)")
            }
            shape.append(value)
        }
        // Saturating: a product past Int.max is certainly more than the file holds.
        var expected = type.size
        for value in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: value)
            expected = overflow ? Int.max - dataStart : product
        }
        let available = bytes.count - dataStart
        guard available >= expected else { throw DatasetError.truncated(file: file, expectedBytes: dataStart + expected, actualBytes: bytes.count) }
        guard available == expected else { throw DatasetError.trailingBytes(file: file, extra: available - expected) }
        self.init(elementType: type, shape: shape, data: Array(bytes[(start + dataStart)...]))
    }

    /// The `key: value` entries of the header's dict literal (values as written).
    private static func parseHeader(_ header: String, file: String) throws -> [String: String] {
        let text = header.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw DatasetError.badHeader(file: file, field: "header", value: String(text.prefix(40)), allowed: "a Python dict literal")
        }
        var fields: [String: String] = [:]
        var rest = Substring(text.dropFirst().dropLast())
        while let quote = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) {
            let afterQuote = rest.index(after: quote)
            guard let close = rest[afterQuote...].firstIndex(of: rest[quote]), let colon = rest[close...].firstIndex(of: ":") else { break }
            let key = String(rest[afterQuote ..< close])
            var value = rest[rest.index(after: colon)...].drop { $0 == " " }
            let end: Substring.Index
            if value.first == "(" {
                end = value.firstIndex(of: ")").map { value.index(after: $0) } ?? value.endIndex
            } else if let q = value.first, q == "'" || q == "\"" {
                end = value.dropFirst().firstIndex(of: q).map { value.index(after: $0) } ?? value.endIndex
            } else {
                end = value.firstIndex(of: ",") ?? value.endIndex
            }
            fields[key] = String(value[..<end]).trimmingCharacters(in: .whitespaces)
            value = value[end...]
            rest = value
        }
        return fields
    }

    /// The elements as `Float` (integers converted).
    public var floats: [Float] {
        data.withUnsafeBytes { raw in
            switch elementType {
            case .uint8: return raw.map { Float($0) }
            case .int32: return (0..<count).map { Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            case .int64: return (0..<count).map { Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
            case .float32: return (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            case .float64: return (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
            }
        }
    }

    /// The elements as integers, or `nil` for a floating-point array.
    public var integers: [Int]? {
        data.withUnsafeBytes { raw in
            switch elementType {
            case .uint8: return raw.map { Int($0) }
            case .int32: return (0..<count).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            case .int64: return (0..<count).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
            case .float32, .float64: return nil
            }
        }
    }

    /// The `.npy` encoding: version 1.0 unless the header needs 2.0's longer length field;
    /// the header is padded so that the data start at a multiple of 64 bytes.
    public var encoded: [UInt8] {
        let order = elementType == .uint8 ? "|" : "<"
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(order)\(elementType.rawValue)', 'fortran_order': False, 'shape': (\(dims)), }"
        let major: UInt8 = header.utf8.count + 11 < 65536 ? 1 : 2
        let prefix = major == 1 ? 10 : 12
        let padding = (64 - (prefix + header.utf8.count + 1) % 64) % 64
        header += String(repeating: " ", count: padding) + "\n"
        let length = header.utf8.count
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0]
        out += major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : (0..<4).map { UInt8(length >> (8 * $0) & 0xFF) }
        return out + Array(header.utf8) + data
    }

    /// Writes the encoding to `url`.
    public func write(to url: URL) throws {
        do {
            try Data(encoded).write(to: url, options: .atomic)
        } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }
}
