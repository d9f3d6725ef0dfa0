/// `crossbar bench`: the kernel benchmarks.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of Crossbar's kernels (use a release build).",
        discussion: """
            Benchmarks time the kernels that dominate a run. Build in release mode for
            meaningful figures.

            Example:
              swift run -c release crossbar bench gemm --size 2048 --json
            """,
        subcommands: [BenchGEMM.self, BenchRNG.self, BenchIRDrop.self, BenchMVM.self, BenchRun.self])
}
