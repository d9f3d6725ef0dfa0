import Accelerator
import Circuit
import DataFiles
import Device
import Foundation
import Numerics

/// `crossbar bench mvm`: one random layer mapped, programmed and run with random inputs.
struct BenchMVM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mvm",
        abstract: "Measure bit-sliced matrix-vector products per second on one mapped layer.",
        discussion: """
            Maps one random rows × cols weight matrix onto the architecture's arrays (partitioned
            into blocks), programs it through the device, solves IR drop, then runs random signed
            input vectors (two's complement unless --unsigned-inputs) through DACs, arrays, ADCs
            and shift-and-add: the workload other
            simulators benchmark. Prints vectors per second of the products alone (programming
            and the IR-drop solve are timed separately), the slice-level GFLOP/s of the arrays'
            work (2 per weight row and sensed column of every converted slice) and how many
            outputs equal the exact integer product.

            Examples:
              swift run -c release crossbar bench mvm
              crossbar bench mvm --rows 128 --cols 126 --cell-bits 8 --weight-bits 8 --input-bits 8 --unsigned-inputs \\
                --dac-bits 8 --adc-bits 8 --device reram --wire-resistance 2.5
              crossbar bench mvm --device reram --vectors 2000 --json
            """)

    @Option(help: "Rows of the weight matrix (inputs per vector).") var rows: Int = 784
    @Option(help: "Columns of the weight matrix (outputs).") var cols: Int = 256
    @Option(help: "Input vectors.") var vectors: Int = 10000
    @Option(help: "Architecture (isaac, prime) or architecture file.") var arch: String = "isaac"
    @Option(help: "Weight bits, 2-16 (default: the architecture's).") var weightBits: Int?
    @Option(help: "Input bits, 2-16, signed (default: the architecture's).") var inputBits: Int?
    @Option(help: "Bits per cell (default: the architecture's).") var cellBits: Int?
    @Option(help: "DAC bits (default: the architecture's).") var dacBits: Int?
    @Option(help: "ADC bits (default: the architecture's).") var adcBits: Int?
    @Option(help: "Array size, ROWS or ROWSxCOLUMNS (default: the architecture's).") var arraySize: String?
    @Option(help: "Device preset or file.") var device: String = "ideal"
    @Option(help: "Resistance of one wire segment, ohms.") var wireResistance: Double = 0
    @Option(help: "Seed of the weights, inputs and device streams.") var seed: UInt64 = 1
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Leave read noise out.") var noReadNoise: Bool
    @Flag(help: "Unsigned inputs (0...2^I - 1, I ≤ 15) instead of two's complement.") var unsignedInputs: Bool
    @Flag(help: "Print one JSON object.") var json: Bool

    func validate() throws {
        guard (1...100_000).contains(rows), (1...100_000).contains(cols) else { throw ValidationError("--rows and --cols must be in 1...100000") }
        guard (1...10_000_000).contains(vectors) else { throw ValidationError("--vectors must be in 1...10000000, got \(vectors)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
        if let inputBits, !(2...(unsignedInputs ? 15 : 16)).contains(inputBits) {
            throw ValidationError("--input-bits must be in 2...\(unsignedInputs ? 15 : 16), got \(inputBits)")
        }
        guard wireResistance >= 0 else { throw ValidationError("--wire-resistance must be ≥ 0, got \(wireResistance)") }
        _ = try architecture()
    }

    /// The architecture with the options applied.
    private func architecture() throws -> ArchitectureSpec {
        var overrides: [String: JSONValue] = [:]
        if let weightBits { overrides["weightBits"] = .number(Double(weightBits)) }
        if let inputBits { overrides["inputBits"] = .number(Double(inputBits)) }
        if let cellBits { overrides["bitsPerCell"] = .number(Double(cellBits)) }
        if let dacBits { overrides["dacBits"] = .number(Double(dacBits)) }
        if let adcBits { overrides["adcBits"] = .number(Double(adcBits)) }
        if let arraySize {
            let (r, c) = try RunOptions.arraySize(arraySize)
            overrides["arrayRows"] = .number(Double(r))
            overrides["arrayColumns"] = .number(Double(c))
        }
        do {
            return try ArchitectureSpec.load(arch).overriding(overrides, origin: "option")
        } catch let error as ArchitectureSpecError {
            throw ValidationError(error.description)
        }
    }

    /// The `--json` record.
    struct Result: Encodable {
        let rows, cols, vectors, threads, arrays, slicesPerVector, weightBits, inputBits, bitsPerCell, dacBits, adcBits: Int
        let device: String
        let wireResistanceOhms: Double
        let vectorsPerSecond: Double
        let seconds: Double
        let programmingSeconds: Double
        let readoutSetupSeconds: Double
        let sliceGflops: Double
        let computedGflops: Double
        let exactOutputFraction: Double
    }

    func run() throws {
        let threadCount = threads ?? Parallel.defaultThreadCount
        let spec = try architecture()
        let device = try DevicePreset.device(self.device)
        var stream = RandomStream(seed: seed, key: "bench/mvm")
        let largestWeight = (1 << (spec.weightBits - 1)) - 1
        let weights = Matrix<Int16>(rows: rows, columns: cols) { _, _ in Int16(Int.random(in: -largestWeight...largestWeight, using: &stream)) }
        guard !unsignedInputs || spec.inputBits <= 15 else {
            throw ValidationError("--unsigned-inputs takes at most 15 input bits; the architecture has \(spec.inputBits) (set --input-bits)")
        }
        let inputRange = unsignedInputs ? 0...((1 << spec.inputBits) - 1) : -(1 << (spec.inputBits - 1))...((1 << (spec.inputBits - 1)) - 1)
        let inputs = Matrix<Int16>(rows: vectors, columns: rows) { _, _ in Int16(Int.random(in: inputRange, using: &stream)) }
        let mapping = try Mapping(
            layers: [MatrixLayerShape(name: "mvm", isConvolution: false, inputSize: rows, outputSize: cols, vectorsPerImage: 1)],
            architecture: spec)
        var start = Stopwatch.now()
        let chip = try ProgrammedChip(weights: [weights], mapping: mapping, device: device, seed: seed, threads: threadCount)
        let programmingSeconds = Stopwatch.now() - start
        start = Stopwatch.now()
        let settings = ChipReadout.Settings(
            timeSeconds: 1, wires: try WireResistance(rowOhmsPerSegment: wireResistance, columnOhmsPerSegment: wireResistance),
            adc: try ADC(resolutionBits: spec.adcBits, rangePolicy: .fixed), dacBits: spec.dacBits, skipsZeroSlices: spec.skipsZeroSlices,
            readNoise: !noReadNoise, driftCompensation: false)
        let readout = try ChipReadout(chip: chip, inputs: [(bits: spec.inputBits, isSigned: !unsignedInputs)], settings: settings, threads: threadCount)
        let setupSeconds = Stopwatch.now() - start
        let multiplier = AnalogMatrixMultiplier(readout: readout, threads: threadCount)
        _ = try multiplier.products(Matrix(rows: min(vectors, 64), columns: rows) { inputs[$0, $1] }, layerIndex: 0, firstVector: 0)
        start = Stopwatch.now()
        let (sums, ledger) = try multiplier.products(inputs, layerIndex: 0, firstVector: 0)
        let seconds = Stopwatch.now() - start
        // Exact integer products of a sample of vectors, in Int64.
        let sample = min(vectors, 200)
        var exact = 0
        for v in 0..<sample {
            for o in 0..<cols {
                var sum: Int64 = 0
                for k in 0..<rows { sum += Int64(inputs[v, k]) * Int64(weights[k, o]) }
                if sums[v, o] == sum { exact += 1 }
            }
        }
        let result = Result(
            rows: rows, cols: cols, vectors: vectors, threads: threadCount, arrays: mapping.arrays,
            slicesPerVector: readout.layers[0].slicing.slices.count, weightBits: spec.weightBits, inputBits: spec.inputBits,
            bitsPerCell: spec.bitsPerCell, dacBits: spec.dacBits, adcBits: spec.adcBits, device: device.name,
            wireResistanceOhms: wireResistance, vectorsPerSecond: Double(vectors) / seconds, seconds: seconds,
            programmingSeconds: programmingSeconds, readoutSetupSeconds: setupSeconds,
            sliceGflops: 2 * Double(ledger.sliceMultiplyAccumulates) / seconds / 1e9,
            computedGflops: 2 * Double(ledger.computedMultiplyAccumulates) / seconds / 1e9,
            exactOutputFraction: Double(exact) / Double(sample * cols))
        if json {
            try JSONOutput.print(result)
            return
        }
        print(
            "MVM \(rows)×\(cols) on \(spec.name) (\(spec.arrayRows)×\(spec.arrayColumns), \(mapping.arrays) arrays): "
                + "\(spec.weightBits)-bit weights in \(spec.bitsPerCell)-bit cells, \(spec.inputBits)-bit \(unsignedInputs ? "unsigned" : "signed") inputs through "
                + "\(spec.dacBits)-bit DACs (\(result.slicesPerVector) slices), \(spec.adcBits)-bit ADC, \(device.name), "
                + "wires \(wireResistance) Ω, read noise \(noReadNoise ? "off" : "on"), \(threadCount) thread(s)")
        print(
            "  \(Format.fixed(result.vectorsPerSecond, 0)) vectors/s (\(vectors) vectors in \(Format.fixed(seconds, 3)) s); "
                + "slice-level work \(Format.fixed(result.sliceGflops, 1)) GFLOP/s, GEMMs computed \(Format.fixed(result.computedGflops, 1)) GFLOP/s")
        print(
            "  setup: programming \(Format.fixed(programmingSeconds, 3)) s, reading the arrays (G_eff, sensed matrices) "
                + "\(Format.fixed(setupSeconds, 3)) s; \(Format.fixed(result.exactOutputFraction * 100, 2)) % of sampled outputs exact")
    }
}
