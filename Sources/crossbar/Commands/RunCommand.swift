import Accelerator
import Foundation
import Numerics

/// `crossbar run`: a network on a simulated PIM chip, with accuracy, energy, latency and area.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a network on a simulated crossbar accelerator and report accuracy, energy, latency and area.",
        discussion: """
            Quantizes the network (the digital integer baseline), maps its Conv2D/Dense layers
            onto the architecture's arrays, programs them through the device model and runs the
            test images bit-serially through DACs, arrays, ADCs and shift-and-add, with the
            device's variation, read noise and drift and the wires' IR drop. Reports the analog,
            digital and float accuracy on the same images, their agreement, energy per inference
            by component and layer, latency, pipelined throughput, area and the programming cost.
            Without options it runs LeNet-5 on the 10,000 MNIST test images, ReRAM, ISAAC.
            Any configuration path can be set with --set (see --json's 'configuration').

            Examples:
              swift run -c release crossbar run
              crossbar run --network mlp --device pcm --cell-bits 8 --dac-bits 8 --adc-bits 8 --images 1000
              crossbar run --arch prime --device reram --wire-resistance 2.5 --set adc.rangePolicy=calibrated --json
              crossbar run --device pcm --drift-time 86400 --set driftCompensation=true
            """)

    @Option(help: "Bundled model (lenet5, mlp) or an ONNX file (default: lenet5).") var network: String?
    @Option(help: "Folder of MNIST-layout IDX files (default: the bundled MNIST).") var dataset: String?
    @Option(help: "Device preset (reram, pcm, sttmram, sram, ideal) or preset file (default: reram).") var device: String?
    @Option(help: "Architecture (isaac, prime) or architecture file (default: isaac).") var arch: String?
    @Option(help: "Test images to run (default: 10000).") var images: Int?
    @Option(help: "Weight bits, 2-16 (default: 8).") var weightBits: Int?
    @Option(help: "Activation bits of every layer input, 2-15 (default: 8).") var inputBits: Int?
    @Option(help: "Bits per cell (default: the architecture's, at most the device's).") var cellBits: Int?
    @Option(help: "DAC bits per input slice (default: the architecture's).") var dacBits: Int?
    @Option(help: "ADC bits (default: the architecture's).") var adcBits: Int?
    @Option(help: "Array size, ROWS or ROWSxCOLUMNS (default: the architecture's).") var arraySize: String?
    @Option(help: "Resistance of one wire segment (one cell pitch), ohms (default: 0).") var wireResistance: Double?
    @Option(help: "Seconds from programming to inference (default: 1).") var driftTime: Double?
    @Option(help: "Seed of every random stream (default: 1).") var seed: UInt64?
    @Option(help: "Threads to use (default: all processors); results do not depend on it.") var threads: Int?
    @Option(help: "A run configuration (JSON), as --json prints it under 'configuration'.") var config: String?
    @Option(help: "Set a configuration path, PATH=VALUE (several allowed).") var set: [String] = []
    @Flag(help: "Print one JSON object.") var json: Bool

    /// The options as a configuration.
    var options: RunOptions {
        RunOptions(
            config: config, network: network, dataset: dataset, device: device, arch: arch, images: images, weightBits: weightBits,
            inputBits: inputBits, cellBits: cellBits, dacBits: dacBits, adcBits: adcBits, arraySize: arraySize,
            wireResistance: wireResistance, driftTime: driftTime, seed: seed, set: set)
    }

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
        _ = try options.configuration()
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let configuration = try options.configuration()
        ProgressLine("").show("loading, quantizing, mapping and programming…")
        let preparation = try RunPreparation(configuration, threads: threads)
        let inference = ProgressLine("images")
        let report = try preparation.run(configuration, threads: threads) { done, total in inference.update(done, of: total) }
        inference.finish()
        if json {
            print(try report.json(includingTiming: true).canonicalJSON())
        } else {
            print(RunReportText(report).text)
        }
    }
}
