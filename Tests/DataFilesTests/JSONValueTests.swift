import DataFiles
import Foundation
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

    @Test("the parser reads valid documents exactly as Foundation's JSONDecoder does")
    func parserAgreesWithFoundation() throws {
        let documents = [
            #"{"a": [1, -0, 0.5, 1e3, 1E-2, 2.5e+20, 123456789012345678], "b": {"c": null, "d": [true, false]}}"#,
            #"  [ ]  "#, #"{}"#, #""plain""#, #"-12.75"#,
            #"{"escapes": "q\"b\\s\/n\nt\tr\rb\bf\fu\u00e9\u2192 \ud83d\ude00", "raw": "é→😀"}"#,
            "{\n\t\"spaced\" :\r\n [ 1 , 2 ]\n}",
        ]
        for document in documents {
            let reference = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
            #expect(try JSONValue.parse(Data(document.utf8)) == reference, "\(document)")
        }
    }

    @Test("the parser rejects malformed JSON, naming the line and column", arguments: [
        (#"{"a": 1,}"#, JSONParseError(line: 1, column: 9, reason: "expected a key in double quotes")),
        ("[1,]", JSONParseError(line: 1, column: 4, reason: "expected a value, found ']'")),
        ("01", JSONParseError(line: 1, column: 1, reason: "a number cannot start with 0 unless it is 0")),
        (#"{"a" 1}"#, JSONParseError(line: 1, column: 6, reason: "expected ':' after the key")),
        (#""abc"#, JSONParseError(line: 1, column: 5, reason: "a string is not closed")),
        ("\"a\u{01}b\"", JSONParseError(line: 1, column: 3, reason: "control character U+1 in a string; write it escaped")),
        (#"{"a":1,"a":2}"#, JSONParseError(line: 1, column: 8, reason: "the key 'a' appears twice in this object")),
        ("1 2", JSONParseError(line: 1, column: 3, reason: "unexpected text after the JSON value")),
        ("tru", JSONParseError(line: 1, column: 1, reason: "expected 'true'")),
        ("[\n  1,\n  x]", JSONParseError(line: 3, column: 3, reason: "expected a value, found 'x'")),
        ("1e400", JSONParseError(line: 1, column: 1, reason: "the number 1e400 is too large for a 64-bit float")),
        (#""\ud800""#, JSONParseError(line: 1, column: 8, reason: "a high surrogate \\ud800 must be followed by a low one")),
        (#""\x""#, JSONParseError(line: 1, column: 3, reason: "unknown escape '\\x'")),
        ("", JSONParseError(line: 1, column: 1, reason: "expected a value, found the end of the text")),
    ])
    func parserErrors(_ text: String, _ expected: JSONParseError) {
        #expect(throws: expected) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test("the parser rejects invalid UTF-8 in strings")
    func parserRejectsInvalidUTF8() {
        #expect(throws: JSONParseError(line: 1, column: 2, reason: "a string is not valid UTF-8")) {
            try JSONValue.parse(Data([0x22, 0xFF, 0x22]))
        }
    }
}
