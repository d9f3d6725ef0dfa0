import Device
import Foundation
import Testing

@Suite("Bundled device presets")
struct PresetTests {
    static let names = ["reram", "pcm", "sttmram", "sram", "ideal", "pcm-aihwkit", "reram-aihwkit"]

    @Test("the bundled presets are the five technologies in technology order, then aihwkit's models")
    func bundledNames() throws {
        #expect(try DevicePreset.bundledNames() == Self.names)
    }

    @Test("every preset loads, validates and describes a consistent device", arguments: names)
    func presetLoads(name: String) throws {
        let preset = try DevicePreset.load(name)
        #expect(preset.name == name)
        #expect(preset.technology.rawValue == name.split(separator: "-")[0])
        #expect(preset.model == (name.hasSuffix("-aihwkit") ? .aihwkit : .crossbar))
        #expect(!preset.citation.isEmpty && !preset.description.isEmpty)
        for (key, parameter) in preset.parameters {
            #expect(!parameter.source.isEmpty, "\(name): \(key) has no source")
        }
        let device = try preset.makeDevice()
        #expect(device.name == name)
        #expect(device.technology == preset.technology)
        #expect(device.conductanceMinSiemens >= 0)
        #expect(device.conductanceMaxSiemens > device.conductanceMinSiemens)
        #expect((1...device.maximumBitsPerCell).contains(device.bitsPerCell))
        #expect(device.readVoltageVolts > 0 && device.readPulseSeconds > 0 && device.cellAreaFeatureSquared > 0)
        if device.technology == .sttmram || device.technology == .sram {
            #expect(device.maximumBitsPerCell == 1)
        }
    }

    @Test(
        "every non-ideal Crossbar preset has the d2dSigmaRelative knob, and the device reports it (aihwkit's models have no variation)",
        arguments: names)
    func variationKnob(name: String) throws {
        let preset = try DevicePreset.load(name)
        guard preset.technology != .ideal && preset.model == .crossbar else {
            #expect(preset.parameters["d2dSigmaRelative"] == nil)
            return
        }
        let parameter = try #require(preset.parameters["d2dSigmaRelative"])
        let device = try preset.makeDevice()
        #expect(parameter.value == .number(device.d2dSigmaRelative))
        let varied = try preset.overriding(["d2dSigmaRelative": 0.2]).makeDevice()
        #expect(varied.d2dSigmaRelative == 0.2)
    }

    @Test("a preset file path works wherever a name does")
    func loadByPath() throws {
        let byName = try DevicePreset.load("pcm")
        let byPath = try DevicePreset.load(byName.file)
        #expect(byPath == byName)
    }

    @Test("an unknown preset name lists the available ones")
    func unknownName() throws {
        let error = #expect(throws: DevicePresetError.self) { try DevicePreset.load("flash") }
        #expect(error == .notFound(kind: "device preset", reference: "flash", available: Self.names))
    }

    @Test("an override outside its range is rejected and marked as an override")
    func badOverride() throws {
        let preset = try DevicePreset.load("reram").overriding(["d2dSigmaRelative": -0.1])
        let error = #expect(throws: DevicePresetError.self) { try preset.makeDevice() }
        #expect(
            error == .outOfRange(file: preset.file, field: "parameters.d2dSigmaRelative", value: "-0.1 (override)", allowed: "[0.0, 0.5]"))
    }

    @Test("an override of a key the preset does not have is an unknown key")
    func unknownOverride() throws {
        let preset = try DevicePreset.load("ideal")
        let error = #expect(throws: DevicePresetError.self) { try preset.overriding(["d2dSigmaRelative": 0.1]) }
        guard case .unknownKey(_, let field, _) = error else {
            Issue.record("expected unknownKey, got \(String(describing: error))")
            return
        }
        #expect(field == "parameters.d2dSigmaRelative")
    }
}
