import Foundation
import Numerics

/// A device preset: the JSON description of one memory device, with a source for every number,
/// validated on load and turned into a ``MemoryDevice`` by ``makeDevice()``.
///
/// The file format (see `Devices/*.json`):
/// ```json
/// {
///   "name": "reram",
///   "technology": "reram",
///   "description": "what the preset models",
///   "citation": "the papers its numbers come from",
///   "parameters": {
///     "resistanceOnOhms": { "value": 25000, "source": "Wan et al., Nature 2022 …" },
///     "programmingNoiseCoefficientsRelative": { "value": [0.0087, 0.4], "source": "…" }
///   }
/// }
/// ```
/// Keys carry their unit. Unknown keys, missing keys, values of the wrong type and values
/// outside the model's valid range are errors (``DevicePresetError``) naming the file, the
/// field and what is allowed. Which parameters a technology needs is documented on its type
/// (``ReRAMDevice``, ``PCMDevice``, ``STTMRAMDevice``, ``SRAMDevice``, ``IdealDevice``).
public struct DevicePreset: Sendable, Equatable {
    /// Preset name, e.g. `reram`.
    public let name: String
    /// The technology, which selects the model.
    public let technology: DeviceTechnology
    /// What the preset models, in a sentence or two.
    public let description: String
    /// The papers the numbers come from.
    public let citation: String
    /// The file the preset was read from, as shown in error messages.
    public let file: String
    /// The parameters by key.
    public private(set) var parameters: [String: PresetParameter]
    /// Keys whose values were replaced by ``overriding(_:)``.
    public private(set) var overriddenKeys: Set<String> = []

    /// The bundled preset called `reference` (`Devices/<reference>.json`), or the file at the
    /// path `reference` when it contains a `/` or ends in `.json`.
    public static func load(_ reference: String) throws -> DevicePreset {
        if reference.contains("/") || reference.hasSuffix(".json") {
            let url = URL(fileURLWithPath: reference)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw DevicePresetError.notFound(reference: reference, available: (try? bundledNames()) ?? [])
            }
            return try load(contentsOf: url)
        }
        let url = try ProjectDirectory.devices().appendingPathComponent(reference + ".json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DevicePresetError.notFound(reference: reference, available: try bundledNames())
        }
        return try load(contentsOf: url)
    }

    /// The preset in the file at `url`.
    public static func load(contentsOf url: URL) throws -> DevicePreset {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DevicePresetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(data, file: url.path)
    }

    /// Names of the presets in `Devices/`, in technology order.
    public static func bundledNames() throws -> [String] {
        let folder = try ProjectDirectory.devices()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let names = files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        func rank(_ name: String) -> Int {
            DeviceTechnology.allCases.firstIndex { $0.rawValue == name } ?? DeviceTechnology.allCases.count
        }
        return names.sorted { (rank($0), $0) < (rank($1), $1) }
    }

    /// Every bundled preset, loaded and validated.
    public static func bundled() throws -> [DevicePreset] {
        try bundledNames().map { try load($0) }
    }

    /// The device a preset name or file describes, with `overrides` applied.
    public static func device(_ reference: String, overriding overrides: [String: PresetValue] = [:]) throws
        -> any MemoryDevice
    {
        try load(reference).overriding(overrides).makeDevice()
    }

    /// Parses and checks the structure of a preset file's contents; `file` names it in errors.
    /// Parameter values are checked against their model's ranges by ``makeDevice()``.
    public static func parse(_ data: Data, file: String) throws -> DevicePreset {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw DevicePresetError.malformedJSON(file: file, reason: reason(error))
        }
        guard case .object(let top) = root else {
            throw DevicePresetError.wrongType(file: file, field: "(top level)", expected: "an object")
        }
        let topKeys = ["name", "technology", "description", "citation", "parameters"]
        try checkKeys(top, allowed: topKeys, prefix: "", file: file)
        let name = try string(top, "name", file: file)
        let technologyName = try string(top, "technology", file: file)
        guard let technology = DeviceTechnology(rawValue: technologyName) else {
            throw DevicePresetError.unknownTechnology(
                file: file, value: technologyName, allowed: DeviceTechnology.allCases.map(\.rawValue))
        }
        guard case .object(let entries) = top["parameters"]! else {
            throw DevicePresetError.wrongType(file: file, field: "parameters", expected: "an object")
        }
        var parameters: [String: PresetParameter] = [:]
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let field = "parameters." + key
            guard case .object(let body) = entry else {
                throw DevicePresetError.wrongType(
                    file: file, field: field, expected: "an object {\"value\": …, \"source\": \"…\"}")
            }
            try checkKeys(body, allowed: ["value", "source"], prefix: field + ".", file: file)
            let source = try string(body, "source", prefix: field + ".", file: file)
            let value: PresetValue
            switch body["value"]! {
            case .number(let number):
                value = .number(number)
            case .array(let items):
                value = .numbers(
                    try items.map { item in
                        guard case .number(let number) = item else {
                            throw DevicePresetError.wrongType(
                                file: file, field: field + ".value", expected: "a number or a list of numbers")
                        }
                        return number
                    })
            default:
                throw DevicePresetError.wrongType(
                    file: file, field: field + ".value", expected: "a number or a list of numbers")
            }
            parameters[key] = PresetParameter(value: value, source: source)
        }
        return DevicePreset(
            name: name, technology: technology, description: try string(top, "description", file: file),
            citation: try string(top, "citation", file: file), file: file, parameters: parameters)
    }

    /// The preset with some parameter values replaced (a sweep point, a what-if). Keys must be
    /// ones the preset has; values are checked by ``makeDevice()``.
    public func overriding(_ overrides: [String: PresetValue]) throws -> DevicePreset {
        var copy = self
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard parameters[key] != nil else {
                throw DevicePresetError.unknownKey(
                    file: file, field: "parameters." + key, allowed: parameters.keys.sorted().map { "parameters." + $0 })
            }
            copy.parameters[key] = PresetParameter(value: value, source: "override")
            copy.overriddenKeys.insert(key)
        }
        return copy
    }

    /// The device this preset describes; throws if a parameter is missing, unknown or outside
    /// its model's valid range.
    public func makeDevice() throws -> any MemoryDevice {
        switch technology {
        case .reram: try ReRAMDevice(preset: self)
        case .pcm: try PCMDevice(preset: self)
        case .sttmram: try STTMRAMDevice(preset: self)
        case .sram: try SRAMDevice(preset: self)
        case .ideal: try IdealDevice(preset: self)
        }
    }

    private init(
        name: String, technology: DeviceTechnology, description: String, citation: String, file: String,
        parameters: [String: PresetParameter]
    ) {
        self.name = name
        self.technology = technology
        self.description = description
        self.citation = citation
        self.file = file
        self.parameters = parameters
    }

    private static func checkKeys(_ object: [String: JSONValue], allowed: [String], prefix: String, file: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DevicePresetError.unknownKey(file: file, field: prefix + unknown, allowed: allowed.map { prefix + $0 })
        }
        if let missing = allowed.first(where: { object[$0] == nil }) {
            throw DevicePresetError.missingKey(file: file, field: prefix + missing)
        }
    }

    private static func string(_ object: [String: JSONValue], _ key: String, prefix: String = "", file: String) throws
        -> String
    {
        guard case .string(let text) = object[key], !text.isEmpty else {
            throw DevicePresetError.wrongType(file: file, field: prefix + key, expected: "a non-empty string")
        }
        return text
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
            return context.debugDescription + underlying
        default:
            return "\(error)"
        }
    }
}
