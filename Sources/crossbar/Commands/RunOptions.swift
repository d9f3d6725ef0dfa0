import Accelerator
import DataFiles
import Foundation
import Numerics

/// The options `crossbar run`, `crossbar map`, `crossbar bench run` and `crossbar cost` share,
/// and the ``RunConfiguration`` they describe: a `--config` file (or the defaults), then each
/// option given at its configuration path, then every `--set PATH=VALUE`, each layered over
/// what came before (``RunConfiguration/layering(_:at:over:)``: `--wire-resistance` over a
/// file's row and column wires replaces both; `--row-wire-resistance` after it keeps its
/// column value).
struct RunOptions: ParsableArguments {
    @Option(help: "A run configuration (JSON), as --json prints it under 'configuration'.") var config: String?
    @Option(help: "Bundled model (lenet5, mlp), zoo architecture (alexnet, vgg16, googlenet, resnet18, resnet50, vgg8, vgg11, vgg13, vgg16c, vgg19, msra-a, msra-b, msra-c) or an ONNX file (default: lenet5).")
    var network: String?
    @Option(help: "Dataset folder: MNIST IDX, CIFAR-10/100 binary or images.npy + labels.npy (default: the bundled MNIST).") var dataset: String?
    @Option(help: "Device preset (reram, pcm, sttmram, sram, ideal) or preset file (default: reram).") var device: String?
    @Option(help: "Architecture (isaac, prime, aihwkit, neurosim) or architecture file (default: isaac).") var arch: String?
    @Option(help: "Test images to run (default: 10000).") var images: Int?
    @Option(help: "Weight bits, 2-16 (default: 8).") var weightBits: Int?
    @Option(help: "Activation bits of every layer input, 2-15 (default: 8).") var inputBits: Int?
    @Option(help: "Bits per cell (default: the architecture's, at most the device's).") var cellBits: Int?
    @Option(help: "DAC bits per input slice (default: the architecture's).") var dacBits: Int?
    @Option(help: "ADC bits (default: the architecture's).") var adcBits: Int?
    @Option(help: "Array size, ROWS or ROWSxCOLUMNS (default: the architecture's).") var arraySize: String?
    @Option(help: "Resistance of one wire segment, rows and columns alike, ohms (default: 0; wire.resistanceOhms).") var wireResistance: Double?
    @Option(help: "Resistance of one row-wire segment (one cell pitch along a row), ohms (default: 0; wire.rowResistanceOhms).")
    var rowWireResistance: Double?
    @Option(help: "Resistance of one column-wire (bit-line) segment, ohms (default: 0; wire.columnResistanceOhms).")
    var columnWireResistance: Double?
    @Option(help: "Seconds from programming to inference (default: 1).") var driftTime: Double?
    @Option(help: "Seed of every random stream (default: 1).") var seed: UInt64?
    @Option(help: "Digital baseline to compare with (macArray, dadiannao, eyeriss; default: macArray; baseline.kind).") var baseline: String?
    @Option(help: "Images entering the chip's pipeline back to back, for the batch latency and throughput (default: 1; pipeline.batchSize).")
    var batchSize: Int?
    @Option(help: "Set a configuration path, PATH=VALUE (several allowed).") var set: [String] = []

    /// The configuration the options describe, with `defaults` (configuration paths) under any
    /// option a command gives another default; a bad value is a ``ValidationError`` naming the
    /// option or configuration path.
    func configuration(defaults: [String: JSONValue] = [:]) throws -> RunConfiguration {
        var tree: JSONValue = [:]
        if let config {
            do {
                tree = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: config)))
            } catch let error as JSONParseError {
                throw ValidationError("--config \(config): not valid JSON: \(error)")
            } catch {
                throw ValidationError("--config \(config): cannot read the file (\(error.localizedDescription))")
            }
        }
        func put(_ value: JSONValue?, _ path: String) throws {
            if let value { tree = try RunConfiguration.layering(value, at: path, over: tree) }
        }
        do {
            for (path, value) in defaults.sorted(by: { $0.key < $1.key }) where !RunConfiguration.gives(path, in: tree) {
                try tree.set(value, at: path)
            }
            try put(network.map(JSONValue.string), "network")
            try put(dataset.map(JSONValue.string), "dataset")
            try put(device.map(JSONValue.string), "device.preset")
            try put(arch.map(JSONValue.string), "architecture")
            try put(images.map { .number(Double($0)) }, "images")
            try put(weightBits.map { .number(Double($0)) }, "weights.bits")
            try put(inputBits.map { .number(Double($0)) }, "inputs.bits")
            try put(cellBits.map { .number(Double($0)) }, "cells.bits")
            try put(dacBits.map { .number(Double($0)) }, "dac.bits")
            try put(adcBits.map { .number(Double($0)) }, "adc.bits")
            if let arraySize {
                let (rows, columns) = try Self.arraySize(arraySize)
                try put(.number(Double(rows)), "array.rows")
                try put(.number(Double(columns)), "array.columns")
            }
            try put(wireResistance.map(JSONValue.number), RunConfiguration.wireShorthand)
            try put(rowWireResistance.map(JSONValue.number), RunConfiguration.wireSpecifics[0])
            try put(columnWireResistance.map(JSONValue.number), RunConfiguration.wireSpecifics[1])
            try put(driftTime.map(JSONValue.number), "driftTimeSeconds")
            try put(seed.map { .number(Double($0)) }, "seed")
            try put(baseline.map(JSONValue.string), "baseline.kind")
            try put(batchSize.map { .number(Double($0)) }, "pipeline.batchSize")
            for pair in set {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--set takes PATH=VALUE (e.g. device.d2dSigmaRelative=0.1), got '\(pair)'")
                }
                let text = String(pair[pair.index(after: equals)...])
                let value = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
                try put(value, String(pair[..<equals]))
            }
            return try RunConfiguration(json: tree)
        } catch let error as RunConfigurationError {
            throw ValidationError(error.description)
        } catch let error as JSONPathError {
            throw ValidationError(error.description)
        }
    }

    /// `R` or `RxC` (also `R×C`) as rows and columns.
    static func arraySize(_ text: String) throws -> (Int, Int) {
        let parts = text.split(whereSeparator: { $0 == "x" || $0 == "×" || $0 == "X" }).map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--array-size takes ROWS or ROWSxCOLUMNS (e.g. 128 or 256x128), got '\(text)'")
        }
        return (parts[0]!, parts.count == 2 ? parts[1]! : parts[0]!)
    }
}
