import Foundation

/// Finds the Crossbar source tree, whose top-level `Devices/` and `Experiments/` folders hold
/// the bundled presets, architectures, datasets and models.
///
/// Search order: the `CROSSBAR_ROOT` environment variable; the current directory and its
/// parents; the folder of the running executable and its parents (a build inside the tree,
/// such as `.build/release/crossbar`). A folder qualifies when it has `Package.swift`,
/// `Devices/` and `Experiments/`.
public enum ProjectDirectory {
    /// Why the tree could not be found.
    public struct NotFound: Error, CustomStringConvertible {
        /// Folders that were searched.
        public let searched: [String]
        public var description: String {
            "cannot find the Crossbar folder (with Package.swift, Devices/ and Experiments/); searched "
                + searched.joined(separator: ", ")
                + ". Run from inside the Crossbar clone or set CROSSBAR_ROOT to it."
        }
    }

    /// The root of the Crossbar tree.
    public static func root() throws -> URL {
        var searched: [String] = []
        if let value = ProcessInfo.processInfo.environment["CROSSBAR_ROOT"], !value.isEmpty {
            let url = URL(fileURLWithPath: value)
            if isRoot(url) { return url.standardizedFileURL }
            searched.append(url.path + " (CROSSBAR_ROOT)")
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: executablePath()).deletingLastPathComponent(),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                if isRoot(folder) { return folder }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
            searched.append(start.path + " and its parents")
        }
        throw NotFound(searched: searched)
    }

    /// `url`'s path relative to the Crossbar tree when it lies inside it
    /// (`Experiments/models/lenet5.onnx`), else its absolute path: what reports record, so that
    /// results do not depend on where the clone is.
    public static func reportedPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        guard let root = try? root().path else { return path }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `root()/Experiments`.
    public static func experiments() throws -> URL { try root().appendingPathComponent("Experiments") }

    private static func isRoot(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
            && manager.fileExists(atPath: url.appendingPathComponent("Devices").path)
            && manager.fileExists(atPath: url.appendingPathComponent("Experiments").path)
    }

    private static func executablePath() -> String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
