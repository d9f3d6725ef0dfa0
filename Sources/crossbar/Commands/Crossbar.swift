import Foundation
import Numerics

/// The root of the `crossbar` command line.
@main
struct Crossbar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossbar",
        abstract: "Emulate processing-in-memory accelerators built from analog crossbar arrays.",
        discussion: """
            Crossbar maps a quantized neural network onto crossbars of memory devices (ReRAM, PCM,
            STT-MRAM, SRAM) and runs bit-sliced inference with their non-idealities, reporting
            accuracy against the digital baseline with energy, latency and area.

            Example:
              crossbar bench gemm --size 1024
            """,
        version: CrossbarVersion.current,
        subcommands: [
            Train.self, Eval.self, Devices.self, DeviceCommand.self, ArrayCommand.self, PlotCommand.self,
            MergeCommand.self, CostCommand.self, Bench.self,
        ])

    static func main() {
        exit(CommandRunner.run(Crossbar.self, arguments: Array(CommandLine.arguments.dropFirst())))
    }
}
