import DataFiles
import Foundation
import Numerics
import Synchronization

/// The append-only log of a sweep's finished points (`points.jsonl`): one record per line, in
/// the order the points finished.
///
/// Each record is appended with a single `write` to a file opened with `O_APPEND`, then
/// `fsync`ed, so a finished point is on disk before the next one starts and a killed sweep
/// loses at most the points in flight. A kill during a write can leave a torn last line
/// (no final newline); ``read(_:repair:)`` drops it, and a resumed sweep runs that point again.
final class ResultLog: Sendable {
    /// The log file.
    let url: URL
    private let descriptor: Mutex<Int32>

    /// Opens `url` for appending, creating it if needed.
    init(appendingTo url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ResultLog.systemError("cannot open \(url.path) for appending") }
        self.url = url
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    /// Appends `record` (with its timing) as one line and waits until it is on disk.
    func append(_ record: SweepRecord) throws {
        let line = Array((record.logEntry.canonicalJSON() + "\n").utf8)
        try descriptor.withLock { descriptor in
            var offset = 0
            while offset < line.count {
                let written = line[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ResultLog.systemError("cannot append to \(url.path)")
                }
                offset += written
            }
            guard fsync(descriptor) == 0 else { throw ResultLog.systemError("cannot flush \(url.path)") }
        }
    }

    /// The records of the log at `url` (none if it does not exist), with the number of bytes of
    /// a torn last line that was dropped. With `repair`, the file is truncated to its last
    /// complete line so that appends continue after it.
    static func read(_ url: URL, repair: Bool) throws -> (records: [(line: Int, record: SweepRecord)], droppedBytes: Int) {
        guard FileManager.default.fileExists(atPath: url.path) else { return ([], 0) }
        let data = try Data(contentsOf: url)
        let complete = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? data.startIndex
        let dropped = data.endIndex - complete
        if dropped > 0, repair {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.truncate(atOffset: UInt64(complete - data.startIndex))
            try handle.synchronize()
        }
        var records: [(line: Int, record: SweepRecord)] = []
        for (number, line) in data[..<complete].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast().enumerated()
        {
            let entry: JSONValue
            do {
                entry = try JSONValue.parse(Data(line))
            } catch {
                throw SweepError.corruptLog(file: url.path, line: number + 1, reason: "not valid JSON")
            }
            do {
                records.append((number + 1, try SweepRecord(entry: entry)))
            } catch {
                throw SweepError.corruptLog(file: url.path, line: number + 1, reason: error.reason)
            }
        }
        return (records, dropped)
    }

    private static func systemError(_ what: String) -> SweepError {
        .fileSystem(what + ": " + String(cString: strerror(errno)))
    }
}
