import DataFiles
import Experiment
import Foundation
import Numerics
import Testing

@Suite("Experiment specs")
struct ExperimentSpecTests {
    static func parse(_ text: String, validate: (@Sendable (JSONValue) throws -> Void)? = nil) throws -> ExperimentSpec {
        try ExperimentSpec.parse(Data(text.utf8), file: "spec.json", validate: validate)
    }

    static let iso = #"{"network": "lenet5", "images": 100, "device": {"preset": "reram", "d2dSigmaRelative": 0.05}, "adc": {"bits": 8}, "driftTimeSeconds": 1}"#

    @Test("a spec gives its grid in order: first axis slowest, repetitions innermost")
    func gridOrder() throws {
        let spec = try Self.parse("""
            {"name": "grid", "description": "d", "seed": 7, "repetitions": 2, "configuration": \(Self.iso),
             "axes": [{"path": "device.preset", "values": ["reram", "pcm"]}, {"path": "adc.bits", "values": [4, 6, 8]}]}
            """)
        #expect(spec.name == "grid")
        #expect(spec.seed == 7)
        #expect(spec.pointCount == 12)
        let points = spec.points()
        #expect(points.map(\.index) == Array(0..<12))
        #expect(points.map(\.repetition) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        #expect(points.map { $0.configuration.value(at: "device.preset")! } == [
            "reram", "reram", "reram", "reram", "reram", "reram", "pcm", "pcm", "pcm", "pcm", "pcm", "pcm",
        ])
        #expect(points.map { $0.configuration.value(at: "adc.bits")! } == [4, 4, 6, 6, 8, 8, 4, 4, 6, 6, 8, 8])
        #expect(points[7].free == ["device.preset": "pcm", "adc.bits": 4])
        // Everything not swept is the shared configuration.
        var expected = try JSONValue.parse(Data(Self.iso.utf8))
        try expected.set("pcm", at: "device.preset")
        try expected.set(4, at: "adc.bits")
        #expect(points[7].configuration == expected)
        #expect(points[7].label == "adc.bits=4, device.preset=\"pcm\"")
    }

    @Test("zipped axes vary together inside a grid")
    func zipped() throws {
        let spec = try Self.parse("""
            {"name": "zip", "description": "d", "seed": 1, "configuration": {"rows": 0, "columns": 0, "r": 0},
             "axes": [{"zip": [{"path": "rows", "values": [64, 128, 256]}, {"path": "columns", "values": [32, 64, 128]}]},
                      {"path": "r", "values": [0, 2.5]}]}
            """)
        let pairs = spec.points().map { point in
            ["rows", "columns", "r"].map { point.configuration.value(at: $0)!.numberValue! }
        }
        #expect(pairs == [[64, 32, 0], [64, 32, 2.5], [128, 64, 0], [128, 64, 2.5], [256, 128, 0], [256, 128, 2.5]])
    }

    @Test("linear and log ranges give evenly spaced values that print as written")
    func ranges() throws {
        let spec = try Self.parse("""
            {"name": "r", "description": "d", "seed": 1, "configuration": {"a": 0, "b": 0, "c": 0},
             "axes": [{"path": "a", "range": {"from": 0, "to": 0.2, "count": 5}},
                      {"path": "b", "range": {"from": 1, "to": 1000, "count": 4, "scale": "log"}},
                      {"path": "c", "range": {"from": 10, "to": 4, "count": 4, "scale": "linear"}}]}
            """)
        #expect(spec.dimensions.map { $0.axes[0].values } == [
            [0, 0.05, 0.1, 0.15, 0.2], [1, 10, 100, 1000], [10, 8, 6, 4],
        ])
        #expect(spec.pointCount == 80)
    }

    @Test("no axes: the shared configuration alone, repeated")
    func noAxes() throws {
        let spec = try Self.parse("""
            {"name": "one", "description": "d", "seed": 1, "repetitions": 3, "configuration": {"a": 1}, "axes": []}
            """)
        let points = spec.points()
        #expect(points.count == 3)
        #expect(points.allSatisfy { $0.configuration == ["a": 1] && $0.free == [:] })
        #expect(Set(points.map(\.seed)).count == 3)
    }

    /// A malformed spec and the error it must give.
    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let error: ExperimentSpecError
        var testDescription: String { name }
    }

    static func spec(top: String = #""name": "x", "description": "d", "seed": 1,"#, configuration: String = iso, axes: String)
        -> String
    {
        "{\(top) \"configuration\": \(configuration), \"axes\": \(axes)}"
    }

    static let malformed: [Malformed] = [
        Malformed(name: "not JSON", text: "{\"name\": ", error: .malformedJSON(file: "spec.json", reason: "")),
        Malformed(
            name: "unknown top-level key",
            text: spec(top: #""name": "x", "description": "d", "seed": 1, "repetition": 3,"#, axes: "[]"),
            error: .unknownKey(
                file: "spec.json", field: "repetition",
                allowed: ["name", "description", "seed", "repetitions", "evaluation", "configuration", "axes"])),
        Malformed(
            name: "an unknown evaluation", text: spec(top: #""name": "x", "description": "d", "seed": 1, "evaluation": "guess","#, axes: "[]"),
            error: .outOfRange(file: "spec.json", field: "evaluation", value: "'guess'", allowed: "run, estimate")),
        Malformed(
            name: "missing seed", text: spec(top: #""name": "x", "description": "d","#, axes: "[]"),
            error: .missingKey(file: "spec.json", field: "seed")),
        Malformed(
            name: "name with a space", text: spec(top: #""name": "my sweep", "description": "d", "seed": 1,"#, axes: "[]"),
            error: .outOfRange(file: "spec.json", field: "name", value: "'my sweep'", allowed: "letters, digits, '.', '_' and '-'")),
        Malformed(
            name: "fractional seed", text: spec(top: #""name": "x", "description": "d", "seed": 1.5,"#, axes: "[]"),
            error: .outOfRange(file: "spec.json", field: "seed", value: "1.5", allowed: "an integer from 0 to 9007199254740991")),
        Malformed(
            name: "seed of 2^53", text: spec(top: #""name": "x", "description": "d", "seed": 9007199254740992,"#, axes: "[]"),
            error: .outOfRange(
                file: "spec.json", field: "seed", value: "9007199254740992", allowed: "an integer from 0 to 9007199254740991")),
        Malformed(
            name: "zero repetitions",
            text: spec(top: #""name": "x", "description": "d", "seed": 1, "repetitions": 0,"#, axes: "[]"),
            error: .outOfRange(file: "spec.json", field: "repetitions", value: "0", allowed: "an integer from 1 to 1000000")),
        Malformed(
            name: "configuration not an object", text: spec(configuration: "[1]", axes: "[]"),
            error: .wrongType(file: "spec.json", field: "configuration", expected: "an object", found: "an array")),
        Malformed(
            name: "axes not an array", text: spec(axes: #"{"path": "adc.bits"}"#),
            error: .wrongType(file: "spec.json", field: "axes", expected: "an array of axes", found: "an object")),
        Malformed(
            name: "axis without values", text: spec(axes: #"[{"path": "adc.bits", "values": []}]"#),
            error: .emptyAxis(file: "spec.json", field: "axes[0].values")),
        Malformed(
            name: "axis with values and range",
            text: spec(axes: #"[{"path": "adc.bits", "values": [4], "range": {"from": 1, "to": 2, "count": 2}}]"#),
            error: .conflictingKeys(file: "spec.json", field: "axes[0]", keys: ["values", "range"])),
        Malformed(
            name: "axis with neither values nor range", text: spec(axes: #"[{"path": "adc.bits"}]"#),
            error: .missingKey(file: "spec.json", field: "axes[0].values (or axes[0].range)")),
        Malformed(
            name: "unknown axis key", text: spec(axes: #"[{"path": "adc.bits", "value": [4]}]"#),
            error: .unknownKey(
                file: "spec.json", field: "axes[0].value", allowed: ["axes[0].path", "axes[0].values", "axes[0].range"])),
        Malformed(
            name: "range of one value",
            text: spec(axes: #"[{"path": "images", "range": {"from": 1, "to": 2, "count": 1}}]"#),
            error: .outOfRange(
                file: "spec.json", field: "axes[0].range.count", value: "1", allowed: "an integer from 2 to 1000000")),
        Malformed(
            name: "log range from zero",
            text: spec(axes: #"[{"path": "images", "range": {"from": 0, "to": 100, "count": 3, "scale": "log"}}]"#),
            error: .outOfRange(file: "spec.json", field: "axes[0].range.from", value: "0", allowed: "> 0 on a log scale")),
        Malformed(
            name: "unknown scale",
            text: spec(axes: #"[{"path": "images", "range": {"from": 1, "to": 100, "count": 3, "scale": "cubic"}}]"#),
            error: .outOfRange(file: "spec.json", field: "axes[0].range.scale", value: "'cubic'", allowed: "'linear' or 'log'")),
        Malformed(
            name: "empty range",
            text: spec(axes: #"[{"path": "images", "range": {"from": 5, "to": 5, "count": 3}}]"#),
            error: .outOfRange(
                file: "spec.json", field: "axes[0].range.to", value: "5",
                allowed: "a number different from 'from'")),
        Malformed(
            name: "zipped axes of different lengths",
            text: spec(
                axes: #"[{"path": "images", "values": [1]}, {"zip": [{"path": "adc.bits", "values": [4, 6]}, {"path": "driftTimeSeconds", "values": [1, 10, 100]}]}]"#
            ),
            error: .zipLengthMismatch(
                file: "spec.json", field: "axes[1].zip", paths: ["adc.bits", "driftTimeSeconds"], counts: [2, 3])),
        Malformed(
            name: "zip of one axis", text: spec(axes: #"[{"zip": [{"path": "adc.bits", "values": [4, 6]}]}]"#),
            error: .outOfRange(file: "spec.json", field: "axes[0].zip", value: "1 axes", allowed: "at least 2 axes")),
        Malformed(
            name: "the same path twice",
            text: spec(axes: #"[{"path": "adc.bits", "values": [4]}, {"path": "adc.bits", "values": [6]}]"#),
            error: .overlappingPaths(
                file: "spec.json", field: "axes[1].path", path: "adc.bits", otherField: "axes[0].path", otherPath: "adc.bits")),
        Malformed(
            name: "a path inside another swept path",
            text: spec(axes: #"[{"path": "device", "values": [{"preset": "pcm"}]}, {"path": "device.preset", "values": ["sram"]}]"#),
            error: .overlappingPaths(
                file: "spec.json", field: "axes[1].path", path: "device.preset", otherField: "axes[0].path", otherPath: "device")),
        Malformed(
            name: "a path the configuration lacks", text: spec(axes: #"[{"path": "adc.bitz", "values": [4]}]"#),
            error: .unknownPath(
                file: "spec.json", field: "axes[0].path",
                reason: "configuration has no 'adc.bitz' (configuration.adc has keys bits); sweep only paths the shared configuration sets")),
        Malformed(
            name: "a path through a string", text: spec(axes: #"[{"path": "network.depth", "values": [4]}]"#),
            error: .unknownPath(
                file: "spec.json", field: "axes[0].path",
                reason: "cannot set 'network.depth': 'network' is a string, not an object in configuration")),
        Malformed(
            name: "a malformed path", text: spec(axes: #"[{"path": "adc..bits", "values": [4]}]"#),
            error: .unknownPath(
                file: "spec.json", field: "axes[0].path",
                reason: "'adc..bits' is not a path: expected object keys joined by dots, such as 'device.d2dSigmaRelative'")),
        Malformed(
            name: "a value of the wrong type", text: spec(axes: #"[{"path": "adc.bits", "values": [4, "6"]}]"#),
            error: .mismatchedValueType(
                file: "spec.json", field: "axes[0].values[1]", path: "adc.bits", expected: "a number", found: "a string")),
        Malformed(
            name: "a repeated value", text: spec(axes: #"[{"path": "adc.bits", "values": [4, 6, 4.0]}]"#),
            error: .repeatedValue(file: "spec.json", field: "axes[0].values[2]", value: "4")),
        Malformed(
            name: "a repeated zipped pair",
            text: spec(axes: #"[{"zip": [{"path": "adc.bits", "values": [4, 6, 4]}, {"path": "device.preset", "values": ["pcm", "pcm", "pcm"]}]}]"#),
            error: .repeatedValue(file: "spec.json", field: "axes[0].zip[*].values[2]", value: #"[4,"pcm"]"#)),
    ]

    @Test("a zipped axis may repeat a value as long as the zipped tuples differ")
    func zipRepeatsValues() throws {
        let parsed = try Self.parse(Self.spec(axes: #"[{"zip": [{"path": "adc.bits", "values": [4, 4, 6]}, {"path": "device.preset", "values": ["pcm", "reram", "pcm"]}]}]"#))
        let first = parsed.points().filter { $0.repetition == 0 }
        #expect(first.map { $0.configuration.value(at: "adc.bits")! } == [4, 4, 6])
        #expect(first.map { $0.configuration.value(at: "device.preset")! } == ["pcm", "reram", "pcm"])
    }

    @Test("the evaluation is a run unless the spec asks for an estimate")
    func evaluation() throws {
        #expect(try Self.parse(Self.spec(axes: "[]")).evaluation == .run)
        #expect(try Self.parse(Self.spec(top: #""name": "x", "description": "d", "seed": 1, "evaluation": "estimate","#, axes: "[]")).evaluation == .estimate)
    }

    @Test("a malformed spec gives an error that names the field", arguments: malformed)
    func malformedSpec(_ example: Malformed) throws {
        let error = try #require(throws: ExperimentSpecError.self) { try Self.parse(example.text) }
        if case .malformedJSON(let file, _) = example.error {
            guard case .malformedJSON(file, _) = error else {
                Issue.record("expected malformed JSON, got \(error)")
                return
            }
        } else {
            #expect(error == example.error)
        }
        #expect(error.description.hasPrefix("spec.json"))
    }

    @Test("an evaluator's validator rejects a misspelled path before anything runs, and may accept new ones")
    func validatorHook() throws {
        let evaluator = ToyEvaluator()
        let validate: @Sendable (JSONValue) throws -> Void = { try evaluator.validate($0) }
        let misspelled = Self.spec(axes: #"[{"path": "adc.bits", "values": [4, 6]}, {"path": "adc.bitz", "values": [4]}]"#)
        let error = try #require(throws: ExperimentSpecError.self) { try Self.parse(misspelled, validate: validate) }
        #expect(error == .rejectedConfiguration(
            file: "spec.json", point: "adc.bits=4, adc.bitz=4", reason: "adc.bitz is not a setting"))
        #expect(error.description == "spec.json: the configuration of the point adc.bits=4, adc.bitz=4 is invalid: adc.bitz is not a setting")
        // array.rows is not in the shared configuration, but the evaluator's schema has it.
        let added = Self.spec(axes: #"[{"path": "array.rows", "values": [64, 128]}]"#)
        #expect(throws: ExperimentSpecError.self) { try Self.parse(added) }
        let spec = try Self.parse(added, validate: validate)
        #expect(spec.points().map { $0.configuration.value(at: "array.rows")! } == [64, 128])
        let wrongType = Self.spec(configuration: #"{"adc": {"bits": "8"}}"#, axes: "[]")
        #expect(throws: ExperimentSpecError.rejectedConfiguration(
            file: "spec.json", point: "(no swept values)", reason: "adc.bits must be a number")) {
            try Self.parse(wrongType, validate: validate)
        }
    }

    @Test("a point's seed depends on its swept values and repetition, not on axis order or the other points")
    func seedsIndependentOfOrder() throws {
        let forward = try Self.parse(Self.spec(
            top: #""name": "x", "description": "d", "seed": 11, "repetitions": 2,"#,
            axes: #"[{"path": "device.preset", "values": ["reram", "pcm"]}, {"path": "adc.bits", "values": [4, 6, 8]}]"#))
        let backward = try Self.parse(Self.spec(
            top: #""name": "x", "description": "d", "seed": 11, "repetitions": 2,"#,
            axes: #"[{"path": "adc.bits", "values": [8, 6, 4]}, {"path": "device.preset", "values": ["pcm", "reram"]}]"#))
        let subset = try Self.parse(Self.spec(
            top: #""name": "x", "description": "d", "seed": 11, "repetitions": 2,"#,
            axes: #"[{"path": "device.preset", "values": ["pcm"]}, {"path": "adc.bits", "values": [6]}]"#))
        func seeds(_ spec: ExperimentSpec) -> [String: UInt64] {
            Dictionary(uniqueKeysWithValues: spec.points().map { ($0.free.canonicalJSON() + "#\($0.repetition)", $0.seed) })
        }
        let reference = seeds(forward)
        #expect(reference.count == 12)
        #expect(Set(reference.values).count == 12)
        #expect(seeds(backward) == reference)
        #expect(seeds(subset).allSatisfy { reference[$0.key] == $0.value })
        #expect(reference.values.allSatisfy { $0 < 1 << 53 })
        // The seed is SweepPoint.seed of the swept values, so any point can be seeded alone.
        let point = forward.point(9)
        #expect(point.seed == SweepPoint.seed(base: 11, free: point.free, repetition: point.repetition))
        #expect(SweepPoint.seed(base: 12, free: point.free, repetition: point.repetition) != point.seed)
    }

    @Test("points that differ only in read-time settings share their seed")
    func readTimeSeeds() throws {
        let spec = try Self.parse(Self.spec(
            top: #""name": "x", "description": "d", "seed": 3, "repetitions": 2,"#,
            axes: #"[{"path": "adc.bits", "values": [4, 6]}, {"path": "driftTimeSeconds", "values": [1, 10, 100]}]"#))
        let points = spec.points(readTimePaths: ["driftTimeSeconds"])
        let seedsByBitsAndRepetition = Dictionary(grouping: points) {
            "\($0.configuration.value(at: "adc.bits")!.canonicalJSON())#\($0.repetition)"
        }.mapValues { Set($0.map(\.seed)) }
        #expect(seedsByBitsAndRepetition.count == 4)
        #expect(seedsByBitsAndRepetition.values.allSatisfy { $0.count == 1 })
        #expect(Set(spec.points().map(\.seed)).count == 12)
    }
}
