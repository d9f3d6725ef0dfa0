import Foundation
import Synchronization

/// A one-line progress display on standard error, redrawn in place, shown only when standard
/// error is a terminal (logs and pipes get nothing).
final class ProgressLine: Sendable {
    private let label: String
    private let lastDrawn = Mutex<Double>(-1)
    private let enabled: Bool
    /// When the work began: the line's creation, or the last report of 0 done.
    private let start = Mutex(Stopwatch.now())

    /// A progress line for `label`, enabled when standard error is a terminal.
    init(_ label: String) {
        self.label = label
        enabled = isatty(FileHandle.standardError.fileDescriptor) != 0
    }

    /// Shows `done` of `total`, at most ten times a second; a report of 0 done restarts the clock
    /// the time left is estimated from.
    func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let now = Stopwatch.now()
        if done == 0 { start.withLock { $0 = now } }
        let draw = lastDrawn.withLock { last in
            guard now - last >= 0.1 || done == total else { return false }
            last = now
            return true
        }
        guard draw else { return }
        let elapsed = now - start.withLock { $0 }
        let remaining = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        show("\(label) \(done)/\(total) (\(Format.fixed(100 * Double(done) / Double(max(total, 1)), 0)) %, \(Format.fixed(remaining, 0)) s left)")
    }

    /// Shows `text` in place of what the line showed.
    func show(_ text: String) {
        guard enabled else { return }
        let padded = text.count < Self.width ? text + String(repeating: " ", count: Self.width - text.count) : text
        FileHandle.standardError.write(Data(("\r" + padded).utf8))
    }

    /// Characters a line is padded to, so a shorter text covers a longer one.
    private static let width = 72

    /// Erases the line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: Self.width) + "\r").utf8))
    }
}
