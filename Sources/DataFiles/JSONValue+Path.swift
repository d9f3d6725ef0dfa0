extension JSONValue {
    /// The object keys of a dotted path (`"device.d2dSigmaRelative"` → `["device", "d2dSigmaRelative"]`);
    /// throws ``JSONPathError/malformedPath(path:)`` when the path or one of its keys is empty.
    ///
    /// Paths address object members only; a key that contains a dot cannot be addressed.
    public static func pathComponents(_ path: String) throws -> [String] {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else { throw JSONPathError.malformedPath(path: path) }
        return keys
    }

    /// The value at a dotted path of object keys, or `nil` when a key is missing or a value on
    /// the way is not an object. A malformed path has no value.
    public func value(at path: String) -> JSONValue? {
        guard let keys = try? Self.pathComponents(path) else { return nil }
        var current = self
        for key in keys {
            guard case .object(let members) = current, let next = members[key] else { return nil }
            current = next
        }
        return current
    }

    /// Sets the value at a dotted path, creating missing objects on the way; throws
    /// ``JSONPathError`` when the path is malformed or a value on the way is not an object.
    public mutating func set(_ value: JSONValue, at path: String) throws {
        let keys = try Self.pathComponents(path)
        try set(value, keys: keys[...], path: path, walked: "")
    }

    /// This tree with the value at `path` set (see ``set(_:at:)``).
    public func setting(_ value: JSONValue, at path: String) throws -> JSONValue {
        var copy = self
        try copy.set(value, at: path)
        return copy
    }

    /// Removes the member at a dotted path, if there is one; other values are left as they are.
    public mutating func removeValue(at path: String) {
        guard let keys = try? Self.pathComponents(path) else { return }
        removeValue(keys: keys[...])
    }

    private mutating func set(_ value: JSONValue, keys: ArraySlice<String>, path: String, walked: String) throws {
        guard let key = keys.first else {
            self = value
            return
        }
        guard case .object(var members) = self else {
            throw JSONPathError.notAnObject(path: path, at: walked.isEmpty ? "(top level)" : walked, found: typeName)
        }
        var child = members[key] ?? .object([:])
        try child.set(value, keys: keys.dropFirst(), path: path, walked: walked.isEmpty ? key : walked + "." + key)
        members[key] = child
        self = .object(members)
    }

    private mutating func removeValue(keys: ArraySlice<String>) {
        guard let key = keys.first, case .object(var members) = self, var child = members[key] else { return }
        if keys.count == 1 {
            members[key] = nil
        } else {
            child.removeValue(keys: keys.dropFirst())
            members[key] = child
        }
        self = .object(members)
    }
}
