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
            fits the chip and the replication that would balance ISAAC's pipeline. --json adds the
            multiply-accumulates per inference and the weights (biases excluded) of every layer
            and in total, counted as Sze et al. 2017 do (a grouped convolution's C_in/G·k_h·k_w per
            output). No images are read: the input shape comes from the graph.

            Examples:
              crossbar map
              crossbar map --network mlp --arch prime --json
              crossbar map --arch isaac --cell-bits 4 --array-size 256
              crossbar map --network vgg16 --arch isaac
            """)

    /// The run options (shared with `run`, `bench run` and `cost`); the device caps the bits per cell.
    var options = RunOptions()
    @Flag(help: "Print one JSON object.") var json: Bool

    func run() throws {
        let configuration = try options.configuration()
        let (name, quantized) = try RunPreparation.shapeNetwork(configuration)
        let mapping = try Mapping(network: quantized, architecture: configuration.architectureSpec())
        if json {
            var tree = mapping.json
            try tree.set(.string(name), at: "network")
            try tree.set(configuration.json, at: "configuration")
            print(tree.canonicalJSON())
        } else {
            print("\(URL(fileURLWithPath: name).lastPathComponent) on \(mapping.architecture.name):")
            print(mapping.table)
        }
    }
}
