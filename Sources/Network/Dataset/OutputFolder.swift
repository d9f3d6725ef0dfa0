import Foundation

/// A folder a long run will write its results to, checked before the run starts: opening it
/// creates the folder if needed and writes and removes a probe file, so an unwritable output
/// fails at once rather than after the work (`crossbar train --out`, ``LogitsFolder``).
public struct OutputFolder: Sendable {
    /// The folder.
    public let folder: URL

    /// Opens (creating if needed) the folder at `folder` and checks it is writable; throws
    /// ``DatasetError/unwritableFolder(folder:reason:)`` otherwise.
    public init(_ folder: URL) throws {
        self.folder = folder
        let probe = folder.appendingPathComponent(".crossbar-write-check")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw DatasetError.unwritableFolder(folder: folder.path, reason: error.localizedDescription)
        }
    }
}
