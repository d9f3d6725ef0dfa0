import Foundation

/// Prints `--json` output: one compact JSON object per command, keys sorted so that output is byte-for-byte reproducible.
enum JSONOutput {
    /// Encodes `value` as one line of JSON on standard output.
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
