import Numerics

/// `crossbar bench gemm`: float GEMM throughput.
struct BenchGEMM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Measure single-precision GEMM throughput in GFLOP/s.",
        discussion: """
            Multiplies two random N×N matrices (C = A·B) and reports 2N³ floating-point operations
            divided by the best of several runs.

            Example:
              swift run -c release crossbar bench gemm --size 1024 --threads 1 --json
            """)

    @Option(help: "Matrix size N.") var size: Int = 1024
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard (1...16384).contains(size) else { throw ValidationError("--size must be in 1...16384, got \(size)") }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be in 1...256, got \(threads)")
        }
    }

    /// The `--json` record.
    struct Result: Encodable {
        let size: Int
        let threads: Int
        let gflops: Double
        let seconds: Double
    }

    func run() throws {
        let threadCount = threads ?? Parallel.defaultThreadCount
        let seconds = Self.bestSeconds(size: size, threads: threadCount)
        let gflops = 2 * Double(size) * Double(size) * Double(size) / seconds / 1e9
        let result = Result(size: size, threads: threadCount, gflops: gflops, seconds: seconds)
        if json {
            try JSONOutput.print(result)
        } else {
            print("GEMM \(size)×\(size)×\(size), \(threadCount) thread(s): \(Format.fixed(gflops, 1)) GFLOP/s (\(Format.fixed(seconds * 1e3, 2)) ms)")
        }
    }

    /// The best of five timed products of two random N×N matrices on `threads` threads, seconds.
    static func bestSeconds(size: Int, threads: Int) -> Double {
        var stream = RandomStream(seed: 1, key: "bench/gemm")
        var a = Matrix<Float>(rows: size, columns: size)
        var b = Matrix<Float>(rows: size, columns: size)
        a.withUnsafeMutableBufferPointer { stream.fillUniform($0) }
        b.withUnsafeMutableBufferPointer { stream.fillUniform($0) }
        var c = Matrix<Float>(rows: size, columns: size)
        return Stopwatch.best(repetitions: 5) {
            GEMM.multiply(a.view, b.view, into: &c, threads: threads)
        }
    }
}
