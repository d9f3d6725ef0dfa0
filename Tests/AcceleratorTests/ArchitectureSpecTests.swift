import DataFiles
import Foundation
import Numerics
import Testing

@testable import Accelerator

/// Loading, validating and overriding architecture specs.
@Suite("Architecture specs")
struct ArchitectureSpecTests {
    /// The ISAAC file's JSON with `edit` applied to its parameters, parsed as `edited.json`.
    private func parsedISAAC(_ edit: (inout [String: JSONValue]) -> Void) throws -> ArchitectureSpec {
        let url = try ArchitectureSpec.folder().appendingPathComponent("isaac.json")
        let root = try JSONValue.parse(Data(contentsOf: url))
        var top = try #require(root.objectValue)
        var parameters = try #require(top["parameters"]?.objectValue)
        edit(&parameters)
        top["parameters"] = .object(parameters)
        return try ArchitectureSpec.parse(Data(JSONValue.object(top).canonicalJSON().utf8), file: "edited.json")
    }

    @Test("isaac.json holds ISAAC's Table I organisation")
    func isaac() throws {
        let spec = try ArchitectureSpec.load("isaac")
        #expect(spec.name == "isaac")
        #expect(spec.arrayRows == 128 && spec.arrayColumns == 128)
        #expect(spec.bitsPerCell == 2 && spec.dacBits == 1 && spec.adcBits == 8)
        #expect(spec.columnsPerADC == 128 && spec.adcSampleRateHz == 1.28e9)
        #expect(spec.arraysPerIMA == 8 && spec.imasPerTile == 12 && spec.tilesPerChip == 168)
        #expect(spec.arraysPerChip == 8 * 12 * 168)
        #expect(spec.technologyNodeMetres == 32e-9 && spec.clockHz == 1.2e9 && spec.readCycleSeconds == 100e-9)
        #expect(spec.signEncoding == .offset && spec.columnFlip)
        #expect(spec.edramBytesPerTile == 65536 && spec.inputRegisterBytesPerIMA == 2048 && spec.outputRegisterBytesPerIMA == 256)
        #expect(spec.tilesPerRouter == 4 && spec.routersPerChip == 42 && spec.offChipLinks == 4)
        #expect(spec.adcRangePolicy == .fixed)
        #expect(Set(spec.sources.keys) == Set(ArchitectureSpec.parameterKeys))
    }

    @Test("prime.json holds PRIME's precision composition")
    func prime() throws {
        let spec = try ArchitectureSpec.load("prime")
        #expect(spec.arrayRows == 256 && spec.arrayColumns == 256)
        #expect(spec.bitsPerCell == 4 && spec.dacBits == 3 && spec.adcBits == 6)
        #expect(spec.weightBits == 8 && spec.inputBits == 6)
        #expect(spec.signEncoding == .differential && !spec.columnFlip)
        #expect(spec.adcRangePolicy == .calibrated && spec.adcRangePercentile == 100)
        #expect(try spec.weightEncoding.slicesPerWeight == 2)
    }

    @Test("every bundled architecture loads")
    func bundled() throws {
        let names = try ArchitectureSpec.bundledNames()
        #expect(names.contains("isaac") && names.contains("prime"))
        for name in names { _ = try ArchitectureSpec.load(name) }
    }

    @Test("an unknown name lists the bundled architectures")
    func unknownName() throws {
        #expect {
            try ArchitectureSpec.load("eyeriss")
        } throws: { error in
            guard case ArchitectureSpecError.notFound(let kind, let reference, let available) = error else { return false }
            return kind == "architecture" && reference == "eyeriss" && available.contains("isaac")
        }
    }

    @Test("an unknown parameter key is named with the keys allowed")
    func unknownKey() throws {
        #expect {
            try parsedISAAC { $0["adcBitz"] = .object(["value": 8, "source": "typo"]) }
        } throws: { error in
            "\(error)".contains("edited.json") && "\(error)".contains("'parameters.adcBitz'") && "\(error)".contains("parameters.adcBits")
        }
    }

    @Test("a missing parameter is named")
    func missingKey() throws {
        #expect(throws: ArchitectureSpecError.missingKey(file: "edited.json", field: "parameters.tilesPerChip")) {
            try parsedISAAC { $0["tilesPerChip"] = nil }
        }
    }

    @Test("a value of the wrong type names the field and the expected type")
    func wrongType() throws {
        let expected = ArchitectureSpecError.wrongType(file: "edited.json", field: "parameters.arrayRows.value", expected: "an integer in 1...4096")
        #expect(throws: expected) { try parsedISAAC { $0["arrayRows"] = .object(["value": "128", "source": "s"]) } }
        #expect(throws: expected) { try parsedISAAC { $0["arrayRows"] = .object(["value": 127.5, "source": "s"]) } }
    }

    @Test("out-of-range values name the field, the value and the range")
    func outOfRange() throws {
        #expect(
            throws: ArchitectureSpecError.outOfRange(
                file: "edited.json", field: "parameters.adcBits.value", value: "17", allowed: "an integer in 1...16")
        ) {
            try parsedISAAC { $0["adcBits"] = .object(["value": 17, "source": "s"]) }
        }
        #expect(
            throws: ArchitectureSpecError.outOfRange(
                file: "edited.json", field: "parameters.signEncoding.value", value: "\"twos\"",
                allowed: "one of \"differential\", \"offset\"")
        ) {
            try parsedISAAC { $0["signEncoding"] = .object(["value": "twos", "source": "s"]) }
        }
        // An ADC kind no model prices (pipeline) is refused.
        #expect(
            throws: ArchitectureSpecError.outOfRange(
                file: "edited.json", field: "parameters.adcArchitecture.value", value: "\"pipeline\"",
                allowed: "one of \"sar\", \"flash\", \"ramp\", \"senseAmplifier\"")
        ) {
            try parsedISAAC { $0["adcArchitecture"] = .object(["value": "pipeline", "source": "s"]) }
        }
        #expect(
            throws: ArchitectureSpecError.outOfRange(
                file: "edited.json", field: "parameters.clockHz.value", value: "0", allowed: "a number in (0.0, 100000000000.0]")
        ) {
            try parsedISAAC { $0["clockHz"] = .object(["value": 0, "source": "s"]) }
        }
    }

    @Test("contradicting fields are rejected: a flip without the offset scheme, arrays too narrow for one weight")
    func consistency() throws {
        let isaac = try ArchitectureSpec.load("isaac")
        #expect {
            try isaac.overriding(["signEncoding": "differential"])
        } throws: { error in
            guard case ArchitectureSpecError.outOfRange(_, let field, let value, _) = error else { return false }
            return field == "parameters.columnFlip" && value == "true"
        }
        // 16-bit weights in 2-bit cells take 8 columns plus the unit and reference columns.
        _ = try isaac.overriding(["arrayColumns": 10])
        #expect {
            try isaac.overriding(["arrayColumns": 9])
        } throws: { error in
            guard case ArchitectureSpecError.outOfRange(_, let field, let value, _) = error else { return false }
            return field == "parameters.arrayColumns" && value == "9 (override)"
        }
    }

    @Test("overrides replace values, are marked, and are checked like the file")
    func overrides() throws {
        let spec = try ArchitectureSpec.load("isaac").overriding(["bitsPerCell": 4, "tilesPerChip": 16], origin: "test")
        #expect(spec.bitsPerCell == 4 && spec.tilesPerChip == 16)
        #expect(spec.overriddenKeys == ["bitsPerCell", "tilesPerChip"])
        #expect(spec.sources["bitsPerCell"] == "test")
        #expect(spec.value(of: "tilesPerChip") == 16)
        #expect(throws: ArchitectureSpecError.self) { try spec.overriding(["arraysPerIMA": 0]) }
        #expect {
            try spec.overriding(["arrayRowz": 4])
        } throws: { error in
            "\(error)".contains("'parameters.arrayRowz'")
        }
    }
}
