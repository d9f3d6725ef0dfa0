import Foundation

/// A sourced preset file: the JSON form shared by device presets (`Devices/*.json`) and
/// architectures (`Experiments/architectures/*.json`), found by name or path, read and checked
/// up to the parameter values, which the preset's own type checks.
///
/// The form:
/// ```json
/// {
///   "name": "isaac",
///   "description": "what the preset models",
///   "citation": "the papers its numbers come from",
///   "parameters": {
///     "arrayRows": { "value": 128, "source": "ISAAC Table I: 128×128 memristor arrays" }
///   }
/// }
/// ```
/// plus the top-level strings the ``Kind`` adds (a device preset's `technology`). Every
/// top-level key is required and no other is allowed; the strings and each parameter's `source`
/// are non-empty; each parameter is an object with exactly `value` and `source`. Problems throw
/// ``PresetFileError`` naming the file and the field.
public struct PresetFile: Sendable, Equatable {
    /// A family of preset files: what one is called, where the bundled ones live, which
    /// top-level strings it adds.
    public struct Kind: Sendable, Equatable {
        /// What one file is called in messages: `device preset`, `architecture`.
        public let noun: String
        /// The folder of the bundled files, relative to the Crossbar root (``ProjectDirectory``).
        public let folderPath: String
        /// Top-level string keys besides `name`, `description` and `citation` (`technology`).
        public let extraKeys: [String]
        /// Bundled names listed first, in this order; the others follow alphabetically.
        public let leadingNames: [String]

        /// A kind of preset file.
        public init(noun: String, folderPath: String, extraKeys: [String] = [], leadingNames: [String] = []) {
            self.noun = noun
            self.folderPath = folderPath
            self.extraKeys = extraKeys
            self.leadingNames = leadingNames
        }

        /// The folder of the bundled files.
        public func folder() throws -> URL {
            try ProjectDirectory.root().appendingPathComponent(folderPath)
        }

        /// Names of the bundled files (without `.json`): ``leadingNames`` first, then alphabetically.
        public func bundledNames() throws -> [String] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: try folder().path)) ?? []
            let names = files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
            func rank(_ name: String) -> Int { leadingNames.firstIndex(of: name) ?? leadingNames.count }
            return names.sorted { (rank($0), $0) < (rank($1), $1) }
        }
    }

    /// One parameter: its value, still as JSON, and where it comes from.
    public struct Parameter: Sendable, Equatable {
        /// The value, in the unit its key names.
        public let value: JSONValue
        /// The paper, table or figure the value comes from, or why it is an assumption.
        public let source: String
    }

    /// The file, as shown in error messages.
    public let file: String
    /// Preset name, e.g. `isaac`.
    public let name: String
    /// What the preset models.
    public let description: String
    /// The papers the numbers come from.
    public let citation: String
    /// The values of the kind's ``Kind/extraKeys``, by key.
    public let extras: [String: String]
    /// The parameters by key.
    public let parameters: [String: Parameter]

    /// The bundled file called `reference` (`<folder>/<reference>.json`), or the file at the
    /// path `reference` when it contains a `/` or ends in `.json`.
    public static func load(_ reference: String, kind: Kind) throws -> PresetFile {
        if reference.contains("/") || reference.hasSuffix(".json") {
            let url = URL(fileURLWithPath: reference)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw PresetFileError.notFound(
                    kind: kind.noun, reference: reference, available: (try? kind.bundledNames()) ?? [])
            }
            return try load(contentsOf: url, kind: kind)
        }
        let url = try kind.folder().appendingPathComponent(reference + ".json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PresetFileError.notFound(kind: kind.noun, reference: reference, available: try kind.bundledNames())
        }
        return try load(contentsOf: url, kind: kind)
    }

    /// The file at `url`.
    public static func load(contentsOf url: URL, kind: Kind) throws -> PresetFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PresetFileError.unreadable(kind: kind.noun, file: url.path, reason: error.localizedDescription)
        }
        return try parse(data, file: url.path, kind: kind)
    }

    /// Parses and checks a file's contents; `file` names it in errors.
    public static func parse(_ data: Data, file: String, kind: Kind) throws -> PresetFile {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw PresetFileError.malformedJSON(file: file, reason: error.description)
        }
        guard case .object(let top) = root else {
            throw PresetFileError.wrongType(file: file, field: "(top level)", expected: "an object")
        }
        let stringKeys = ["name"] + kind.extraKeys + ["description", "citation"]
        try checkKeys(top, allowed: stringKeys + ["parameters"], prefix: "", file: file)
        var strings: [String: String] = [:]
        for key in stringKeys {
            strings[key] = try string(top, key, prefix: "", file: file)
        }
        guard case .object(let entries) = top["parameters"]! else {
            throw PresetFileError.wrongType(file: file, field: "parameters", expected: "an object")
        }
        var parameters: [String: Parameter] = [:]
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let field = "parameters." + key
            guard case .object(let body) = entry else {
                throw PresetFileError.wrongType(file: file, field: field, expected: "an object {\"value\": …, \"source\": \"…\"}")
            }
            try checkKeys(body, allowed: ["value", "source"], prefix: field + ".", file: file)
            parameters[key] = Parameter(value: body["value"]!, source: try string(body, "source", prefix: field + ".", file: file))
        }
        return PresetFile(
            file: file, name: strings["name"]!, description: strings["description"]!, citation: strings["citation"]!,
            extras: strings.filter { kind.extraKeys.contains($0.key) }, parameters: parameters)
    }

    /// Throws unless the parameters are exactly `keys`: an unknown key first, then the first
    /// missing one in `keys` order.
    public func requireParameters(_ keys: [String]) throws {
        try Self.checkKeys(parameters, allowed: keys, prefix: "parameters.", file: file)
    }

    private static func checkKeys<Value>(_ object: [String: Value], allowed: [String], prefix: String, file: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PresetFileError.unknownKey(file: file, field: prefix + unknown, allowed: allowed.map { prefix + $0 })
        }
        if let missing = allowed.first(where: { object[$0] == nil }) {
            throw PresetFileError.missingKey(file: file, field: prefix + missing)
        }
    }

    private static func string(_ object: [String: JSONValue], _ key: String, prefix: String, file: String) throws -> String {
        guard case .string(let text) = object[key], !text.isEmpty else {
            throw PresetFileError.wrongType(file: file, field: prefix + key, expected: "a non-empty string")
        }
        return text
    }
}
