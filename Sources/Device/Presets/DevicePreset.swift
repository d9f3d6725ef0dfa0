import DataFiles
import Foundation
import Numerics

/// A device preset: the JSON description of one memory device, with a source for every number,
/// validated on load and turned into a ``MemoryDevice`` by ``makeDevice()``.
///
/// The file is a ``PresetFile`` with a `technology` and a `model` (``DeviceModel``: Crossbar's
/// own or aihwkit's; see `Devices/*.json`):
/// ```json
/// {
///   "name": "reram",
///   "technology": "reram",
///   "model": "crossbar",
///   "description": "what the preset models",
///   "citation": "the papers its numbers come from",
///   "parameters": {
///     "resistanceOnOhms": { "value": 25000, "source": "Wan et al., Nature 2022 …" },
///     "programmingNoiseCoefficientsRelative": { "value": [0.0087, 0.4], "source": "…" }
///   }
/// }
/// ```
/// Keys carry their unit; values are numbers or lists of numbers. Unknown keys, missing keys,
/// values of the wrong type and values outside the model's valid range are errors
/// (``DevicePresetError``) naming the file, the field and what is allowed. Which parameters a
/// technology and model need is documented on its type (``ReRAMDevice``, ``PCMDevice``,
/// ``AIHWKitReRAMDevice``, ``AIHWKitPCMDevice``, ``STTMRAMDevice``, ``SRAMDevice``,
/// ``IdealDevice``).
public struct DevicePreset: Sendable, Equatable {
    /// Preset name, e.g. `reram`.
    public let name: String
    /// The technology, which with ``model`` selects the device type.
    public let technology: DeviceTechnology
    /// Whose model of the technology the preset uses.
    public let model: DeviceModel
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

    /// Device preset files: `Devices/*.json`, with a `technology`, bundled ones listed in
    /// technology order.
    public static let kind = PresetFile.Kind(
        noun: "device preset", folderPath: "Devices", extraKeys: ["technology", "model"],
        leadingNames: DeviceTechnology.allCases.map(\.rawValue))

    /// The bundled preset called `reference` (`Devices/<reference>.json`), or the file at the
    /// path `reference` when it contains a `/` or ends in `.json`.
    public static func load(_ reference: String) throws -> DevicePreset {
        try DevicePreset(PresetFile.load(reference, kind: kind))
    }

    /// Names of the presets in `Devices/`, in technology order.
    public static func bundledNames() throws -> [String] {
        try kind.bundledNames()
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
        try DevicePreset(PresetFile.parse(data, file: file, kind: kind))
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
        switch (technology, model) {
        case (.reram, .crossbar): try ReRAMDevice(preset: self)
        case (.reram, .aihwkit): try AIHWKitReRAMDevice(preset: self)
        case (.pcm, .crossbar): try PCMDevice(preset: self)
        case (.pcm, .aihwkit): try AIHWKitPCMDevice(preset: self)
        case (.sttmram, .crossbar): try STTMRAMDevice(preset: self)
        case (.sram, .crossbar): try SRAMDevice(preset: self)
        case (.ideal, .crossbar): try IdealDevice(preset: self)
        case (.sttmram, .aihwkit), (.sram, .aihwkit), (.ideal, .aihwkit):
            throw DevicePresetError.outOfRange(
                file: file, field: "model", value: model.rawValue,
                allowed: "crossbar for \(technology.rawValue) (aihwkit models exist for pcm and reram)")
        }
    }

    /// The preset a checked file describes: its technology known, its values numbers or lists
    /// of numbers.
    private init(_ preset: PresetFile) throws {
        let technologyName = preset.extras["technology"]!
        guard let technology = DeviceTechnology(rawValue: technologyName) else {
            throw DevicePresetError.outOfRange(
                file: preset.file, field: "technology", value: technologyName,
                allowed: "one of " + DeviceTechnology.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.name = preset.name
        self.technology = technology
        let modelName = preset.extras["model"]!
        guard let model = DeviceModel(rawValue: modelName) else {
            throw DevicePresetError.outOfRange(
                file: preset.file, field: "model", value: modelName,
                allowed: "one of " + DeviceModel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.model = model
        self.description = preset.description
        self.citation = preset.citation
        self.file = preset.file
        self.parameters = [:]
        for (key, parameter) in preset.parameters.sorted(by: { $0.key < $1.key }) {
            guard let value = PresetValue(parameter.value) else {
                throw DevicePresetError.wrongType(
                    file: preset.file, field: "parameters.\(key).value", expected: "a number or a list of numbers")
            }
            parameters[key] = PresetParameter(value: value, source: parameter.source)
        }
    }
}
