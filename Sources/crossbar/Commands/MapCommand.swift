import Accelerator
import DataFiles
import Foundation
import Numerics

/// `crossbar map`: how a network's layers sit on an architecture's arrays and tiles.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Show how a network maps onto an architecture: arrays, IMAs, tiles, utilization, replication.",
        discussion: """
            Cuts every Conv2D/Dense weight matrix (convolutions unrolled by im2col) into blocks
            that fit the arrays, assigns them to arrays, IMAs and tiles, and prints per layer and in
            total the blocks, arrays, cells used and allocated, utilization, whether the network
            fits the chip and the replication that would balance ISAAC's pipeline.

            Examples:
              crossbar map
              crossbar map --network mlp --arch prime --json
              crossbar map --arch isaac --cell-bits 4 --array-size 256
            """)

    @Option(help: "Bundled model (lenet5, mlp) or an ONNX file (default: lenet5).") var network: String?
    @Option(help: "Folder of MNIST-layout IDX files for calibration (default: the bundled MNIST).") var dataset: String?
    @Option(help: "Device preset or file; it caps the bits per cell (default: reram).") var device: String?
    @Option(help: "Architecture (isaac, prime) or architecture file (default: isaac).") var arch: String?
    @Option(help: "Weight bits, 2-16 (default: 8).") var weightBits: Int?
    @Option(help: "Bits per cell (default: the architecture's, at most the device's).") var cellBits: Int?
    @Option(help: "Array size, ROWS or ROWSxCOLUMNS (default: the architecture's).") var arraySize: String?
    @Option(help: "A run configuration (JSON).") var config: String?
    @Option(help: "Set a configuration path, PATH=VALUE (several allowed).") var set: [String] = []
    @Flag(help: "Print one JSON object.") var json: Bool

    /// The options as a configuration.
    var options: RunOptions {
        RunOptions(
            config: config, network: network, dataset: dataset, device: device, arch: arch, weightBits: weightBits, cellBits: cellBits,
            arraySize: arraySize, set: set)
    }

    func validate() throws {
        _ = try options.configuration()
    }

    func run() throws {
        let configuration = try options.configuration()
        let (modelFile, _, quantized, _) = try RunPreparation.network(for: configuration)
        let mapping = try Mapping(network: quantized, architecture: configuration.architectureSpec())
        if json {
            var tree = mapping.json
            try tree.set(.string(ProjectDirectory.reportedPath(modelFile)), at: "network")
            try tree.set(configuration.json, at: "configuration")
            print(tree.canonicalJSON())
        } else {
            print("\(modelFile.lastPathComponent) on \(mapping.architecture.name):")
            print(mapping.table)
        }
    }
}
