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

            Without a command it runs the default experiment: LeNet-5 on the 10,000 MNIST test
            images on an ISAAC-like chip of ReRAM arrays, 8-bit weights and inputs (crossbar run
            with its defaults).

            Examples:
              swift run -c release crossbar
              crossbar run --device pcm --arch prime --images 1000
              crossbar map --network mlp
            """,
        version: CrossbarVersion.current,
        subcommands: [
            RunCommand.self, MapCommand.self, Train.self, Eval.self, Devices.self, DeviceCommand.self, ArrayCommand.self, PlotCommand.self,
            MergeCommand.self, Bench.self,
        ])

    /// The default experiment: `crossbar run` with its defaults.
    func run() throws {
        try RunCommand().run()
    }

    static func main() {
        exit(CommandRunner.run(Crossbar.self, arguments: Array(CommandLine.arguments.dropFirst())))
    }
}
