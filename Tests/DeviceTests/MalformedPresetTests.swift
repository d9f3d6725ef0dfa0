import Device
import Foundation
import Testing

/// Each way a preset file can be wrong gives its own error naming the file, the field and what
/// is allowed. Fixtures are the bundled presets with one change each.
@Suite("Malformed device presets")
struct MalformedPresetTests {
    /// The bundled preset `name` as a JSON object.
    static func bundledJSON(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try DevicePreset.load(name).file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `object` serialized and loaded as a device under the file name `file`.
    static func makeDevice(_ object: [String: Any], file: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        _ = try DevicePreset.parse(data, file: file).makeDevice()
    }

    /// The bundled preset `name` with parameter `key` set to `value` (nil removes it).
    static func withParameter(_ name: String, _ key: String, _ value: Any?) throws -> [String: Any] {
        var object = try bundledJSON(name)
        var parameters = try #require(object["parameters"] as? [String: Any])
        if let value {
            parameters[key] = ["value": value, "source": "test fixture"]
        } else {
            parameters[key] = nil
        }
        object["parameters"] = parameters
        return object
    }

    static func error(_ object: [String: Any], file: String = "fixture.json") -> DevicePresetError? {
        do {
            try makeDevice(object, file: file)
            return nil
        } catch let error as DevicePresetError {
            return error
        } catch {
            return nil
        }
    }

    @Test("a negative resistance names the field and the allowed range")
    func negativeResistance() throws {
        let error = Self.error(try Self.withParameter("reram", "resistanceOnOhms", -25000))
        #expect(error == .outOfRange(file: "fixture.json", field: "parameters.resistanceOnOhms", value: "-25000.0", allowed: "(0.0, ∞)"))
    }

    @Test("an on/off ratio of 1 is rejected: the window would be empty")
    func unitOnOffRatio() throws {
        let error = Self.error(try Self.withParameter("sttmram", "onOffRatio", 1))
        #expect(error == .outOfRange(file: "fixture.json", field: "parameters.onOffRatio", value: "1.0", allowed: "(1.0, ∞)"))
    }

    @Test("zero bits per cell (one level) is rejected")
    func zeroLevels() throws {
        let error = Self.error(try Self.withParameter("pcm", "bitsPerCell", 0))
        #expect(error == .outOfRange(file: "fixture.json", field: "parameters.bitsPerCell", value: "0.0", allowed: "an integer in 1...8"))
    }

    @Test("more default bits than the model supports is rejected")
    func tooManyBits() throws {
        let error = Self.error(try Self.withParameter("reram", "bitsPerCell", 5))
        #expect(error == .outOfRange(file: "fixture.json", field: "parameters.bitsPerCell", value: "5.0", allowed: "at most maximumBitsPerCell"))
    }

    @Test("a fractional bit count is the wrong type")
    func fractionalBits() throws {
        let error = Self.error(try Self.withParameter("ideal", "bitsPerCell", 2.5))
        #expect(error == .wrongType(file: "fixture.json", field: "parameters.bitsPerCell", expected: "an integer in 1...16"))
    }

    @Test("an unknown parameter is named, even when it looks like a misspelt required one")
    func unknownParameter() throws {
        var object = try Self.withParameter("sram", "readCurrentAmperes", nil)
        var parameters = try #require(object["parameters"] as? [String: Any])
        parameters["readCurrentAmps"] = ["value": 2e-5, "source": "test fixture"]
        object["parameters"] = parameters
        guard case .unknownKey(let file, let field, let allowed) = Self.error(object) else {
            Issue.record("expected unknownKey")
            return
        }
        #expect(file == "fixture.json" && field == "parameters.readCurrentAmps")
        #expect(allowed.contains("parameters.readCurrentAmperes"))
    }

    @Test("a missing parameter is named")
    func missingParameter() throws {
        let error = Self.error(try Self.withParameter("pcm", "driftReferenceSeconds", nil))
        #expect(error == .missingKey(file: "fixture.json", field: "parameters.driftReferenceSeconds"))
    }

    @Test("a parameter without a source is rejected")
    func missingSource() throws {
        var object = try Self.bundledJSON("ideal")
        var parameters = try #require(object["parameters"] as? [String: Any])
        parameters["bitsPerCell"] = ["value": 2]
        object["parameters"] = parameters
        #expect(Self.error(object) == .missingKey(file: "fixture.json", field: "parameters.bitsPerCell.source"))
    }

    @Test("a string where a number belongs is the wrong type")
    func stringValue() throws {
        let error = Self.error(try Self.withParameter("reram", "onOffRatio", "ten"))
        #expect(error == .wrongType(file: "fixture.json", field: "parameters.onOffRatio.value", expected: "a number or a list of numbers"))
    }

    @Test("a list where a number belongs is the wrong type")
    func listValue() throws {
        let error = Self.error(try Self.withParameter("reram", "onOffRatio", [10, 20]))
        #expect(error == .wrongType(file: "fixture.json", field: "parameters.onOffRatio", expected: "a number in (1.0, ∞)"))
    }

    @Test("a noise polynomial that goes negative on [0, 1] is rejected")
    func negativePolynomial() throws {
        let error = Self.error(try Self.withParameter("pcm", "programmingNoiseCoefficientsRelative", [0.01, -0.05]))
        #expect(
            error == .outOfRange(
                file: "fixture.json", field: "parameters.programmingNoiseCoefficientsRelative", value: "[0.01, -0.05]",
                allowed: "coefficients whose polynomial is ≥ 0 for x in [0, 1]"))
    }

    @Test("stuck-at rates that add up to more than 1 are rejected")
    func stuckRates() throws {
        var object = try Self.withParameter("reram", "stuckOnRate", 0.6)
        var parameters = try #require(object["parameters"] as? [String: Any])
        parameters["stuckOffRate"] = ["value": 0.6, "source": "test fixture"]
        object["parameters"] = parameters
        #expect(Self.error(object) == .outOfRange(file: "fixture.json", field: "parameters.stuckOffRate", value: "0.6", allowed: "stuckOnRate + stuckOffRate ≤ 1"))
    }

    @Test("an STT-MRAM write current at the critical current is outside both switching models")
    func sttRegime() throws {
        let error = Self.error(try Self.withParameter("sttmram", "criticalCurrentToParallelAmperes", 1 / 3920.0))
        guard case .outOfRange(_, let field, _, _) = error else {
            Issue.record("expected outOfRange, got \(String(describing: error))")
            return
        }
        #expect(field == "parameters.criticalCurrentToParallelAmperes")
    }

    @Test("an unknown top-level key is named")
    func unknownTopLevelKey() throws {
        var object = try Self.bundledJSON("ideal")
        object["author"] = "someone"
        guard case .unknownKey(_, let field, _) = Self.error(object) else {
            Issue.record("expected unknownKey")
            return
        }
        #expect(field == "author")
    }

    @Test("a missing citation is named")
    func missingCitation() throws {
        var object = try Self.bundledJSON("ideal")
        object["citation"] = nil
        #expect(Self.error(object) == .missingKey(file: "fixture.json", field: "citation"))
    }

    @Test("an unknown technology lists the known ones")
    func unknownTechnology() throws {
        var object = try Self.bundledJSON("ideal")
        object["technology"] = "feram"
        #expect(
            Self.error(object)
                == .outOfRange(file: "fixture.json", field: "technology", value: "feram", allowed: "one of reram, pcm, sttmram, sram, ideal"))
    }

    @Test("an unknown model lists the known ones, and aihwkit's model exists only for pcm and reram")
    func models() throws {
        var object = try Self.bundledJSON("sram")
        object["model"] = "neurosim"
        #expect(
            Self.error(object)
                == .outOfRange(file: "fixture.json", field: "model", value: "neurosim", allowed: "one of crossbar, aihwkit"))
        object["model"] = "aihwkit"
        #expect(
            Self.error(object)
                == .outOfRange(
                    file: "fixture.json", field: "model", value: "aihwkit",
                    allowed: "crossbar for sram (aihwkit models exist for pcm and reram)"))
        var missing = try Self.bundledJSON("pcm")
        missing["model"] = nil
        #expect(Self.error(missing) == .missingKey(file: "fixture.json", field: "model"))
    }

    @Test("reram relaxation fits must follow programming in time and come in equal-length polynomials")
    func relaxationFits() throws {
        let early = try Self.withParameter("reram", "relaxationTimesSeconds", [0.5, 86400])
        guard case .outOfRange(_, let earlyField, _, let allowed) = Self.error(early) else {
            Issue.record("expected outOfRange")
            return
        }
        #expect(earlyField == "parameters.relaxationTimesSeconds")
        #expect(allowed == "increasing times, each after programmingNoiseSeconds")
        let uneven = try Self.withParameter("reram-aihwkit", "relaxationCoefficientsRelative", [0.01, 0.2, 0.3])
        guard case .outOfRange(_, let field, _, _) = Self.error(uneven) else {
            Issue.record("expected outOfRange")
            return
        }
        #expect(field == "parameters.relaxationCoefficientsRelative")
    }

    @Test("text that is not JSON is reported as such, naming the file on disk")
    func notJSON() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-malformed-\(UUID().uuidString).json")
        try Data("{\"name\": \"broken\",".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: DevicePresetError.self) { try DevicePreset.load(url.path) }
        guard case .malformedJSON(let file, _) = error else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        #expect(file == url.path)
        #expect(error?.description.hasPrefix(url.path + ": not valid JSON") == true)
    }
}
