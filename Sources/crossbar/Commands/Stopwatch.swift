import Dispatch

/// Times a piece of work: the best of several runs after a warm-up, in seconds.
enum Stopwatch {
    /// Seconds since an arbitrary fixed point, from a monotonic clock.
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }

    /// The fastest of `repetitions` timed runs of `work` (after one untimed warm-up run), or of
    /// as many as fit in `budgetSeconds` once the first has run.
    static func best(repetitions: Int, budgetSeconds: Double = 10, _ work: () -> Void) -> Double {
        work()
        var best = Double.infinity
        let start = now()
        for _ in 0..<repetitions {
            let begin = now()
            work()
            best = min(best, now() - begin)
            if now() - start > budgetSeconds { break }
        }
        return best
    }
}
