import Foundation

/// Runs the built `crossbar` executable, as a user would, and captures what it prints.
struct CommandLineTool {
    /// What one run printed and returned.
    struct Outcome {
        /// The process exit status.
        let status: Int32
        /// Standard output.
        let standardOutput: String
        /// Standard error.
        let standardError: String
    }

    /// The `crossbar` binary built next to the test bundle.
    static var executable: URL {
        let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        // On macOS the test bundle is a directory (…/X.xctest/Contents/MacOS/X).
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("crossbar")
    }

    /// Runs `crossbar` with `arguments` in `directory` (default: the test's working directory)
    /// and waits for it to finish.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outURL, encoding: .utf8),
            standardError: try String(contentsOf: errURL, encoding: .utf8))
    }
}
