import DataFiles
import Foundation
import Testing

/// The sourced preset file form device presets and architectures share, checked with a kind of
/// its own so that neither preset's validation is involved.
@Suite("Sourced preset files")
struct PresetFileTests {
    /// A kind with one extra top-level string.
    static let kind = PresetFile.Kind(noun: "widget", folderPath: "Devices", extraKeys: ["flavour"])

    /// A file of the form with `edit` applied to its top-level object, parsed as `widget.json`.
    static func parsed(_ edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> PresetFile {
        var top: [String: JSONValue] = [
            "name": "w", "flavour": "plain", "description": "a widget", "citation": "nobody",
            "parameters": ["sizeMetres": ["value": 2, "source": "a ruler"], "tags": ["value": ["a"], "source": "a label"]],
        ]
        edit(&top)
        return try PresetFile.parse(Data(JSONValue.object(top).canonicalJSON().utf8), file: "widget.json", kind: kind)
    }

    @Test("the form parses into name, description, citation, the kind's extra strings and sourced JSON values")
    func parses() throws {
        let file = try Self.parsed()
        #expect(file.file == "widget.json" && file.name == "w" && file.description == "a widget" && file.citation == "nobody")
        #expect(file.extras == ["flavour": "plain"])
        #expect(file.parameters["sizeMetres"]?.value == 2 && file.parameters["sizeMetres"]?.source == "a ruler")
        #expect(file.parameters["tags"]?.value == ["a"])
    }

    @Test("structural problems name the file and the field")
    func structure() throws {
        #expect(throws: PresetFileError.missingKey(file: "widget.json", field: "flavour")) {
            try Self.parsed { $0["flavour"] = nil }
        }
        #expect(throws: PresetFileError.wrongType(file: "widget.json", field: "name", expected: "a non-empty string")) {
            try Self.parsed { $0["name"] = "" }
        }
        #expect(throws: PresetFileError.missingKey(file: "widget.json", field: "parameters.sizeMetres.source")) {
            try Self.parsed { $0["parameters"] = ["sizeMetres": ["value": 2]] }
        }
        let notObject = PresetFileError.wrongType(
            file: "widget.json", field: "parameters.sizeMetres", expected: "an object {\"value\": …, \"source\": \"…\"}")
        #expect(throws: notObject) { try Self.parsed { $0["parameters"] = ["sizeMetres": 2] } }
        #expect {
            try Self.parsed { $0["author"] = "someone" }
        } throws: { error in
            error as? PresetFileError
                == .unknownKey(
                    file: "widget.json", field: "author", allowed: ["name", "flavour", "description", "citation", "parameters"])
        }
    }

    @Test("required parameters: an unknown key is named before a missing one")
    func requiredParameters() throws {
        let file = try Self.parsed()
        try file.requireParameters(["sizeMetres", "tags"])
        #expect(throws: PresetFileError.missingKey(file: "widget.json", field: "parameters.colour")) {
            try file.requireParameters(["sizeMetres", "tags", "colour"])
        }
        #expect(
            throws: PresetFileError.unknownKey(file: "widget.json", field: "parameters.tags", allowed: ["parameters.colour", "parameters.sizeMetres"])
        ) {
            try file.requireParameters(["colour", "sizeMetres"])
        }
    }

    @Test("messages about finding and reading a file say what kind of preset it is")
    func kindInMessages() throws {
        let missing = "/nonexistent-crossbar-folder/w.json"
        #expect {
            try PresetFile.load(missing, kind: Self.kind)
        } throws: { error in
            guard case .notFound(let kind, let reference, _) = error as? PresetFileError else { return false }
            return kind == "widget" && reference == missing
                && "\(error)".hasPrefix("no widget '\(missing)': not a bundled widget (available: ")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-preset-\(UUID().uuidString).json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            try PresetFile.load(folder.path, kind: Self.kind)
        } throws: { error in
            guard case .unreadable(let kind, let file, _) = error as? PresetFileError else { return false }
            return kind == "widget" && file == folder.path && "\(error)".hasPrefix("\(folder.path): cannot read the widget: ")
        }
    }

    @Test("bundled names list the kind's leading names first, in its order, then the rest alphabetically")
    func bundledOrder() throws {
        let alphabetical = try PresetFile.Kind(noun: "widget", folderPath: "Devices").bundledNames()
        #expect(alphabetical == alphabetical.sorted() && alphabetical.contains("sram") && alphabetical.contains("pcm"))
        let led = try PresetFile.Kind(noun: "widget", folderPath: "Devices", leadingNames: ["sram", "pcm"]).bundledNames()
        #expect(led == ["sram", "pcm"] + alphabetical.filter { $0 != "sram" && $0 != "pcm" })
    }
}
