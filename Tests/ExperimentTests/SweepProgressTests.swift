import Experiment
import Synchronization
import Testing

@Suite("Sweep progress")
struct SweepProgressTests {
    @Test("durations read as seconds, minutes and hours")
    func durations() {
        #expect(SweepProgress.duration(42.4) == "42s")
        #expect(SweepProgress.duration(185) == "3m05s")
        #expect(SweepProgress.duration(7620) == "2h07m")
    }

    @Test("the bar and the plain line show done, total, percent, elapsed time and ETA")
    func texts() {
        #expect(SweepProgress.bar(name: "dv", done: 12, total: 40, elapsedSeconds: 62, remainingSeconds: 133)
            == "dv [███████░░░░░░░░░░░░░░░░░] 12/40  30%  1m02s elapsed  ETA 2m13s   ")
        #expect(SweepProgress.line(name: "dv", done: 12, total: 40, elapsedSeconds: 62, remainingSeconds: nil)
            == "dv: 12/40 points (30%), 1m02s elapsed, ETA unknown")
    }

    @Test("plain lines announce the sweep and end with a summary")
    func lines() {
        let output = Mutex<[String]>([])
        let progress = SweepProgress(name: "toy", total: 3, alreadyDone: 1, style: .lines) { text in
            output.withLock { $0.append(text) }
        }
        progress.pointFinished()
        progress.pointFinished()
        progress.finish()
        let shown = output.withLock { $0 }
        #expect(shown.first == "toy: 3 points, 1 already finished\n")
        #expect(shown.last?.hasPrefix("toy: 3/3 points finished, 2 in this run, in ") == true)
    }
}
