import DataFiles
import Foundation
import Numerics

#if canImport(Glibc)
import Glibc
#endif

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
            RunCommand.self, MapCommand.self, CostCommand.self, EstimateCommand.self, Train.self, Eval.self, Devices.self, DeviceCommand.self,
            ArrayCommand.self, SweepCommand.self, MergeCommand.self, PlotCommand.self, Bench.self,
        ])

    /// Inference allocates buffers of a few hundred kilobytes per batch (sliced inputs, sensed
    /// values); glibc maps and unmaps each one and the kernel zeroes its pages again every time.
    /// Raising glibc's mmap and trim thresholds (`mallopt(M_MMAP_THRESHOLD = -3)`,
    /// `M_TRIM_THRESHOLD = -1`, from `<malloc.h>`, which Swift's Glibc module does not export)
    /// keeps them in the heap: inference is 8 % faster on the 2-core development machine.
    static func keepLargeBuffersInHeap() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 256 << 20)
        _ = mallopt(-1, 512 << 20)
        #endif
    }

    /// The default experiment: `crossbar run` with its defaults.
    func run() throws {
        try RunCommand().run()
    }

    static func main() {
        keepLargeBuffersInHeap()
        exit(CommandRunner.run(Crossbar.self, arguments: Array(CommandLine.arguments.dropFirst())))
    }
}
