import Numerics

/// `crossbar bench rng`: random-number throughput.
struct BenchRNG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rng",
        abstract: "Measure random-number throughput (uniform and normal samples per second).",
        discussion: """
            Fills a buffer of 2²⁴ floats from a Philox stream, with one thread and with all, draws
            the same number of normals by random access (groups of 32, as the read noise does) on
            one thread, and draws scalar normals one at a time.

            Example:
              swift run -c release crossbar bench rng --json
            """)

    @Option(help: "Samples per fill.") var count: Int = 1 << 24
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard (32...(1 << 28)).contains(count) else { throw ValidationError("--count must be in 32...268435456, got \(count)") }
    }

    /// The `--json` record; rates in samples per second.
    struct Result: Encodable {
        let count: Int
        let threads: Int
        let uniformPerSecondOneThread: Double
        let uniformPerSecond: Double
        let normalPerSecondOneThread: Double
        let normalPerSecond: Double
        let randomAccessNormalPerSecondOneThread: Double
        let scalarNormalPerSecond: Double
    }

    func run() throws {
        let threads = Parallel.defaultThreadCount
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: 1, key: "bench/rng")
        func rate(_ fill: (inout RandomStream) -> Void) -> Double {
            Double(count) / Stopwatch.best(repetitions: 5) { fill(&stream) }
        }
        let uniformOne = rate { $0.fillUniform(buffer, threads: 1) }
        let uniformAll = rate { $0.fillUniform(buffer, threads: threads) }
        let normalOne = rate { $0.fillNormal(buffer, threads: 1) }
        let normalAll = rate { $0.fillNormal(buffer, threads: threads) }
        let groups = UInt64(count / 32)
        let randomAccess = rate { $0.normals(groups: 0..<groups, into: buffer.baseAddress!) } * Double(groups * 32) / Double(count)
        let scalarCount = min(count, 1 << 22)
        var sink = 0.0
        let scalarSeconds = Stopwatch.best(repetitions: 3) {
            for _ in 0..<scalarCount { sink += stream.nextNormal() }
        }
        let result = Result(
            count: count, threads: threads, uniformPerSecondOneThread: uniformOne, uniformPerSecond: uniformAll,
            normalPerSecondOneThread: normalOne, normalPerSecond: normalAll, randomAccessNormalPerSecondOneThread: randomAccess,
            scalarNormalPerSecond: Double(scalarCount) / scalarSeconds + (sink.isNaN ? 1 : 0))
        if json {
            try JSONOutput.print(result)
        } else {
            func millions(_ value: Double) -> String { Format.fixed(value / 1e6, 0) + " M/s" }
            print("Philox4x32-10, \(count) samples per fill")
            print("  uniform fill: \(millions(uniformOne)) on 1 thread, \(millions(uniformAll)) on \(threads)")
            print("  normal fill:  \(millions(normalOne)) on 1 thread, \(millions(normalAll)) on \(threads)")
            print("  normal random access (groups of 32): \(millions(randomAccess)) on 1 thread")
            print("  scalar normal (nextNormal): \(millions(result.scalarNormalPerSecond))")
        }
    }
}
