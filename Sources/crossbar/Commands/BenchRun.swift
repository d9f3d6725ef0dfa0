import Accelerator
import Foundation
import Numerics

/// `crossbar bench run`: the full non-ideal pipeline on a network, against the GEMM kernel.
struct BenchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure the full non-ideal inference pipeline in images/s and its MVM work against the GEMM kernel.",
        discussion: """
            Runs the network (by default on ReRAM with the ISAAC organisation), 8-bit ADCs, read noise and IR
            drop (wire segments of 1 Ω — the 32 nm wire of NeuroSim V1.3, 6.55 Ω/µm, over a cell
            pitch of about 150 nm — unless --set wire.resistanceOhms=… says otherwise), and
            reports images per second of the analog pass, the wall time of the whole run, the
            effective GFLOP/s of the arrays' slice-level work (2 per weight row and sensed column of
            every converted slice) and of the GEMMs actually computed, next to the GEMM kernel's
            GFLOP/s (1024³, same threads) measured in the same process.

            Examples:
              swift run -c release crossbar bench run
              crossbar bench run --network mlp --images 2000 --json
            """)

    /// The run options (shared with `run`, `map` and `cost`); the wire resistance defaults to 1 Ω.
    var options = RunOptions()
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Print one JSON object.") var json: Bool

    /// The benchmark's configuration: the options, with 1 Ω wire segments unless they say otherwise.
    private func configuration() throws -> RunConfiguration {
        try options.configuration(defaults: ["wire.resistanceOhms": 1])
    }

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    }

    /// The `--json` record.
    struct Result: Encodable {
        let network: String
        let images: Int
        let threads: Int
        let imagesPerSecond: Double
        let inferenceSeconds: Double
        let totalSeconds: Double
        let programmingSeconds: Double
        let baselineSeconds: Double
        let readoutSeconds: Double
        let sliceGflops: Double
        let computedGflops: Double
        let gemmGflops: Double
        let sliceFractionOfGEMM: Double
        let analogAccuracy: Double
        let digitalAccuracy: Double
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let threadCount = threads ?? Parallel.defaultThreadCount
        let configuration = try configuration()
        let start = Stopwatch.now()
        let preparation = try RunPreparation(configuration, threads: threadCount)
        let report = try preparation.run(configuration, threads: threadCount)
        let total = Stopwatch.now() - start
        let matrices = report.ledger.matrixLayers
        let seconds = report.inferenceSimulationSeconds
        let slice = 2 * Double(matrices.reduce(0) { $0 + $1.sliceMultiplyAccumulates }) / seconds / 1e9
        let computed = 2 * Double(matrices.reduce(0) { $0 + $1.computedMultiplyAccumulates }) / seconds / 1e9
        let gemm = Self.gemmGflops(threads: threadCount)
        let result = Result(
            network: configuration.network, images: report.images, threads: threadCount, imagesPerSecond: Double(report.images) / seconds,
            inferenceSeconds: seconds, totalSeconds: total, programmingSeconds: preparation.programmingSimulationSeconds,
            baselineSeconds: preparation.baselineSimulationSeconds, readoutSeconds: report.readoutSimulationSeconds, sliceGflops: slice, computedGflops: computed, gemmGflops: gemm,
            sliceFractionOfGEMM: slice / gemm, analogAccuracy: report.analogAccuracy, digitalAccuracy: report.digitalAccuracy)
        if json {
            try JSONOutput.print(result)
            return
        }
        print(
            "\(configuration.network) on \(report.images) images, \(configuration.devicePreset), \(configuration.architecture), \(configuration.adcBits)-bit ADC, "
                + "read noise, IR drop (\(configuration.rowWireResistanceOhms) Ω rows, \(configuration.columnWireResistanceOhms) Ω columns), "
                + "\(threadCount) thread(s): analog accuracy \(Format.fixed(report.analogAccuracy * 100, 2)) % (digital \(Format.fixed(report.digitalAccuracy * 100, 2)) %)")
        print(
            "  analog pass \(Format.fixed(result.imagesPerSecond, 0)) images/s (\(Format.fixed(seconds, 2)) s); whole run \(Format.fixed(total, 2)) s "
                + "(programming \(Format.fixed(result.programmingSeconds, 2)) s, float and digital baselines \(Format.fixed(result.baselineSeconds, 2)) s, "
                + "reading the arrays \(Format.fixed(result.readoutSeconds, 2)) s)")
        print(
            "  MVM work: slice level \(Format.fixed(slice, 1)) GFLOP/s, GEMMs computed \(Format.fixed(computed, 1)) GFLOP/s; "
                + "GEMM kernel \(Format.fixed(gemm, 1)) GFLOP/s → slice level at \(Format.fixed(100 * slice / gemm, 0)) % of the kernel")
    }

    /// SGEMM 1024³ GFLOP/s on `threads` threads, best of 5 (as `crossbar bench gemm`).
    static func gemmGflops(threads: Int) -> Double {
        2 * 1024 * 1024 * 1024 / BenchGEMM.bestSeconds(size: 1024, threads: threads) / 1e9
    }
}
