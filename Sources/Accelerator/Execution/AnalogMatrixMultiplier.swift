import Circuit
import Foundation
import Network
import Numerics
import Synchronization

/// The executor: runs every Conv2D/Dense matrix product of the integer forward pass through the
/// programmed arrays of a ``ChipReadout``, and counts what the chip did (``LayerLedger``).
///
/// For each row block of a layer (a range of weight rows, the arrays that share it):
/// 1. the input vectors (rows of the im2col matrix) are cut to the block's rows; vectors that
///    are all zero on those rows draw no current, so their outputs are exactly 0 and they are
///    not computed (with the architecture's zero-slice skipping off, their conversions are still
///    counted, as the hardware performs them);
/// 2. the other vectors are sliced through the DACs (``InputSlicing``), and one GEMM multiplies
///    every slice by the sensed matrices of all the block's arrays side by side; with read noise
///    a second GEMM gives each conversion's variance (codes² × σ²);
/// 3. each array converts its columns per slice (ADC), un-flips, removes the offset and
///    shift-and-adds (``CrossbarCore/readout(currents:inputs:variances:reads:threads:)``);
/// 4. the arrays' dot products are added digitally into the layer's accumulators (partial sums
///    across row blocks), multiplied by the drift-compensation gain if any.
///
/// The shared integer pipeline then adds the bias, requantizes, applies ReLU and pools.
///
/// Read noise of vector k (global index: image × vectors per image + row) on array a comes from
/// the stream `(seed, "layer<l>/array<a>/read/<k>")`, so results depend neither on batch size
/// nor on the thread count. `threads` splits one product's vectors into chunks run in parallel
/// (for a single large product, as in `crossbar bench mvm`); in a network run the batches of
/// images already run in parallel and each product uses one thread.
public final class AnalogMatrixMultiplier: IntegerMatrixMultiplier, Sendable {
    /// The chip read.
    public let readout: ChipReadout
    /// Threads per product.
    public let threads: Int
    /// Ledgers of every product, keyed by (layer, first image).
    private let records = Mutex<[(layer: Int, firstImage: Int, ledger: LayerLedger)]>([])

    /// Most `Float`s of sensed values computed at once per chunk of vectors.
    let chunkBudget: Int

    /// An executor over `readout`.
    public convenience init(readout: ChipReadout, threads: Int = 1) {
        self.init(readout: readout, threads: threads, chunkBudget: 1 << 21)
    }

    /// An executor computing at most `chunkBudget` sensed values at once (8 MB by default).
    init(readout: ChipReadout, threads: Int, chunkBudget: Int) {
        self.readout = readout
        self.threads = max(1, threads)
        self.chunkBudget = chunkBudget
    }

    public func multiply(_ request: MatrixProductRequest) throws -> Matrix<Int32> {
        guard readout.layers.indices.contains(request.layerIndex), request.layer.outputSize == readout.layers[request.layerIndex].mapping.shape.outputSize
        else {
            throw CircuitError.invalidParameter(
                owner: "AnalogMatrixMultiplier", field: "request.layerIndex", value: "\(request.layerIndex)",
                allowed: "a mapped layer with \(request.layer.outputSize) outputs")
        }
        let (sums, ledger) = try products(
            request.inputs, layerIndex: request.layerIndex, firstVector: request.images.lowerBound * request.rowsPerImage,
            vectorsPerImage: max(1, request.rowsPerImage))
        records.withLock { $0.append((layer: request.layerIndex, firstImage: request.images.lowerBound, ledger: ledger)) }
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
        return result
    }

    /// The dot products of `inputs` (vectors × K, integers in the layer's input format) with
    /// layer `layerIndex`'s weights as the chip computes them (before any drift-compensation
    /// gain), and what the chip did. The vectors are the rows of consecutive images,
    /// `vectorsPerImage` each; `firstVector` (a multiple of it) is the global index of the first
    /// vector. Both key the read noise.
    public func products(
        _ inputs: Matrix<Int16>, layerIndex: Int, firstVector: Int, vectorsPerImage: Int = 1
    ) throws -> (sums: Matrix<Int64>, ledger: LayerLedger) {
        guard readout.layers.indices.contains(layerIndex) else {
            throw CircuitError.invalidParameter(
                owner: "AnalogMatrixMultiplier", field: "layerIndex", value: "\(layerIndex)",
                allowed: "0..<\(readout.layers.count) (the mapped layers)")
        }
        let layer = readout.layers[layerIndex]
        let shape = layer.mapping.shape
        guard inputs.columns == shape.inputSize, vectorsPerImage >= 1, inputs.rows % vectorsPerImage == 0,
            firstVector % vectorsPerImage == 0
        else {
            throw CircuitError.shapeMismatch(
                owner: "AnalogMatrixMultiplier", field: "inputs of layer \(layerIndex)",
                expected: "whole images of \(vectorsPerImage) vectors × \(shape.inputSize)", actual: "\(inputs.rows)×\(inputs.columns)")
        }
        let vectors = inputs.rows
        let outputs = shape.outputSize
        let widest = layer.rowBlocks.map { $0.columnOffsets.last! }.max() ?? 1
        // Chunks of whole images (per-image read noise needs them whole).
        let perChunk = max(8, chunkBudget / max(1, layer.slicing.slices.count * widest)) / vectorsPerImage * vectorsPerImage + vectorsPerImage
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
                            layer, inputs: inputs, vectors: range, firstVector: firstVector, vectorsPerImage: vectorsPerImage,
                            into: shared.value.sums.baseAddress!)
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

    /// The ledger of every matrix layer over the products so far, summed in image order.
    public func ledgers() -> [LayerLedger] {
        let all = records.withLock { $0 }.sorted { ($0.layer, $0.firstImage) < ($1.layer, $1.firstImage) }
        var result = readout.layers.map { LayerLedger(name: $0.mapping.shape.name, isMatrixLayer: true) }
        for record in all { result[record.layer] += record.ledger }
        return result
    }

    /// Computes vectors `range` of `inputs` on `layer`, adding their dot products into rows
    /// `range` of `sums` (vectors × outputs), and returns what the chip did.
    ///
    /// The vectors of a row block are read in groups, each sliced once, multiplied in one GEMM
    /// and converted array by array: without read noise, every non-zero vector of the chunk in
    /// one group; with read noise, the non-zero vectors of each image (convolutions: the image's
    /// noise stream is `read/image<i>`, vectors numbered in order) or each run of consecutive
    /// non-zero vectors (one vector per image: numbered by global index), so that every draw
    /// depends on the image alone.
    private func run(
        _ layer: ChipReadout.Layer, inputs: Matrix<Int16>, vectors range: Range<Int>, firstVector: Int, vectorsPerImage: Int,
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
        ledger.networkMultiplyAccumulates = count * shape.inputSize * outputs
        for block in layer.rowBlocks {
            let rows = block.rows.count
            // The block's inputs reach every IMA that holds its arrays.
            ledger.actions.add(.inputRegisterBitWrite, count * rows * slicing.inputBits * block.imas)
            if !countsFromData {
                // Every slice of every vector is converted (the cores skip zero slices only in simulation).
                for a in block.arrays {
                    let core = layer.cores[a]
                    for (action, perSlice) in Self.actionsPerSlice(core).counts { ledger.actions.add(action, perSlice * slices * count) }
                    ledger.convertedSlices += slices * count
                    ledger.sliceMultiplyAccumulates += slices * count * rows * core.weights.sensedColumns
                }
            }
            let active = Self.activeVectors(inputs, vectors: range, columns: block.rows)
            guard !active.isEmpty else { continue }
            let noisy = readout.settings.readNoise && block.variance != nil
            let groups = Self.groups(active, noisy: noisy, firstVector: firstVector + range.lowerBound, vectorsPerImage: vectorsPerImage)
            let width = block.columnOffsets.last!
            // One buffer for every group's sensed values (and variances), left uninitialized: each
            // group's GEMM (β = 0) writes the rows it reads.
            let capacity = (groups.map(\.positions.count).max() ?? 0) * slices * (noisy ? 2 * width : width)
            var values = Matrix<Float>(
                rows: capacity / (noisy ? 2 * width : width), columns: noisy ? 2 * width : width,
                elements: [Float](unsafeUninitializedCapacity: capacity) { _, count in count = capacity })
            for group in groups {
                let members = active[group.positions]
                let compact = Self.gather(inputs, rows: members.map { range.lowerBound + $0 }, columns: block.rows)
                let sliced = try slicing.slice(compact.view)
                let varianceOffset = Self.computeSensedValues(sliced, block: block, noisy: noisy, into: &values)
                let groupRows = 0 ..< sliced.codes.rows
                ledger.computedMultiplyAccumulates += sliced.codes.rows * rows * (noisy ? 2 * width : width)
                for (position, a) in block.arrays.enumerated() {
                    let core = layer.cores[a]
                    let start = block.columnOffsets[position]
                    let sensed = core.weights.sensedColumns
                    let reads = noisy
                        ? ReadRandomness(stream: group.image.map { layer.readStreams[a].child("image\($0)") } ?? layer.readStreams[a], firstVectorIndex: group.firstIndex)
                        : nil
                    let result = try core.readout(
                        currents: values.view(rows: groupRows, columns: start ..< start + sensed), inputs: sliced,
                        variances: varianceOffset.map { values.view(rows: groupRows, columns: $0 + start ..< $0 + start + sensed) },
                        reads: reads, threads: 1)
                    let held = layer.mapping.arrays[a].outputs
                    result.outputs.withUnsafeBufferPointer { products in
                        for (k, member) in members.enumerated() {
                            let row = sums + (range.lowerBound + member) * outputs + held.lowerBound
                            let source = products.baseAddress! + k * held.count
                            for o in 0..<held.count { row[o] += source[o] }
                        }
                    }
                    ledger.arrayReadEnergyJoules += result.arrayReadEnergyJoules
                    ledger.clippedConversions += result.clippedConversions
                    if countsFromData {
                        ledger.actions += result.actions
                        ledger.convertedSlices += result.convertedSlices
                        ledger.sliceMultiplyAccumulates += result.convertedSlices * rows * sensed
                    }
                }
            }
        }
        // The chip actions of the conventions in `Action+Chip.swift`.
        let inputBits = ledger.actions[.inputRegisterBitWrite]
        ledger.actions.add(.tileBufferBitRead, inputBits)
        ledger.actions.add(.inputRegisterBitRead, ledger.actions[.dacConversion] * readout.settings.dacBits)
        let partialSumBits = count * outputs * layer.rowBlocks.count * spec.imaOutputBits
        ledger.actions.add(.outputRegisterBitWrite, partialSumBits)
        ledger.actions.add(.outputRegisterBitRead, partialSumBits)
        ledger.actions.add(.tileBufferBitWrite, partialSumBits)
        ledger.actions.add(.busBitTransfer, inputBits + partialSumBits)
        ledger.actions.add(.partialSumAdd, count * outputs * (layer.rowBlocks.count - 1))
        ledger.actions.add(.activation, count * outputs)
        ledger.actions.add(.tileOutputRegisterBitWrite, count * outputs * spec.imaOutputBits)
        ledger.actions.add(.tileOutputRegisterBitRead, count * outputs * spec.imaOutputBits)
        return ledger
    }

    /// The actions ``CrossbarCore/readout(currents:inputs:variances:reads:threads:)`` counts for
    /// one converted input slice: a DAC conversion per weight row, a cell read per driven cell,
    /// a sample-and-hold and an ADC conversion per sensed column, a shift-and-add per data column
    /// (and per output for the unit column of the offset scheme).
    static func actionsPerSlice(_ core: CrossbarCore) -> ActionCounts {
        let weights = core.weights
        return ActionCounts([
            .dacConversion: weights.weightRows, .cellRead: weights.weightRows * core.arrayColumns,
            .sampleAndHold: weights.sensedColumns, .adcConversion: weights.sensedColumns,
            .shiftAdd: weights.dataColumns + (weights.hasUnitColumn ? weights.outputs : 0),
        ])
    }

    /// Offsets (from `vectors.lowerBound`) of the rows of `inputs` in `vectors` with a non-zero
    /// entry in `columns`.
    private static func activeVectors(_ inputs: Matrix<Int16>, vectors: Range<Int>, columns: Range<Int>) -> [Int] {
        inputs.withUnsafeBufferPointer { values in
            var active: [Int] = []
            active.reserveCapacity(vectors.count)
            let stride = inputs.columns
            for v in vectors {
                let row = values.baseAddress! + v * stride + columns.lowerBound
                var any: Int16 = 0
                for k in 0..<columns.count { any |= row[k] }
                if any != 0 { active.append(v - vectors.lowerBound) }
            }
            return active
        }
    }

    /// A group of non-zero vectors read together: positions in the active list, the image
    /// whose noise stream they use (`nil`: the layer's stream, vectors numbered globally) and the
    /// number of the first one.
    struct Group {
        let positions: Range<Int>
        let image: Int?
        let firstIndex: Int
    }

    /// The groups of `active` (ascending offsets from the chunk start, whose global index is
    /// `firstVector`): everything in one group without noise; with noise, per image when images
    /// have several vectors, else per run of consecutive vectors.
    static func groups(_ active: [Int], noisy: Bool, firstVector: Int, vectorsPerImage: Int) -> [Group] {
        guard noisy else { return [Group(positions: active.indices, image: nil, firstIndex: firstVector + active[0])] }
        var groups: [Group] = []
        var start = 0
        for position in 1...active.count {
            let ends: Bool
            if position == active.count {
                ends = true
            } else if vectorsPerImage > 1 {
                ends = (firstVector + active[position]) / vectorsPerImage != (firstVector + active[start]) / vectorsPerImage
            } else {
                ends = active[position] != active[position - 1] + 1
            }
            guard ends else { continue }
            groups.append(
                vectorsPerImage > 1
                    ? Group(positions: start..<position, image: (firstVector + active[start]) / vectorsPerImage, firstIndex: 0)
                    : Group(positions: start..<position, image: nil, firstIndex: firstVector + active[start]))
            start = position
        }
        return groups
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

    /// Writes the sensed values of every slice of `sliced` on the block's arrays into the first
    /// rows of `values` (whose first columns hold them), and returns where their read-noise
    /// variances start in the same rows (`nil` without noise): one GEMM with the fused matrix for
    /// 0/1 codes, two (codes and codes²) otherwise.
    static func computeSensedValues(_ sliced: SlicedInputs, block: ChipReadout.RowBlock, noisy: Bool, into values: inout Matrix<Float>) -> Int? {
        let width = block.columnOffsets.last!
        let rows = sliced.codes.rows
        let k = block.rows.count
        let ldc = values.columns
        precondition(values.rows >= rows && ldc >= (noisy ? 2 * width : width), "the sensed-value buffer is too small")
        /// C[:, offset…] = A·B on raw storage.
        func gemm(_ a: Matrix<Float>, _ b: Matrix<Float>, columns: Int, offset: Int, into out: UnsafeMutablePointer<Float>) {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    GEMM.sgemm(
                        transposeA: false, transposeB: false, m: rows, n: columns, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                        b: b.baseAddress!, ldb: columns, beta: 0, c: out + offset, ldc: ldc, threads: 1)
                }
            }
        }
        return values.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            if noisy, let fused = block.fused {
                gemm(sliced.codes, fused, columns: 2 * width, offset: 0, into: out)
                return width
            }
            gemm(sliced.codes, block.levels, columns: width, offset: 0, into: out)
            guard noisy, let variance = block.variance else { return nil }
            var squares = sliced.codes
            squares.withUnsafeMutableBufferPointer { codes in
                for i in codes.indices { codes[i] *= codes[i] }
            }
            gemm(squares, variance, columns: width, offset: width, into: out)
            return width
        }
    }
}
