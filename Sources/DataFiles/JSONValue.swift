import Foundation

/// A JSON document as a tree of values that keeps booleans, numbers and strings apart, so a
/// loader can name a value of the wrong type instead of coercing it.
///
/// Used for preset files, experiment specs, run configurations and result records. Numbers are
/// `Double` (as in JSON); integers up to 2⁵³ are exact. Objects are unordered: every encoding
/// Crossbar writes sorts keys (see ``canonicalJSON(pretty:)``). JSON has no NaN or infinity, so
/// a non-finite number is encoded as `null`.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value) where value.isFinite: try container.encode(value)
        case .number: try container.encodeNil()
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }

    /// Parses a JSON document (RFC 8259; repeated object keys are rejected too); throws
    /// ``JSONParseError`` with the line and column when `data` is not one.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        return try result.get()
    }

    /// The tree `value` encodes to (through `JSONEncoder`).
    public static func encoding(_ value: some Encodable) throws -> JSONValue {
        try parse(JSONEncoder().encode(value))
    }

    /// The JSON type's name, for error messages ("a number", "an object").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The number, if this is one.
    public var numberValue: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { members } else { nil }
    }
}
