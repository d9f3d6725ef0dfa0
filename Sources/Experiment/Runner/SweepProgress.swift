import Dispatch
import Foundation
import Synchronization

/// Shows a sweep's progress on standard error: a bar with the estimated time left, redrawn in
/// place, when standard error is a terminal; plain lines every ``lineIntervalSeconds``
/// otherwise (log files, Slurm output).
///
/// The estimate assumes the remaining points take as long on average as the points finished
/// in this run (points found finished by a resume do not count).
public final class SweepProgress: Sendable {
    /// How progress is shown.
    public enum Style: Sendable, Hashable {
        /// A bar on a terminal, lines otherwise.
        case automatic
        /// A bar redrawn in place.
        case bar
        /// A line every ``SweepProgress/lineIntervalSeconds``.
        case lines
        /// Nothing.
        case silent
    }

    /// Seconds between two progress lines in the `lines` style.
    public static let lineIntervalSeconds = 30.0

    private struct State {
        var done: Int
        var lastShownSeconds: Double
    }

    private let name: String
    private let total: Int
    private let alreadyDone: Int
    private let style: Style
    private let startSeconds: Double
    private let state: Mutex<State>
    private let output: @Sendable (String) -> Void

    /// Progress of `total` points of which `alreadyDone` were finished before this run.
    /// `output` receives the text to show (default: standard error).
    public init(
        name: String, total: Int, alreadyDone: Int, style: Style,
        output: @escaping @Sendable (String) -> Void = SweepProgress.standardError
    ) {
        self.name = name
        self.total = total
        self.alreadyDone = alreadyDone
        self.style = style == .automatic ? (isatty(STDERR_FILENO) == 1 ? .bar : .lines) : style
        self.output = output
        startSeconds = Self.now()
        state = Mutex(State(done: alreadyDone, lastShownSeconds: startSeconds))
        if self.style == .lines {
            output("\(name): \(total) points, \(alreadyDone) already finished\n")
        }
    }

    /// Records one more finished point and shows it if it is time to.
    public func pointFinished() {
        let now = Self.now()
        state.withLock { state in
            state.done += 1
            switch style {
            case .bar:
                output("\r" + Self.bar(name: name, done: state.done, total: total, elapsedSeconds: now - startSeconds,
                                       remainingSeconds: remaining(done: state.done, now: now)))
            case .lines where now - state.lastShownSeconds >= Self.lineIntervalSeconds:
                state.lastShownSeconds = now
                output(Self.line(name: name, done: state.done, total: total, elapsedSeconds: now - startSeconds,
                                 remainingSeconds: remaining(done: state.done, now: now)) + "\n")
            default:
                break
            }
        }
    }

    /// Ends the display with a summary line.
    public func finish() {
        let now = Self.now()
        state.withLock { state in
            switch style {
            case .bar, .lines:
                output((style == .bar ? "\n" : "")
                    + "\(name): \(state.done)/\(total) points finished, \(state.done - alreadyDone) in this run, in "
                    + Self.duration(now - startSeconds) + "\n")
            case .automatic, .silent:
                break
            }
        }
    }

    private func remaining(done: Int, now: Double) -> Double? {
        let ranHere = done - alreadyDone
        guard ranHere > 0 else { return nil }
        return (now - startSeconds) / Double(ranHere) * Double(total - done)
    }

    /// A progress bar line: `name [████░░░░] 12/40  30%  1m02s elapsed  ETA 2m13s`.
    public static func bar(name: String, done: Int, total: Int, elapsedSeconds: Double, remainingSeconds: Double?) -> String {
        let width = 24
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        return "\(name) [" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            + "] \(done)/\(total)  \(Int((fraction * 100).rounded(.down)))%  " + duration(elapsedSeconds) + " elapsed  ETA "
            + (remainingSeconds.map(duration) ?? "…") + "   "
    }

    /// A plain progress line: `name: 12/40 points (30%), 1m02s elapsed, ETA 2m13s`.
    public static func line(name: String, done: Int, total: Int, elapsedSeconds: Double, remainingSeconds: Double?) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        return "\(name): \(done)/\(total) points (\(percent)%), " + duration(elapsedSeconds) + " elapsed, ETA "
            + (remainingSeconds.map(duration) ?? "unknown")
    }

    /// A duration as `42s`, `3m05s` or `2h07m`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + String(format: "%02d", whole % 60) + "s" }
        return "\(whole / 3600)h" + String(format: "%02d", whole / 60 % 60) + "m"
    }

    /// Writes `text` to standard error.
    public static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
}
