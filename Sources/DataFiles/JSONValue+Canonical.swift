extension JSONValue {
    /// The canonical JSON text of this tree: object keys sorted, numbers in their shortest form
    /// that reads back to the same `Double` (integers without a fraction: `8`, not `8.0`), no
    /// escaped slashes, non-finite numbers as `null`. Compact (no whitespace) unless `pretty`,
    /// which indents by two spaces.
    ///
    /// Equal trees give byte-identical text, so the text can be hashed (point seeds) and compared
    /// (merged shards against an unsharded run).
    public func canonicalJSON(pretty: Bool = false) -> String {
        var text = ""
        write(to: &text, indent: pretty ? 0 : nil)
        return text
    }

    /// A number as canonical JSON writes it, or `nil` when it is not finite.
    ///
    /// Integers of magnitude below 10¹⁶ are written without a fraction or exponent; other
    /// numbers in Swift's shortest round-trip form (`0.05`, `1e-06`, `1.5e+20`).
    public static func canonicalNumber(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e16 {
            return String(Int64(value))
        }
        return value.description
    }

    private func write(to text: inout String, indent: Int?) {
        switch self {
        case .null:
            text += "null"
        case .bool(let value):
            text += value ? "true" : "false"
        case .number(let value):
            text += Self.canonicalNumber(value) ?? "null"
        case .string(let value):
            Self.writeString(value, to: &text)
        case .array(let values):
            guard !values.isEmpty else {
                text += "[]"
                return
            }
            text += "["
            for (position, element) in values.enumerated() {
                if position > 0 { text += "," }
                Self.newline(&text, indent.map { $0 + 1 })
                element.write(to: &text, indent: indent.map { $0 + 1 })
            }
            Self.newline(&text, indent)
            text += "]"
        case .object(let members):
            guard !members.isEmpty else {
                text += "{}"
                return
            }
            text += "{"
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { text += "," }
                Self.newline(&text, indent.map { $0 + 1 })
                Self.writeString(key, to: &text)
                text += indent == nil ? ":" : ": "
                members[key]!.write(to: &text, indent: indent.map { $0 + 1 })
            }
            Self.newline(&text, indent)
            text += "}"
        }
    }

    private static func newline(_ text: inout String, _ indent: Int?) {
        guard let indent else { return }
        text += "\n" + String(repeating: "  ", count: indent)
    }

    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
