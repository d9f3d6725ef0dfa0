import DataFiles
import Foundation
import Numerics

/// Reads an experiment spec's JSON tree into an ``ExperimentSpec``, naming the field of every error.
struct SpecReader {
    /// The spec file's name, for messages.
    let file: String

    private static let topKeys = ["name", "description", "seed", "repetitions", "evaluation", "configuration", "axes"]
    private static let axisKeys = ["path", "values", "range"]
    private static let rangeKeys = ["from", "to", "count", "scale"]
    /// Largest base seed: seeds must be exact in JSON numbers and float64 columns.
    private static let seedLimit: UInt64 = 1 << 53

    /// The checked spec. `strictPaths`: swept paths must exist in the shared configuration.
    func spec(from document: JSONValue, strictPaths: Bool, validate: (@Sendable (JSONValue) throws -> Void)?) throws
        -> ExperimentSpec
    {
        let top = try object(document, field: "(top level)")
        try checkKeys(top, allowed: Self.topKeys, required: ["name", "description", "seed", "configuration", "axes"], prefix: "")
        let name = try string(top["name"]!, field: "name")
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw ExperimentSpecError.outOfRange(
                file: file, field: "name", value: "'\(name)'", allowed: "letters, digits, '.', '_' and '-'")
        }
        let description = try string(top["description"]!, field: "description")
        let seed = try integer(top["seed"]!, field: "seed", in: 0...Double(Self.seedLimit - 1))
        let repetitions = try top["repetitions"].map { try integer($0, field: "repetitions", in: 1...1e6) } ?? 1
        let evaluation = try evaluationKind(top["evaluation"])
        let configuration = top["configuration"]!
        _ = try object(configuration, field: "configuration")
        guard case .array(let entries) = top["axes"]! else {
            throw wrongType("axes", expected: "an array of axes", found: top["axes"]!)
        }
        let dimensions = try entries.enumerated().map { try dimension($1, field: "axes[\($0)]") }
        try checkOverlaps(dimensions.flatMap(\.axes))
        for axis in dimensions.flatMap(\.axes) {
            try checkAgainstConfiguration(axis, configuration: configuration, strictPaths: strictPaths)
        }
        let combinations = try Self.combinations(of: dimensions, configuration: configuration)
        if let validate {
            for combination in combinations {
                do {
                    try validate(combination.configuration)
                } catch {
                    let point = SweepPoint(
                        index: 0, repetition: 0, free: combination.free, configuration: combination.configuration, seed: 0)
                    throw ExperimentSpecError.rejectedConfiguration(file: file, point: point.label, reason: "\(error)")
                }
            }
        }
        return ExperimentSpec(
            name: name, description: description, seed: UInt64(seed), repetitions: repetitions, evaluation: evaluation,
            configuration: configuration, dimensions: dimensions, file: file, document: document,
            combinations: combinations)
    }

    /// The `evaluation` field's kind (``EvaluationKind/run`` when absent).
    func evaluationKind(_ value: JSONValue?) throws -> EvaluationKind {
        guard let value else { return .run }
        let text = try string(value, field: "evaluation")
        guard let kind = EvaluationKind(rawValue: text) else {
            throw ExperimentSpecError.outOfRange(
                file: file, field: "evaluation", value: "'\(text)'", allowed: EvaluationKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return kind
    }

    /// Every grid point in order (first dimension slowest) with its swept values and configuration.
    private static func combinations(of dimensions: [SweepDimension], configuration: JSONValue) throws
        -> [ExperimentSpec.Combination]
    {
        var combinations = [ExperimentSpec.Combination(free: .object([:]), configuration: configuration)]
        for dimension in dimensions {
            combinations = try combinations.flatMap { partial in
                try (0..<dimension.count).map { position in
                    var free = partial.free.objectValue!
                    var tree = partial.configuration
                    for (path, value) in dimension.settings(at: position) {
                        free[path] = value
                        try tree.set(value, at: path)
                    }
                    return ExperimentSpec.Combination(free: .object(free), configuration: tree)
                }
            }
        }
        return combinations
    }

    private func dimension(_ entry: JSONValue, field: String) throws -> SweepDimension {
        let members = try object(entry, field: field)
        guard let zipped = members["zip"] else {
            return SweepDimension(axes: [try axis(members, field: field)])
        }
        try checkKeys(members, allowed: ["zip"], required: ["zip"], prefix: field + ".")
        guard case .array(let entries) = zipped else {
            throw wrongType(field + ".zip", expected: "an array of at least two axes", found: zipped)
        }
        guard entries.count >= 2 else {
            throw ExperimentSpecError.outOfRange(
                file: file, field: field + ".zip", value: "\(entries.count) axes", allowed: "at least 2 axes")
        }
        // A zipped axis may repeat a value (the same device under two networks); the tuples may not.
        let axes = try entries.enumerated().map { position, entry in
            try axis(try object(entry, field: "\(field).zip[\(position)]"), field: "\(field).zip[\(position)]", distinctValues: false)
        }
        let counts = axes.map(\.values.count)
        guard Set(counts).count == 1 else {
            throw ExperimentSpecError.zipLengthMismatch(
                file: file, field: field + ".zip", paths: axes.map(\.path), counts: counts)
        }
        let tuples = (0..<counts[0]).map { index in axes.map { $0.values[index] } }
        for (position, tuple) in tuples.enumerated() where tuples[..<position].contains(tuple) {
            throw ExperimentSpecError.repeatedValue(
                file: file, field: "\(field).zip[*].values[\(position)]", value: JSONValue.array(tuple).canonicalJSON())
        }
        return SweepDimension(axes: axes)
    }

    private func axis(_ members: [String: JSONValue], field: String, distinctValues: Bool = true) throws -> SweepAxis {
        try checkKeys(members, allowed: Self.axisKeys, required: ["path"], prefix: field + ".")
        let path = try string(members["path"]!, field: field + ".path")
        do {
            _ = try JSONValue.pathComponents(path)
        } catch let error as JSONPathError {
            throw ExperimentSpecError.unknownPath(file: file, field: field + ".path", reason: error.description)
        }
        switch (members["values"], members["range"]) {
        case (.some, .some):
            throw ExperimentSpecError.conflictingKeys(file: file, field: field, keys: ["values", "range"])
        case (nil, nil):
            throw ExperimentSpecError.missingKey(file: file, field: field + ".values (or " + field + ".range)")
        case (.some(let values), nil):
            guard case .array(let list) = values else {
                throw wrongType(field + ".values", expected: "an array of values", found: values)
            }
            guard !list.isEmpty else { throw ExperimentSpecError.emptyAxis(file: file, field: field + ".values") }
            for (position, value) in list.enumerated() where distinctValues && list[..<position].contains(value) {
                throw ExperimentSpecError.repeatedValue(
                    file: file, field: "\(field).values[\(position)]", value: value.canonicalJSON())
            }
            return SweepAxis(path: path, values: list, field: field)
        case (nil, .some(let range)):
            return SweepAxis(path: path, values: try valueRange(range, field: field + ".range").values.map { .number($0) },
                             field: field)
        }
    }

    private func valueRange(_ entry: JSONValue, field: String) throws -> ValueRange {
        let members = try object(entry, field: field)
        try checkKeys(members, allowed: Self.rangeKeys, required: ["from", "to", "count"], prefix: field + ".")
        let from = try number(members["from"]!, field: field + ".from")
        let to = try number(members["to"]!, field: field + ".to")
        let count = try integer(members["count"]!, field: field + ".count", in: 2...1e6)
        var scale = ValueRange.Scale.linear
        if let scaleValue = members["scale"] {
            let text = try string(scaleValue, field: field + ".scale")
            guard let parsed = ValueRange.Scale(rawValue: text) else {
                throw ExperimentSpecError.outOfRange(
                    file: file, field: field + ".scale", value: "'\(text)'",
                    allowed: ValueRange.Scale.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or "))
            }
            scale = parsed
        }
        guard from != to else {
            throw ExperimentSpecError.outOfRange(
                file: file, field: field + ".to", value: Self.text(to), allowed: "a number different from 'from'")
        }
        if scale == .log {
            for (key, value) in [("from", from), ("to", to)] where value <= 0 {
                throw ExperimentSpecError.outOfRange(
                    file: file, field: field + "." + key, value: Self.text(value), allowed: "> 0 on a log scale")
            }
        }
        return ValueRange(from: from, to: to, count: count, scale: scale)
    }

    /// Rejects two axes on the same path, or one inside the other.
    private func checkOverlaps(_ axes: [SweepAxis]) throws {
        for (position, axis) in axes.enumerated() {
            for earlier in axes[..<position] {
                let overlaps = axis.path == earlier.path || axis.path.hasPrefix(earlier.path + ".")
                    || earlier.path.hasPrefix(axis.path + ".")
                if overlaps {
                    throw ExperimentSpecError.overlappingPaths(
                        file: file, field: axis.field + ".path", path: axis.path, otherField: earlier.field + ".path",
                        otherPath: earlier.path)
                }
            }
        }
    }

    /// Checks that an axis can be set in the shared configuration, that its values have the type
    /// of the value they replace and, with `strictPaths`, that the path exists.
    private func checkAgainstConfiguration(_ axis: SweepAxis, configuration: JSONValue, strictPaths: Bool) throws {
        do {
            _ = try configuration.setting(axis.values[0], at: axis.path)
        } catch let error as JSONPathError {
            throw ExperimentSpecError.unknownPath(file: file, field: axis.field + ".path", reason: "\(error) in configuration")
        }
        guard let current = configuration.value(at: axis.path) else {
            guard !strictPaths else {
                throw ExperimentSpecError.unknownPath(
                    file: file, field: axis.field + ".path", reason: missingPathReason(axis.path, in: configuration))
            }
            return
        }
        guard current != .null else { return }
        for (position, value) in axis.values.enumerated() where value.typeName != current.typeName {
            throw ExperimentSpecError.mismatchedValueType(
                file: file, field: "\(axis.field).values[\(position)]", path: axis.path, expected: current.typeName,
                found: value.typeName)
        }
    }

    /// Names the first missing key of `path` and the keys its parent has.
    private func missingPathReason(_ path: String, in configuration: JSONValue) -> String {
        var parentPath = ""
        var parent = configuration
        for key in path.split(separator: ".").map(String.init) {
            guard case .object(let members) = parent, let child = members[key] else {
                let keys = parent.objectValue?.keys.sorted() ?? []
                let place = parentPath.isEmpty ? "configuration" : "configuration." + parentPath
                return "configuration has no '\(path)' (\(place) has "
                    + (keys.isEmpty ? "no keys" : "keys " + keys.joined(separator: ", "))
                    + "); sweep only paths the shared configuration sets"
            }
            parentPath = parentPath.isEmpty ? key : parentPath + "." + key
            parent = child
        }
        return "configuration has no '\(path)'"
    }

    // MARK: Typed access

    private func checkKeys(_ members: [String: JSONValue], allowed: [String], required: [String], prefix: String) throws {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ExperimentSpecError.unknownKey(file: file, field: prefix + unknown, allowed: allowed.map { prefix + $0 })
        }
        if let missing = required.first(where: { members[$0] == nil }) {
            throw ExperimentSpecError.missingKey(file: file, field: prefix + missing)
        }
    }

    private func object(_ value: JSONValue, field: String) throws -> [String: JSONValue] {
        guard case .object(let members) = value else { throw wrongType(field, expected: "an object", found: value) }
        return members
    }

    private func string(_ value: JSONValue, field: String) throws -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw wrongType(field, expected: "a non-empty string", found: value)
        }
        return text
    }

    private func number(_ value: JSONValue, field: String) throws -> Double {
        guard case .number(let number) = value else { throw wrongType(field, expected: "a number", found: value) }
        return number
    }

    private func integer(_ value: JSONValue, field: String, in range: ClosedRange<Double>) throws -> Int {
        let number = try number(value, field: field)
        guard number == number.rounded(), range.contains(number) else {
            throw ExperimentSpecError.outOfRange(
                file: file, field: field, value: Self.text(number),
                allowed: "an integer from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))")
        }
        return Int(number)
    }

    private func wrongType(_ field: String, expected: String, found: JSONValue) -> ExperimentSpecError {
        let shown = if case .string(let text) = found, text.isEmpty { "an empty string" } else { found.typeName }
        return .wrongType(file: file, field: field, expected: expected, found: shown)
    }

    private static func text(_ number: Double) -> String {
        JSONValue.canonicalNumber(number) ?? "\(number)"
    }
}
