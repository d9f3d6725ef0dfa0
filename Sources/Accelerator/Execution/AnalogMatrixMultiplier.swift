import Circuit
import Foundation
import Network
import Numerics
import Synchronization

/// The executor: runs every Conv2D/Dense matrix product of the integer forward pass through the
/// programmed arrays of a ``ChipReadout``, and returns with each product what the chip did (its
/// ``LayerLedger``, the multiplier's record, which the forward pass hands back with its outputs).
///
/// For each row block of a layer (a range of weight rows, the arrays that share it):
/// 1. the input vectors (rows of the im2col matrix) are cut to the block's rows; vectors that
///    are all zero on those rows draw no current and are not multiplied (with the architecture's
///    zero-slice skipping off, their conversions are still counted, as the hardware performs
///    them, and with an ADC that does not convert 0 exactly — offset, noise, INL, DNL — each
///    array converts their zero inputs, ``CrossbarCore/readoutOfZeroInputs(vectors:reads:threads:)``);
/// 2. the other vectors are sliced through the DACs (``InputSlicing``), and one GEMM multiplies
///    every slice by the sensed matrices of all the block's arrays side by side; with read noise
///    a second GEMM gives each conversion's variance (codes² × σ²);
/// 3. each array converts its columns per slice (ADC), un-flips, removes the offset and
///    shift-and-adds (``CrossbarCore/readout(currents:inputs:variances:reads:inputGram:threads:)``);
///    its read energy is priced by ``ArrayReadPower`` (with resistive wires from the slices' Gram
///    matrix, computed once per row block);
/// 4. the arrays' dot products are added digitally into the layer's accumulators (partial sums
///    across row blocks), multiplied by the drift-compensation gain if any.
///
/// The shared integer pipeline then adds the bias, requantizes, applies ReLU and pools.
///
/// Read noise and ADC noise of vector k (global index: image × vectors per image + row) on array
/// a come from the stream `(seed, "layer<l>/array<a>/read")` at the random-access positions of
/// (k, slice, column) (``ReadRandomness``), so results depend neither on batch size nor on the
/// thread count nor on which vectors are all zero. `threads` splits one product's vectors into chunks run in parallel
/// (for a single large product, as in `crossbar bench mvm`); in a network run the batches of
/// images already run in parallel and each product uses one thread.
public struct AnalogMatrixMultiplier: IntegerMatrixMultiplier {
    /// The chip read.
    public let readout: ChipReadout
    /// Threads per product.
    public let threads: Int

    /// Most `Float`s of sensed values computed at once per chunk of vectors.
    let chunkBudget: Int

    /// An executor over `readout`.
    public init(readout: ChipReadout, threads: Int = 1) {
        self.init(readout: readout, threads: threads, chunkBudget: Self.defaultChunkBudget)
    }

    /// Sensed values per chunk by default: 256 KiB of them, so that a chunk's GEMM output is
    /// still in the core's cache when the readout reads it back.
    static let defaultChunkBudget = 1 << 18

    /// An executor computing at most `chunkBudget` sensed values at once (and at least 8 vectors).
    init(readout: ChipReadout, threads: Int, chunkBudget: Int) {
        self.readout = readout
        self.threads = max(1, threads)
        self.chunkBudget = chunkBudget
    }

    public func multiply(_ request: MatrixProductRequest) throws -> (products: Matrix<Int32>, record: LayerLedger) {
        guard readout.layers.indices.contains(request.layerIndex), request.layer.outputSize == readout.layers[request.layerIndex].mapping.shape.outputSize
        else {
            throw CircuitError.invalidParameter(
                owner: "AnalogMatrixMultiplier", field: "request.layerIndex", value: "\(request.layerIndex)",
                allowed: "a mapped layer with \(request.layer.outputSize) outputs")
        }
        let mapping = readout.layers[request.layerIndex].mapping
        if mapping.runsDigitally {
            // A depthwise layer of the digital units (GroupedConvolutionMapping.digitalDepthwise):
            // the exact product, one multiply and one add per network MAC.
            var ledger = LayerLedger(name: mapping.shape.name, isMatrixLayer: true)
            ledger.vectors = request.inputs.rows
            ledger.networkMultiplyAccumulates = request.inputs.rows * mapping.shape.weights
            ledger.actions = ledger.actions
                + ActionCounts([.digitalMultiply: ledger.networkMultiplyAccumulates, .digitalAdd: ledger.networkMultiplyAccumulates])
            return (try DigitalMatrixMultiplier(threads: 1).multiply(request).products, ledger)
        }
        let (sums, ledger) = try products(
            request.inputs, layerIndex: request.layerIndex, firstVector: request.images.lowerBound * max(1, request.rowsPerImage))
        let gain = readout.layers[request.layerIndex].driftGain
        var result = Matrix<Int32>(rows: sums.rows, columns: sums.columns)
        sums.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                for i in 0..<source.count {
                    let value = gain == 1 ? Double(source[i]) : (Double(source[i]) * gain).rounded(.toNearestOrEven)
                    out[i] = Int32(max(Double(Int32.min), min(Double(Int32.max), value)))
                }
            }
        }
        return (result, ledger)
    }

    /// The dot products of `inputs` (vectors × K, integers in the layer's input format) with
    /// layer `layerIndex`'s weights as the chip computes them (before any drift-compensation
    /// gain), and what the chip did. `firstVector` is the global index of the first vector
    /// (image × vectors per image + row in a network): it keys the read noise.
    public func products(_ inputs: Matrix<Int16>, layerIndex: Int, firstVector: Int) throws -> (sums: Matrix<Int64>, ledger: LayerLedger) {
        guard readout.layers.indices.contains(layerIndex) else {
            throw CircuitError.invalidParameter(
                owner: "AnalogMatrixMultiplier", field: "layerIndex", value: "\(layerIndex)",
                allowed: "0..<\(readout.layers.count) (the mapped layers)")
        }
        let layer = readout.layers[layerIndex]
        let shape = layer.mapping.shape
        guard inputs.columns == shape.inputSize, firstVector >= 0 else {
            throw CircuitError.shapeMismatch(
                owner: "AnalogMatrixMultiplier", field: "inputs of layer \(layerIndex)",
                expected: "vectors × \(shape.inputSize) from global vector index ≥ 0", actual: "\(inputs.rows)×\(inputs.columns) from \(firstVector)")
        }
        let vectors = inputs.rows
        let outputs = shape.outputSize
        let widest = layer.rowBlocks.map { $0.computedColumns }.max() ?? 1
        let perChunk = max(8, chunkBudget / max(1, layer.slicing.slices.count * widest))
        let chunks = (vectors + perChunk - 1) / perChunk
        var sums = [Int64](repeating: 0, count: vectors * outputs)
        var ledgers = [LayerLedger?](repeating: nil, count: chunks)
        let failure = Mutex<(any Error)?>(nil)
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            ledgers.withUnsafeMutableBufferPointer { ledgerBuffer in
                let shared = UncheckedSendable((sums: sumBuffer, ledgers: ledgerBuffer))
                Parallel.forEach(chunks, threads: threads) { chunk in
                    let range = chunk * perChunk ..< min(vectors, (chunk + 1) * perChunk)
                    do {
                        shared.value.ledgers[chunk] = try self.run(
                            layer, inputs: inputs, vectors: range, firstVector: firstVector, into: shared.value.sums.baseAddress!)
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        var ledger = LayerLedger(name: shape.name, isMatrixLayer: true)
        for chunk in ledgers { ledger += chunk! }
        return (Matrix(rows: vectors, columns: outputs, elements: sums), ledger)
    }

    /// Computes vectors `range` of `inputs` on `layer`, adding their dot products into rows
    /// `range` of `sums` (vectors × outputs), and returns what the chip did.
    ///
    /// For each row block, the vectors that are not all zero on its rows are gathered, sliced
    /// once, multiplied in one GEMM and converted array by array; their read noise is keyed by
    /// their global index `firstVector` + row.
    private func run(
        _ layer: ChipReadout.Layer, inputs: Matrix<Int16>, vectors range: Range<Int>, firstVector: Int,
        into sums: UnsafeMutablePointer<Int64>
    ) throws -> LayerLedger {
        let shape = layer.mapping.shape
        let spec = readout.chip.mapping.architecture
        let slicing = layer.slicing
        let slices = slicing.slices.count
        let count = range.count
        let outputs = shape.outputSize
        let countsFromData = readout.settings.skipsZeroSlices
        var ledger = LayerLedger(name: shape.name, isMatrixLayer: true)
        ledger.vectors = count
        ledger.networkMultiplyAccumulates = count * shape.weights
        for block in layer.rowBlocks {
            let rows = block.rows.count
            // The block's inputs reach every IMA that holds its arrays.
            ledger.addBlockInputs(vectors: count, rows: rows, inputBits: slicing.inputBits, imas: block.imas)
            if !countsFromData {
                // Every slice of every vector is converted (the cores skip zero slices only in simulation).
                for a in block.arrays { ledger.addConvertedSlices(slices * count, on: layer.cores[a], rows: rows) }
            }
            let active = Self.activeVectors(inputs, vectors: range, columns: block.rows)
            let draws = readout.settings.drawsNoise
            if !countsFromData && active.count < count && block.arrays.contains(where: { !layer.cores[$0].skipsZeroSlices }) {
                // The ADCs convert the zero inputs of the vectors left out, without their product.
                var isActive = [Bool](repeating: false, count: count)
                for v in active { isActive[v - range.lowerBound] = true }
                let zero = range.filter { !isActive[$0 - range.lowerBound] }
                let indices = draws ? zero.map { firstVector + $0 } : []
                for a in block.arrays where !layer.cores[a].skipsZeroSlices {
                    let result = try layer.cores[a].readoutOfZeroInputs(
                        vectors: zero.count, reads: draws ? ReadRandomness(stream: layer.readStreams[a], vectorIndices: indices) : nil, threads: 1)
                    Self.add(result.outputs, rows: zero, into: sums, outputs: outputs, held: layer.mapping.arrays[a].outputs)
                    ledger.clippedConversions += result.clippedConversions
                }
            }
            guard !active.isEmpty else { continue }
            let noisy = readout.settings.readNoise
            let sliced = try slicing.slice(Self.gather(inputs, rows: active, columns: block.rows).view)
            ledger.addRowDrives(sliced, arrays: block.arrays.count)
            let (values, varianceOffset) = Self.computeSensedValues(sliced, block: block, noisy: noisy)
            ledger.computedMultiplyAccumulates += sliced.codes.rows * rows * values.columns
            let indices = draws ? active.map { firstVector + $0 } : []
            // The codes' Gram matrix prices the read power of arrays with resistive wires; one per block.
            let gram = block.arrays.contains { layer.cores[$0].readPower.needsInputGram }
                ? ArrayReadPower.inputGram(sliced, threads: 1) : nil
            for (position, a) in block.arrays.enumerated() {
                let core = layer.cores[a]
                let start = block.columnOffsets[position]
                let sensed = core.weights.sensedColumns
                let result = try core.readout(
                    currents: values.view(rows: 0..<values.rows, columns: start ..< start + core.sensedLevels.columns), inputs: sliced,
                    variances: varianceOffset.map { values.view(rows: 0..<values.rows, columns: $0 + start ..< $0 + start + sensed) },
                    reads: draws ? ReadRandomness(stream: layer.readStreams[a], vectorIndices: indices) : nil, inputGram: gram,
                    threads: 1)
                Self.add(result.outputs, rows: active, into: sums, outputs: outputs, held: layer.mapping.arrays[a].outputs)
                ledger.arrayReadEnergyJoules += result.arrayReadEnergyJoules
                ledger.clippedConversions += result.clippedConversions
                if countsFromData { ledger.addConvertedSlices(result.convertedSlices, on: core, rows: rows) }
            }
        }
        ledger.addChipActions(
            vectors: count, outputs: outputs, rowBlocks: layer.rowBlocks.count, outputBits: spec.imaOutputBits)
        return ledger
    }

    /// Adds row k of `products` (one array's dot products, its outputs `held`) into row
    /// `rows[k]` of `sums` (vectors × `outputs`).
    private static func add(_ products: Matrix<Int64>, rows: [Int], into sums: UnsafeMutablePointer<Int64>, outputs: Int, held: Range<Int>) {
        products.withUnsafeBufferPointer { products in
            for (k, vector) in rows.enumerated() {
                let row = sums + vector * outputs + held.lowerBound
                let source = products.baseAddress! + k * held.count
                for o in 0..<held.count { row[o] += source[o] }
            }
        }
    }

    /// The rows of `inputs` in `vectors` with a non-zero entry in `columns`.
    private static func activeVectors(_ inputs: Matrix<Int16>, vectors: Range<Int>, columns: Range<Int>) -> [Int] {
        inputs.withUnsafeBufferPointer { values in
            var active: [Int] = []
            active.reserveCapacity(vectors.count)
            let stride = inputs.columns
            for v in vectors {
                let row = values.baseAddress! + v * stride + columns.lowerBound
                var any: Int16 = 0
                for k in 0..<columns.count { any |= row[k] }
                if any != 0 { active.append(v) }
            }
            return active
        }
    }

    /// The given rows of `inputs`, restricted to `columns`, as `Int32`.
    static func gather(_ inputs: Matrix<Int16>, rows: [Int], columns: Range<Int>) -> Matrix<Int32> {
        var result = Matrix<Int32>(rows: rows.count, columns: columns.count)
        let width = columns.count
        inputs.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                for (m, row) in rows.enumerated() {
                    let from = source.baseAddress! + row * inputs.columns + columns.lowerBound
                    let to = out.baseAddress! + m * width
                    for k in 0..<width { to[k] = Int32(from[k]) }
                }
            }
        }
        return result
    }

    /// The sensed values of every slice of `sliced` on the block's arrays (their first
    /// ``ChipReadout/RowBlock/columnOffsets``.last columns) and where their read-noise variances
    /// start in the same rows (`nil` when no array of the block needs them): one GEMM with the
    /// fused matrix for 0/1 codes, two (codes and codes²) otherwise.
    static func computeSensedValues(_ sliced: SlicedInputs, block: ChipReadout.RowBlock, noisy: Bool) -> (Matrix<Float>, Int?) {
        let width = block.columnOffsets.last!
        guard noisy, let variance = block.variance else { return (GEMM.product(sliced.codes, block.levels, threads: 1), nil) }
        if let fused = block.fused { return (GEMM.product(sliced.codes, fused, threads: 1), width) }
        var values = Matrix<Float>(rows: sliced.codes.rows, columns: 2 * width)
        let rows = sliced.codes.rows
        let k = block.rows.count
        /// values[:, offset…] = A·B on raw storage.
        func gemm(_ a: Matrix<Float>, _ b: Matrix<Float>, offset: Int, into out: UnsafeMutablePointer<Float>) {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    GEMM.sgemm(
                        transposeA: false, transposeB: false, m: rows, n: width, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                        b: b.baseAddress!, ldb: width, beta: 0, c: out + offset, ldc: 2 * width, threads: 1)
                }
            }
        }
        let squares = sliced.codes.map { $0 * $0 }
        values.withUnsafeMutableBufferPointer { buffer in
            gemm(sliced.codes, block.levels, offset: 0, into: buffer.baseAddress!)
            gemm(squares, variance, offset: width, into: buffer.baseAddress!)
        }
        return (values, width)
    }
}
