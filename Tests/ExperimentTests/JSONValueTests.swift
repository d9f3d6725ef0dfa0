import Foundation
import Numerics
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("parsing keeps booleans, numbers, strings and null apart")
    func parsingKeepsTypes() throws {
        let value = try JSONValue.parse(Data(#"{"a": true, "b": 1, "c": "1", "d": null, "e": [0.5, false]}"#.utf8))
        #expect(value == .object([
            "a": .bool(true), "b": .number(1), "c": .string("1"), "d": .null,
            "e": .array([.number(0.5), .bool(false)]),
        ]))
    }

    @Test("canonical JSON sorts keys, writes integers without a fraction and numbers in shortest form")
    func canonicalCompact() {
        let value: JSONValue = ["b": 8, "a": ["z": 0.05, "y": -3, "x": 1e-6, "w": 2.5e20], "c": [true, nil, "s/t"]]
        #expect(value.canonicalJSON() == #"{"a":{"w":2.5e+20,"x":1e-06,"y":-3,"z":0.05},"b":8,"c":[true,null,"s/t"]}"#)
        #expect(JSONValue.number(9007199254740992).canonicalJSON() == "9007199254740992")
        #expect(JSONValue.number(1e16).canonicalJSON() == "1e+16")
        #expect(JSONValue.number(-0.0).canonicalJSON() == "0")
    }

    @Test("canonical JSON escapes quotes, backslashes and control characters, and keeps other text")
    func canonicalEscaping() {
        let value: JSONValue = .string("a\"b\\c\nd\u{01}é→")
        #expect(value.canonicalJSON() == #""a\"b\\c\nd\u0001é→""#)
    }

    @Test("non-finite numbers are written as null, which JSON can express")
    func nonFinite() throws {
        let value: JSONValue = ["nan": .number(.nan), "inf": .number(.infinity)]
        #expect(value.canonicalJSON() == #"{"inf":null,"nan":null}"#)
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONValue.parse(encoded) == ["inf": nil, "nan": nil])
    }

    @Test("pretty canonical JSON indents by two spaces")
    func canonicalPretty() {
        let value: JSONValue = ["name": "x", "axes": [["path": "adc.bits"]], "empty": [:], "none": []]
        #expect(value.canonicalJSON(pretty: true) == """
            {
              "axes": [
                {
                  "path": "adc.bits"
                }
              ],
              "empty": {},
              "name": "x",
              "none": []
            }
            """)
    }

    @Test("canonical JSON reads back to the same tree, through JSONDecoder and JSONEncoder too")
    func roundTrip() throws {
        let value: JSONValue = ["a": [1, 2.25, "three", false, nil], "b": ["c": ["d": 1e300]], "e": 0.1]
        #expect(try JSONValue.parse(Data(value.canonicalJSON().utf8)) == value)
        #expect(try JSONValue.parse(Data(value.canonicalJSON(pretty: true).utf8)) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)) == value)
    }

    @Test("a dotted path reads nested members and is nil where a key is missing or not under an object")
    func pathGet() {
        let value: JSONValue = ["device": ["preset": "reram", "d2dSigmaRelative": 0.05], "images": 100]
        #expect(value.value(at: "device.d2dSigmaRelative") == 0.05)
        #expect(value.value(at: "device") == ["preset": "reram", "d2dSigmaRelative": 0.05])
        #expect(value.value(at: "device.bits") == nil)
        #expect(value.value(at: "images.count") == nil)
        #expect(value.value(at: "device..preset") == nil)
    }

    @Test("setting a dotted path replaces the value and creates missing objects on the way")
    func pathSet() throws {
        var value: JSONValue = ["device": ["preset": "reram"], "images": 100]
        try value.set(0.1, at: "device.d2dSigmaRelative")
        try value.set(["bits": 6], at: "adc")
        try value.set(64, at: "array.size.rows")
        try value.set(10, at: "images")
        #expect(value == [
            "device": ["preset": "reram", "d2dSigmaRelative": 0.1], "adc": ["bits": 6],
            "array": ["size": ["rows": 64]], "images": 10,
        ])
    }

    @Test("setting a path through a value that is not an object names where it stopped")
    func pathSetThroughScalar() {
        let value: JSONValue = ["device": "reram"]
        #expect(throws: JSONPathError.notAnObject(path: "device.d2dSigmaRelative", at: "device", found: "a string")) {
            try value.setting(0.1, at: "device.d2dSigmaRelative")
        }
        #expect(throws: JSONPathError.malformedPath(path: "adc.")) { try value.setting(1, at: "adc.") }
        #expect(throws: JSONPathError.notAnObject(path: "a", at: "(top level)", found: "an array")) {
            try JSONValue.array([]).setting(1, at: "a")
        }
    }

    @Test("removing a path drops that member only")
    func pathRemove() {
        var value: JSONValue = ["device": ["preset": "reram", "readNoise": 0.01], "driftTimeSeconds": 1]
        value.removeValue(at: "device.readNoise")
        value.removeValue(at: "driftTimeSeconds")
        value.removeValue(at: "missing.key")
        #expect(value == ["device": ["preset": "reram"]])
    }

    @Test("flattening gives sorted dotted columns with arrays and empty objects as leaves")
    func flatten() {
        let value: JSONValue = ["device": ["preset": "pcm", "g": [1, 2]], "adc": ["bits": 8], "seed": 3, "none": [:]]
        let columns = value.flattened(prefix: "configuration")
        #expect(columns.map(\.column) == [
            "configuration.adc.bits", "configuration.device.g", "configuration.device.preset", "configuration.none",
            "configuration.seed",
        ])
        #expect(columns.map(\.value) == [8, [1, 2], "pcm", [:], 3])
        #expect(JSONValue.number(2).flattened(prefix: "x").map(\.column) == ["x"])
    }
}
