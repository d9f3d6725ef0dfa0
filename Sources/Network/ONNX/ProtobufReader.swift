/// A reader of the protocol-buffers wire format (varints, fixed 32/64-bit values and
/// length-delimited fields), written by hand so that Crossbar needs no protobuf package.
///
/// Every read checks the remaining length and throws ``ONNXError`` naming `file` and the byte
/// offset instead of reading past the end.
struct ProtobufReader {
    /// The wire types of protobuf fields.
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int
    /// The file the data come from, for errors.
    let file: String

    /// A reader over `bytes` (a whole message).
    init(_ bytes: ArraySlice<UInt8>, file: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.file = file
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= bytes.endIndex }

    /// The next field's number and wire type, or `nil` at the end of the message.
    mutating func nextField() throws -> (number: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let start = position
        let key = try varint(field: "field key")
        guard let wireType = WireType(rawValue: Int(key & 7)) else {
            throw ONNXError.malformed(file: file, offset: start, reason: "unsupported wire type \(key & 7)")
        }
        let number = Int(key >> 3)
        guard number >= 1 && number < 1 << 29 else {
            throw ONNXError.malformed(file: file, offset: start, reason: "field number \(number) out of range")
        }
        return (number, wireType)
    }

    /// A base-128 varint (at most 10 bytes).
    mutating func varint(field: String) throws -> UInt64 {
        var value: UInt64 = 0
        let start = position
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < bytes.endIndex else { throw ONNXError.truncated(file: file, offset: start, field: field) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { break }
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw ONNXError.malformed(file: file, offset: start, reason: "\(field): varint longer than 10 bytes")
    }

    /// A varint read as a two's-complement `int64`.
    mutating func int64(field: String) throws -> Int64 {
        Int64(bitPattern: try varint(field: field))
    }

    /// Four little-endian bytes.
    mutating func fixed32(field: String) throws -> UInt32 {
        let raw = try take(4, field: field)
        return raw.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Eight little-endian bytes.
    mutating func fixed64(field: String) throws -> UInt64 {
        let raw = try take(8, field: field)
        return raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The payload of a length-delimited field.
    mutating func lengthDelimited(field: String) throws -> ArraySlice<UInt8> {
        let start = position
        let length = try varint(field: field)
        guard length <= UInt64(bytes.endIndex - position) else { throw ONNXError.truncated(file: file, offset: start, field: field) }
        return try take(Int(length), field: field)
    }

    /// A UTF-8 string field.
    mutating func string(field: String) throws -> String {
        String(decoding: try lengthDelimited(field: field), as: UTF8.self)
    }

    /// A nested message, as a reader over its bytes.
    mutating func message(field: String) throws -> ProtobufReader {
        ProtobufReader(try lengthDelimited(field: field), file: file)
    }

    /// Skips a field of the given wire type.
    mutating func skip(_ wireType: WireType, field: String) throws {
        switch wireType {
        case .varint: _ = try varint(field: field)
        case .fixed64: _ = try take(8, field: field)
        case .lengthDelimited: _ = try lengthDelimited(field: field)
        case .fixed32: _ = try take(4, field: field)
        }
    }

    /// Values of a repeated `int64` field, packed (length-delimited) or one per occurrence.
    mutating func repeatedInt64(_ wireType: WireType, field: String, into values: inout [Int64]) throws {
        try repeated(wireType, element: .varint, field: field, into: &values) { try $0.int64(field: field) }
    }

    /// Values of a repeated `float` field, packed or one per occurrence.
    mutating func repeatedFloat(_ wireType: WireType, field: String, into values: inout [Float]) throws {
        try repeated(wireType, element: .fixed32, field: field, into: &values) { Float(bitPattern: try $0.fixed32(field: field)) }
    }

    /// Values of a repeated `double` field, packed or one per occurrence.
    mutating func repeatedDouble(_ wireType: WireType, field: String, into values: inout [Double]) throws {
        try repeated(wireType, element: .fixed64, field: field, into: &values) { Double(bitPattern: try $0.fixed64(field: field)) }
    }

    /// Throws unless a field has the wire type its schema gives.
    func expect(_ actual: WireType, _ expected: WireType, field: String) throws {
        guard actual == expected else {
            throw ONNXError.malformed(file: file, offset: position, reason: "\(field) has wire type \(actual.rawValue), expected \(expected.rawValue)")
        }
    }

    /// Appends the values of a repeated scalar field whose elements have wire type `element`:
    /// all of them when the field is packed (length-delimited), else the one this occurrence holds.
    private mutating func repeated<Value>(
        _ wireType: WireType, element: WireType, field: String, into values: inout [Value],
        _ read: (inout ProtobufReader) throws -> Value
    ) throws {
        if wireType == .lengthDelimited {
            var packed = try message(field: field)
            while !packed.isAtEnd { values.append(try read(&packed)) }
        } else {
            try expect(wireType, element, field: field)
            values.append(try read(&self))
        }
    }

    private mutating func take(_ count: Int, field: String) throws -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - position else { throw ONNXError.truncated(file: file, offset: position, field: field) }
        defer { position += count }
        return bytes[position ..< position + count]
    }
}
