import Accelerator
import Foundation
import Network
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
            by component and layer, latency, pipelined throughput, area and the programming cost,
            and the fidelity of the analog logits to the digital ones (top-1 agreement and
            RMS(analog − digital)/RMS(digital)). --network takes a bundled model, a zoo
            architecture (alexnet, vgg16, googlenet, resnet18, resnet50, vgg8, vgg11, vgg13, vgg16c, vgg19, msra-a, msra-b, msra-c; weights from --seed)
            or an ONNX file; --dataset a folder of MNIST IDX, CIFAR-10/100 binary batches or
            images.npy + labels.npy. Calibration images come from the training split where the
            dataset has one, else from its first test images; the report says which.
            Without options it runs LeNet-5 on the 10,000 MNIST test images, ReRAM, ISAAC.
            Any configuration path can be set with --set (see --json's 'configuration').

            Examples:
              swift run -c release crossbar run
              crossbar run --network mlp --device pcm --cell-bits 8 --dac-bits 8 --adc-bits 8 --images 1000
              crossbar run --arch prime --device reram --wire-resistance 2.5 --set adc.rangePolicy=calibrated --json
              crossbar run --device pcm --drift-time 86400 --set driftCompensation=true
              crossbar run --network resnet18.onnx --dataset images/ --images 16 --arch prime --save-logits logits/
            """)

    /// The run's options (shared with `map`, `bench run` and `cost`).
    var options = RunOptions()
    @Option(help: "Threads to use (default: all processors); results do not depend on it.") var threads: Int?
    @Option(help: "Folder to write the logits to, as NPY float32 N×classes: float.npy, digital.npy and analog.npy.") var saveLogits: String?
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    }

    func run() throws {
        if let threads { Parallel.setDefaultThreadCount(threads) }
        let configuration = try options.configuration()
        let logits = try saveLogits.map(LogitsFolder.init(path:))
        ProgressLine("").show("loading, quantizing and mapping…")
        let programming = ProgressLine("programming arrays")
        let preparation = try RunPreparation(configuration, threads: threads) { done, total in programming.update(done, of: total) }
        let inference = ProgressLine("images")
        inference.show("reading the arrays…")
        let report = try preparation.run(configuration, threads: threads) { done, total in inference.update(done, of: total) }
        inference.finish()
        if let logits {
            try logits.write(preparation.floatLogits, name: "float")
            try logits.write(preparation.digitalLogits, name: "digital")
            try logits.write(report.analogLogits, name: "analog")
        }
        if json {
            print(try report.json(includingTiming: true).canonicalJSON())
        } else {
            print(RunReportText(report).text)
        }
    }
}
