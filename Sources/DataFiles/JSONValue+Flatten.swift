extension JSONValue {
    /// The leaves of this tree as dotted columns, sorted by column name: nested object members
    /// become `prefix.key.subkey`; arrays, empty objects and scalars are leaves.
    ///
    /// `{"adc": {"bits": 8}, "seed": 1}` with prefix `"configuration"` gives
    /// `[("configuration.adc.bits", 8), ("configuration.seed", 1)]`. This is how a result record
    /// becomes a flat, pandas-ready CSV row. A scalar at the top level is one column named `prefix`.
    public func flattened(prefix: String = "") -> [(column: String, value: JSONValue)] {
        var columns: [(column: String, value: JSONValue)] = []
        flatten(prefix: prefix, into: &columns)
        return columns.sorted { $0.column < $1.column }
    }

    private func flatten(prefix: String, into columns: inout [(column: String, value: JSONValue)]) {
        guard case .object(let members) = self, !members.isEmpty else {
            columns.append((prefix, self))
            return
        }
        for (key, member) in members {
            member.flatten(prefix: prefix.isEmpty ? key : prefix + "." + key, into: &columns)
        }
    }
}
