import DataFiles
import Foundation
import Numerics
import Testing

@testable import Accelerator

/// Reading, defaulting, validating and writing run configurations.
@Suite("Run configuration")
struct RunConfigurationTests {
    @Test("the default is LeNet-5 on 10,000 images, ReRAM, ISAAC, 8-bit weights and inputs")
    func defaults() throws {
        let configuration = try RunConfiguration()
        #expect(configuration.network == "lenet5" && configuration.images == 10000)
        #expect(configuration.devicePreset == "reram" && configuration.architecture == "isaac")
        #expect(configuration.weightBits == 8 && configuration.inputBits == 8)
        // The ISAAC architecture's settings.
        #expect(configuration.arrayRows == 128 && configuration.arrayColumns == 128)
        #expect(configuration.bitsPerCell == 2 && configuration.dacBits == 1 && configuration.adcBits == 8)
        #expect(configuration.signEncoding == .offset && configuration.columnFlip)
        #expect(configuration.rowWireResistanceOhms == 0 && configuration.columnWireResistanceOhms == 0 && configuration.readNoise && !configuration.driftCompensation)
    }

    @Test("settings at dotted paths replace the defaults, and the architecture's values follow the architecture")
    func paths() throws {
        let json: JSONValue = [
            "architecture": "prime", "adc": ["bits": 7], "device": ["preset": "pcm", "d2dSigmaRelative": 0.1],
            "wire": ["resistanceOhms": 2.5], "driftTimeSeconds": 3600,
        ]
        let configuration = try RunConfiguration(json: json)
        #expect(configuration.adcBits == 7)
        #expect(configuration.arrayRows == 256 && configuration.bitsPerCell == 4 && configuration.dacBits == 3)
        #expect(configuration.signEncoding == .differential && !configuration.columnFlip)
        #expect(configuration.deviceOverrides == ["d2dSigmaRelative": .number(0.1)])
        #expect(try configuration.makeDevice().d2dSigmaRelative == 0.1)
        #expect(configuration.rowWireResistanceOhms == 2.5 && configuration.columnWireResistanceOhms == 2.5 && configuration.driftTimeSeconds == 3600)
        #expect(try configuration.setting(9, at: "adc.bits").adcBits == 9)
    }

    @Test("json writes every setting and reads back to the same configuration")
    func roundTrip() throws {
        let configuration = try RunConfiguration(json: ["device": ["preset": "pcm", "d2dSigmaRelative": 0.02], "architectureOverrides": ["tilesPerChip": 12]])
        let tree = configuration.json
        for path in RunConfiguration.paths where path != RunConfiguration.wireShorthand {
            #expect(tree.value(at: path) != nil, "missing \(path)")
        }
        #expect(tree.value(at: RunConfiguration.wireShorthand) == nil)
        #expect(tree.value(at: "device.d2dSigmaRelative") == 0.02)
        #expect(try RunConfiguration(json: tree) == configuration)
        let decoded = try JSONDecoder().decode(RunConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration)
    }

    @Test("row and column wires are set apart; the shorthand sets both, is refused beside them and a later source wins")
    func wires() throws {
        let apart = try RunConfiguration(json: ["wire": ["rowResistanceOhms": 3, "columnResistanceOhms": 1]])
        #expect(apart.rowWireResistanceOhms == 3 && apart.columnWireResistanceOhms == 1)
        #expect(apart.json.value(at: "wire.rowResistanceOhms") == 3 && apart.json.value(at: "wire.columnResistanceOhms") == 1)
        #expect(try RunConfiguration(json: apart.json) == apart)
        let both = try RunConfiguration(json: ["wire": ["resistanceOhms": 2]])
        #expect(both.rowWireResistanceOhms == 2 && both.columnWireResistanceOhms == 2)
        #expect(throws: RunConfigurationError.self) { try RunConfiguration(json: ["wire": ["resistanceOhms": 2, "columnResistanceOhms": 1]]) }
        #expect {
            try RunConfiguration(json: ["wire": ["resistanceOhms": 2, "rowResistanceOhms": 1]])
        } throws: { error in
            guard case RunConfigurationError.rejected(let path, _) = error else { return false }
            return path == "wire.resistanceOhms"
        }
        #expect(throws: RunConfigurationError.self) { try RunConfiguration(json: ["wire": ["rowResistanceOhms": -1]]) }
        // A later source wins: the shorthand over both, a specific key over the shorthand keeps the other value.
        let swept = try apart.setting(5, at: "wire.resistanceOhms")
        #expect(swept.rowWireResistanceOhms == 5 && swept.columnWireResistanceOhms == 5)
        let layered = try RunConfiguration.layering(4, at: "wire.rowResistanceOhms", over: ["wire": ["resistanceOhms": 2]])
        let mixed = try RunConfiguration(json: layered)
        #expect(mixed.rowWireResistanceOhms == 4 && mixed.columnWireResistanceOhms == 2)
        #expect(RunConfiguration.gives("wire.resistanceOhms", in: ["wire": ["columnResistanceOhms": 1]]))
        #expect(!RunConfiguration.gives("wire.rowResistanceOhms", in: ["wire": ["columnResistanceOhms": 1]]))
    }

    @Test("weights that fit in one cell default to differential pairs, a too-coarse ADC to calibrated ranges; explicit settings win")
    func derivedDefaults() throws {
        // aihwkit's configuration: 8-bit weights on 8-bit PCM cells, 8-bit DAC and ADC. The fixed
        // range would be 128 rows × 255 levels × 255 codes, far beyond 8 bits.
        let aihwkit: JSONValue = ["network": "mlp", "device": ["preset": "pcm"], "cells": ["bits": 8], "dac": ["bits": 8], "adc": ["bits": 8]]
        let derived = try RunConfiguration(json: aihwkit)
        #expect(derived.signEncoding == .differential && !derived.columnFlip && derived.adcRangePolicy == .calibrated)
        #expect(try RunConfiguration(json: derived.json) == derived)
        let stated = try RunConfiguration(
            json: ["network": "mlp", "device": ["preset": "pcm"], "cells": ["bits": 8], "dac": ["bits": 8],
                   "adc": ["bits": 8, "rangePolicy": "fixed"], "weights": ["encoding": "offset"]])
        #expect(stated.signEncoding == .offset && stated.adcRangePolicy == .fixed)
        // ISAAC: 128 rows × 3 levels, halved by the column flip = 192 ≤ 2⁸ − 1, so 8 bits keep the
        // fixed range and 7 bits do not.
        #expect(try RunConfiguration(json: ["adc": ["bits": 8]]).adcRangePolicy == .fixed)
        #expect(try RunConfiguration(json: ["adc": ["bits": 7]]).adcRangePolicy == .calibrated)
        #expect(try RunConfiguration(json: ["adc": ["bits": 7, "rangePolicy": "fixed"]]).adcRangePolicy == .fixed)
    }

    @Test("binary devices get one bit per cell unless the run asks for more, which is an error")
    func binaryDevices() throws {
        #expect(try RunConfiguration(json: ["device": ["preset": "sttmram"]]).bitsPerCell == 1)
        #expect(
            throws: RunConfigurationError.outOfRange(
                path: "cells.bits", value: "2", allowed: "1...1 (device 'sttmram' stores at most 1 bits per cell)")
        ) {
            try RunConfiguration(json: ["device": ["preset": "sttmram"], "cells": ["bits": 2]])
        }
    }

    @Test("errors name the path: unknown keys, wrong types, out-of-range values")
    func errors() throws {
        #expect {
            try RunConfiguration(json: ["adc": ["bitz": 8]])
        } throws: { error in
            guard case RunConfigurationError.unknownKey(let path, let allowed) = error else { return false }
            return path == "adc.bitz" && allowed.contains("adc.bits")
        }
        #expect(throws: RunConfigurationError.unknownKey(path: "adcBits", allowed: [])) {
            do { _ = try RunConfiguration(json: ["adcBits": 8]) } catch RunConfigurationError.unknownKey(let path, _) {
                throw RunConfigurationError.unknownKey(path: path, allowed: [])
            }
        }
        #expect(throws: RunConfigurationError.wrongType(path: "adc.bits", expected: "an integer in 1...16")) {
            try RunConfiguration(json: ["adc": ["bits": "8"]])
        }
        #expect(throws: RunConfigurationError.outOfRange(path: "inputs.bits", value: "16", allowed: "an integer in 2...15")) {
            try RunConfiguration(json: ["inputs": ["bits": 16]])
        }
        #expect(throws: RunConfigurationError.wrongType(path: "adc", expected: "an object")) {
            try RunConfiguration(json: ["adc": 8])
        }
        #expect {
            try RunConfiguration(json: ["device": ["preset": "reram", "d2dSigma": 0.1]])
        } throws: { error in
            guard case RunConfigurationError.unknownKey(let path, let allowed) = error else { return false }
            return path == "device.d2dSigma" && allowed.contains("device.d2dSigmaRelative")
        }
        #expect {
            try RunConfiguration(json: ["device": ["preset": "reram", "d2dSigmaRelative": 0.9]])
        } throws: { error in
            guard case RunConfigurationError.rejected(let path, _) = error else { return false }
            return path == "device.d2dSigmaRelative"
        }
        #expect {
            try RunConfiguration(json: ["device": ["preset": "nosuchdevice"]])
        } throws: { error in
            guard case RunConfigurationError.rejected(let path, _) = error else { return false }
            return path == "device.preset"
        }
    }

    @Test("the digital baseline is a setting: macArray by default, one of three kinds, a batch of at least 1")
    func baselineSetting() throws {
        let defaults = try RunConfiguration()
        #expect(defaults.baselineKind == .macArray && defaults.baselineBatchSize == 1)
        let eyeriss = try RunConfiguration(json: ["baseline": ["kind": "eyeriss", "batchSize": 4]])
        #expect(eyeriss.baselineKind == .eyeriss && eyeriss.baselineBatchSize == 4)
        #expect(try RunConfiguration(json: eyeriss.json) == eyeriss)
        #expect(throws: RunConfigurationError.outOfRange(
            path: "baseline.kind", value: "\"tpu\"", allowed: "one of \"macArray\", \"dadiannao\", \"eyeriss\"")) {
            try RunConfiguration(json: ["baseline": ["kind": "tpu"]])
        }
        #expect(throws: RunConfigurationError.outOfRange(path: "baseline.batchSize", value: "0", allowed: "an integer in 1...1000000")) {
            try RunConfiguration(json: ["baseline": ["batchSize": 0]])
        }
    }

    @Test("architecture overrides take the keys without a setting of their own")
    func architectureOverrides() throws {
        let configuration = try RunConfiguration(json: ["architectureOverrides": ["tilesPerChip": 4]])
        #expect(try configuration.architectureSpec().tilesPerChip == 4)
        #expect(throws: RunConfigurationError.rejected(path: "architectureOverrides.adcBits", reason: "set it with 'adc.bits' instead")) {
            try RunConfiguration(json: ["architectureOverrides": ["adcBits": 4]])
        }
        #expect {
            try RunConfiguration(json: ["architectureOverrides": ["tilez": 4]])
        } throws: { error in
            guard case RunConfigurationError.unknownKey(let path, let allowed) = error else { return false }
            return path == "architectureOverrides.tilez" && allowed.contains("tilesPerChip") && !allowed.contains("adcBits")
        }
    }

    @Test("the run's settings reach the architecture; contradictions name the run's path")
    func effectiveArchitecture() throws {
        let spec = try RunConfiguration(json: ["cells": ["bits": 4], "array": ["rows": 64]]).architectureSpec()
        #expect(spec.bitsPerCell == 4 && spec.arrayRows == 64 && spec.arrayColumns == 128)
        #expect(spec.overriddenKeys.contains("bitsPerCell"))
        // 8-bit weights in 1-bit cells with the offset scheme need 10 columns.
        #expect {
            try RunConfiguration(json: ["cells": ["bits": 1], "array": ["columns": 9]])
        } throws: { error in
            guard case RunConfigurationError.outOfRange(let path, let value, _) = error else { return false }
            return path == "array.columns" && value == "9"
        }
        #expect(!(try RunConfiguration(json: ["weights": ["encoding": "differential"]]).columnFlip))
    }
}
