import Circuit
import Device
import Numerics

/// `crossbar bench irdrop`: the IR-drop solver and the MVM with and without it.
struct BenchIRDrop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "irdrop",
        abstract: "Time building G_eff and running MVM batches with and without IR drop.",
        discussion: """
            For each size N, programs an N×N ideal-device array (2-bit cells, 10–100 µS) with random
            8-bit weights (ISAAC's offset encoding with the column flip) and 2.5 Ω wire segments,
            then times: solving the network into G_eff; a batch of 8-bit inputs (1-bit DAC, 8-bit
            ADC) through the array without wire resistance; and the same batch through G_eff,
            split into the slice GEMM and the readout (ADC + shift-and-add, per conversion).
            MVM times are the best of several runs.

            Example:
              swift run -c release crossbar bench irdrop --sizes 64,128,256,512 --json
            """)

    @Option(help: "Comma-separated array sizes N (N×N arrays).") var sizes: String = "64,128,256,512"
    @Option(help: "Input vectors per MVM batch.") var vectors: Int = 256
    @Option(help: "Wire resistance per segment, ohms (rows and columns).") var wireOhms: Double = 2.5
    @Option(help: "Threads to use (default: all processors).") var threads: Int?
    @Flag(help: "Print one JSON object.") var json: Bool

    /// The sizes in `--sizes`, or `nil` if malformed.
    var sizeList: [Int]? {
        let values = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return values.isEmpty || values.contains(nil) ? nil : values.compactMap { $0 }
    }

    func validate() throws {
        guard let list = sizeList, list.allSatisfy({ (4...1024).contains($0) }) else {
            throw ValidationError("--sizes must be comma-separated integers in 4...1024, got '\(sizes)'")
        }
        guard (1...65536).contains(vectors) else { throw ValidationError("--vectors must be in 1...65536, got \(vectors)") }
        guard wireOhms > 0, wireOhms.isFinite else { throw ValidationError("--wire-ohms must be > 0, got \(wireOhms)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    }

    /// One size's figures; times in seconds.
    struct Row: Encodable {
        let size: Int
        let effectiveConductanceSeconds: Double
        let vectors: Int
        let mvmSeconds: Double
        let gemmSeconds: Double
        let readoutNanosecondsPerConversion: Double
        let mvmIRDropSeconds: Double
        let irDropSlowdown: Double
        let vectorsPerSecond: Double
        let sliceMACsPerSecond: Double
    }

    /// The `--json` record.
    struct Result: Encodable {
        let threads: Int
        let wireOhmsPerSegment: Double
        let sizes: [Row]
    }

    func run() throws {
        let threadCount = threads ?? Parallel.defaultThreadCount
        Parallel.setDefaultThreadCount(threadCount)
        let device = IdealDevice(conductanceMinSiemens: 10e-6, conductanceMaxSiemens: 100e-6, bitsPerCell: 2)
        let encoding = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .offset, columnFlip: true)
        let slicing = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 1)
        let adc = try ADC(resolutionBits: 8)
        let wires = try WireResistance(rowOhmsPerSegment: wireOhms, columnOhmsPerSegment: wireOhms)
        var rows: [Row] = []
        if !json {
            print("IR drop: N×N arrays, \(wireOhms) Ω per segment, \(vectors) vectors of 8 bits per batch, \(threadCount) thread(s)")
            print("     N   G_eff (s)   MVM (ms)   MVM+IR (ms)   ratio   vectors/s   slice GMAC/s   GEMM (ms)   readout (ns/conversion)")
        }
        for size in sizeList! {
            var stream = RandomStream(seed: 1, key: "bench/irdrop/\(size)")
            let outputs = encoding.outputsFitting(columns: size)
            let weights = Matrix<Int32>(rows: size, columns: outputs) { _, _ in Int32(Int(stream.next() % 256) - 128) }
            let encoded = try encoding.encode(weights.view, arrayRows: size, arrayColumns: size)
            let array = try CrossbarArray(
                levels: encoded.levels, levelCount: encoding.levelCount, device: device, stream: stream.child("program"))
            let conductance = array.conductanceSiemens(atSeconds: 0)
            let solve = { _ = try? IRDropSolver.effectiveConductance(conductance, wires: wires) }
            let solveSeconds: Double
            if size <= 128 {
                solveSeconds = Stopwatch.best(repetitions: 5, solve)
            } else {
                let start = Stopwatch.now()
                solve()
                solveSeconds = Stopwatch.now() - start
            }
            let inputs = Matrix<Int32>(rows: vectors, columns: size) { _, _ in Int32(stream.next() % 256) }
            let sliced = try slicing.slice(inputs.view)
            let ideal = try CrossbarCore(array: array, weights: encoded, slicing: slicing, adc: adc)
            let dropped = try CrossbarCore(array: array, weights: encoded, slicing: slicing, adc: adc, wires: wires)
            let mvm = Stopwatch.best(repetitions: 5) { _ = try? ideal.multiply(sliced, reads: nil) }
            let mvmDropped = Stopwatch.best(repetitions: 5) { _ = try? dropped.multiply(sliced, reads: nil) }
            let gemm = Stopwatch.best(repetitions: 5) { _ = try? dropped.currents(sliced) }
            let currents = try dropped.currents(sliced)
            let readout = Stopwatch.best(repetitions: 5) {
                _ = try? dropped.readout(currents: currents.view, inputs: sliced, variances: nil, reads: nil)
            }
            let conversions = Double(vectors * slicing.slices.count * encoded.sensedColumns)
            let macs = Double(vectors * slicing.slices.count * size * encoded.sensedColumns)
            let row = Row(
                size: size, effectiveConductanceSeconds: solveSeconds, vectors: vectors, mvmSeconds: mvm, gemmSeconds: gemm,
                readoutNanosecondsPerConversion: readout / conversions * 1e9, mvmIRDropSeconds: mvmDropped, irDropSlowdown: mvmDropped / mvm, vectorsPerSecond: Double(vectors) / mvmDropped,
                sliceMACsPerSecond: macs / mvmDropped)
            rows.append(row)
            if !json {
                func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
                print(
                    pad(String(size), 6) + pad(Format.fixed(solveSeconds, 4), 12) + pad(Format.fixed(mvm * 1e3, 2), 11)
                        + pad(Format.fixed(mvmDropped * 1e3, 2), 14) + pad(Format.fixed(row.irDropSlowdown, 3), 8)
                        + pad(Format.fixed(row.vectorsPerSecond, 0), 12) + pad(Format.fixed(row.sliceMACsPerSecond / 1e9, 2), 15)
                        + pad(Format.fixed(gemm * 1e3, 2), 12) + pad(Format.fixed(row.readoutNanosecondsPerConversion, 2), 26))
            }
        }
        if json { try JSONOutput.print(Result(threads: threadCount, wireOhmsPerSegment: wireOhms, sizes: rows)) }
    }
}
