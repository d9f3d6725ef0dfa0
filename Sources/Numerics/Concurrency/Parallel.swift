import Dispatch
import Foundation
import Synchronization

/// Runs independent pieces of work on several threads.
///
/// Work is split into numbered items; each item's result must depend only on its number, never
/// on which thread runs it or when. That is what keeps Crossbar's results independent of the
/// thread count.
public enum Parallel {
    private static let configuredThreads = Atomic<Int>(0)

    /// Threads used when a caller does not say: the value set by ``setDefaultThreadCount(_:)``
    /// (the CLI's `--threads`), else the number of active processors.
    public static var defaultThreadCount: Int {
        let configured = configuredThreads.load(ordering: .relaxed)
        return configured > 0 ? configured : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Sets the thread count used by default; `nil` restores the number of active processors.
    public static func setDefaultThreadCount(_ threads: Int?) {
        precondition(threads.map { $0 >= 1 } ?? true, "thread count must be at least 1")
        configuredThreads.store(threads ?? 0, ordering: .relaxed)
    }

    /// Calls `body(item)` once for every item in `0..<count`, on up to `threads` threads
    /// (default ``defaultThreadCount``), and returns when all have finished.
    public static func forEach(_ count: Int, threads: Int? = nil, _ body: @Sendable (_ item: Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(count, max(1, threads ?? defaultThreadCount))
        if workers == 1 {
            for item in 0..<count { body(item) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if item >= count { break }
                    work.value(item)
                }
            }
        }
    }

    /// Calls `body(chunk)` for contiguous chunks of `0..<count` of at most `chunkSize` items.
    public static func forEachChunk(
        _ count: Int, chunkSize: Int, threads: Int? = nil, _ body: @Sendable (_ chunk: Range<Int>) -> Void
    ) {
        precondition(chunkSize > 0, "chunk size must be positive")
        let chunks = (count + chunkSize - 1) / chunkSize
        forEach(chunks, threads: threads) { chunk in
            body(chunk * chunkSize ..< min(count, (chunk + 1) * chunkSize))
        }
    }
}
