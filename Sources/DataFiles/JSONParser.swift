/// Why a text is not a JSON document: what was expected, at which line and column.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// Line of the error, from 1.
    public let line: Int
    /// Column of the error (in bytes), from 1.
    public let column: Int
    /// What is wrong.
    public let reason: String

    /// An error at `line` and `column` (both from 1).
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes, producing a ``JSONValue``.
///
/// Foundation's `JSONDecoder` reaches a `JSONValue` only by trying each type in turn, which
/// costs an error per attempt; this parser reads each value once, about ten times faster on
/// large result logs. It rejects what RFC 8259 rejects (trailing commas, leading zeros,
/// control characters in strings, invalid UTF-8) and also repeated object keys, which in a
/// configuration file are always a mistake.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Deepest nesting accepted, far beyond any configuration, so that hostile input cannot
    /// exhaust the stack.
    private static let maximumDepth = 512

    /// Parses one JSON document that fills all of `bytes` (whitespace aside).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw error("expected a value, found the end of the text") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value, found '\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(JSONParseError) -> T) throws(JSONParseError) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(JSONParseError) -> JSONValue in
            parser.position += 1
            var members: [String: JSONValue] = [:]
            parser.skipWhitespace()
            if parser.current == UInt8(ascii: "}") {
                parser.position += 1
                return .object(members)
            }
            while true {
                parser.skipWhitespace()
                guard parser.current == UInt8(ascii: "\"") else { throw parser.error("expected a key in double quotes") }
                let keyStart = parser.position
                let key = try parser.string()
                guard members[key] == nil else {
                    parser.position = keyStart
                    throw parser.error("the key '\(key)' appears twice in this object")
                }
                parser.skipWhitespace()
                guard parser.current == UInt8(ascii: ":") else { throw parser.error("expected ':' after the key") }
                parser.position += 1
                parser.skipWhitespace()
                members[key] = try parser.value()
                parser.skipWhitespace()
                switch parser.current {
                case UInt8(ascii: ","):
                    parser.position += 1
                case UInt8(ascii: "}"):
                    parser.position += 1
                    return .object(members)
                default:
                    throw parser.error("expected ',' or '}' in an object")
                }
            }
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(JSONParseError) -> JSONValue in
            parser.position += 1
            var elements: [JSONValue] = []
            parser.skipWhitespace()
            if parser.current == UInt8(ascii: "]") {
                parser.position += 1
                return .array(elements)
            }
            while true {
                parser.skipWhitespace()
                elements.append(try parser.value())
                parser.skipWhitespace()
                switch parser.current {
                case UInt8(ascii: ","):
                    parser.position += 1
                case UInt8(ascii: "]"):
                    parser.position += 1
                    return .array(elements)
                default:
                    throw parser.error("expected ',' or ']' in an array")
                }
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count
            && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw error("expected '\(word)'") }
        position += count
    }

    private mutating func number() throws(JSONParseError) -> Double {
        let start = position
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.position
            while let byte = parser.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { parser.position += 1 }
            return parser.position - first
        }
        if current == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw error("expected a digit") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart
            throw error("a number cannot start with 0 unless it is 0")
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw error("expected a digit after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error("the number \(text) is too large for a 64-bit float")
        }
        return value
    }

    private mutating func string() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes, so the bytes are the string.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 { position += 1 }
        if current == UInt8(ascii: "\"") {
            let text = try utf8(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start)
            position += 1
            return text
        }
        var buffer = Array(bytes[start..<position])
        while true {
            guard let byte = current else { throw error("a string is not closed") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try buffer.withUnsafeBufferPointer { pointer throws(JSONParseError) in try utf8(pointer, at: start) }
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &buffer)
            case ..<0x20:
                throw error("control character U+\(String(byte, radix: 16, uppercase: true)) in a string; write it escaped")
            default:
                buffer.append(byte)
                position += 1
            }
        }
    }

    private mutating func escape(into buffer: inout [UInt8]) throws(JSONParseError) {
        guard let byte = current else { throw error("a string is not closed") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hexQuad()
            if (0xD800..<0xDC00).contains(code) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate \\u\(String(code, radix: 16)) must be followed by a low one") }
                position += 2
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw error("expected a low surrogate") }
                code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(code) {
                throw error("a low surrogate without a high one")
            }
            buffer.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
        default:
            position -= 1
            throw error("unknown escape '\\\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = UInt32(String(Unicode.Scalar(byte)), radix: 16) else {
                throw error("expected four hexadecimal digits after \\u")
            }
            code = code << 4 | digit
            position += 1
        }
        return code
    }

    private func utf8(_ pointer: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> String {
        guard let text = String(validating: pointer, as: UTF8.self) else {
            var parser = self
            parser.position = start
            throw parser.error("a string is not valid UTF-8")
        }
        return text
    }

    private func error(_ reason: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONParseError(line: line, column: position - lineStart + 1, reason: reason)
    }
}
