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

    /// Most `Float`s of sensed values computed at once per chunk of vectors (8 MB).
    static let chunkBudget = 1 << 21

    /// An executor over `readout`.
    public init(readout: ChipReadout, threads: Int = 1) {
        self.readout = readout
        self.threads = max(1, threads)
    }

    public func multiply(_ request: MatrixProductRequest) throws -> Matrix<Int32> {
        guard readout.layers.indices.contains(request.layerIndex) else {
            throw CircuitError.invalidParameter(
                owner: "AnalogMatrixMultiplier", field: "layerIndex", value: "\(request.layerIndex)",
                allowed: "0..<\(readout.layers.count) (the mapped layers)")
        }
        let layer = readout.layers[request.layerIndex]
        let shape = layer.mapping.shape
        guard request.inputs.columns == shape.inputSize, request.layer.outputSize == shape.outputSize else {
            throw CircuitError.shapeMismatch(
                owner: "AnalogMatrixMultiplier", field: "request for layer \(request.layerIndex)",
                expected: "inputs with \(shape.inputSize) columns and \(shape.outputSize) outputs",
                actual: "\(request.inputs.columns) columns and \(request.layer.outputSize) outputs")
        }
        let vectors = request.inputs.rows
        let outputs = shape.outputSize
        let widest = layer.rowBlocks.map { $0.columnOffsets.last! }.max() ?? 1
        let perChunk = max(8, Self.chunkBudget / max(1, layer.slicing.slices.count * widest))
        let chunks = (vectors + perChunk - 1) / perChunk
        let firstVector = request.images.lowerBound * request.rowsPerImage
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
                            layer, inputs: request.inputs, vectors: range, firstVector: firstVector, into: shared.value.sums.baseAddress!)
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        var ledger = LayerLedger(name: shape.name, isMatrixLayer: true)
        for chunk in ledgers { ledger += chunk! }
        let record = (layer: request.layerIndex, firstImage: request.images.lowerBound, ledger: ledger)
        records.withLock { $0.append(record) }
        let gain = layer.driftGain
        return Matrix(rows: vectors, columns: outputs, elements: sums.map { sum in
            let value = gain == 1 ? Double(sum) : (Double(sum) * gain).rounded(.toNearestOrEven)
            return Int32(max(Double(Int32.min), min(Double(Int32.max), value)))
        })
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
        var ledger = LayerLedger(name: shape.name, isMatrixLayer: true)
        ledger.vectors = count
        ledger.networkMultiplyAccumulates = count * shape.inputSize * outputs
        for block in layer.rowBlocks {
            let rows = block.rows.count
            // The block's inputs reach every IMA that holds its arrays.
            ledger.actions.add(.inputRegisterBitWrite, count * rows * slicing.inputBits * block.imas)
            let active = Self.activeVectors(inputs, vectors: range, columns: block.rows)
            let idle = count - active.count
            if idle > 0 && !readout.settings.skipsZeroSlices {
                for a in block.arrays {
                    let core = layer.cores[a]
                    for (action, perSlice) in Self.actionsPerSlice(core).counts { ledger.actions.add(action, perSlice * slices * idle) }
                    ledger.convertedSlices += slices * idle
                    ledger.sliceMultiplyAccumulates += slices * idle * rows * core.weights.sensedColumns
                }
            }
            guard !active.isEmpty else { continue }
            let compact = Matrix<Int32>(rows: active.count, columns: rows) { m, k in
                Int32(inputs[range.lowerBound + active[m], block.rows.lowerBound + k])
            }
            let sliced = try slicing.slice(compact.view)
            let width = block.columnOffsets.last!
            var currents = Matrix<Float>(rows: sliced.codes.rows, columns: width)
            GEMM.multiply(sliced.codes.view, block.levels.view, into: &currents, threads: 1)
            ledger.computedMultiplyAccumulates += sliced.codes.rows * rows * width
            var variances: Matrix<Float>?
            if readout.settings.readNoise, let variance = block.variance {
                let squared = slicing.maximumCode == 1 ? sliced.codes : sliced.codes.map { $0 * $0 }
                var out = Matrix<Float>(rows: squared.rows, columns: width)
                GEMM.multiply(squared.view, variance.view, into: &out, threads: 1)
                variances = out
                ledger.computedMultiplyAccumulates += sliced.codes.rows * rows * width
            }
            // Noisy reads draw per vector by global index: read runs of consecutive vectors.
            let runs = variances == nil ? [0..<active.count] : Self.consecutiveRuns(active)
            for run in runs {
                let runInputs = runs.count == 1 ? sliced : try slicing.slice(compact.view(rows: run))
                let sliceRows = run.lowerBound * slices ..< run.upperBound * slices
                for (position, a) in block.arrays.enumerated() {
                    let core = layer.cores[a]
                    let columns = block.columnOffsets[position] ..< block.columnOffsets[position + 1]
                    let reads = variances == nil
                        ? nil
                        : ReadRandomness(stream: layer.readStreams[a], firstVectorIndex: firstVector + range.lowerBound + active[run.lowerBound])
                    let result = try core.readout(
                        currents: currents.view(rows: sliceRows, columns: columns), inputs: runInputs,
                        variances: variances?.view(rows: sliceRows, columns: columns), reads: reads, threads: 1)
                    let held = layer.mapping.arrays[a].outputs
                    result.outputs.withUnsafeBufferPointer { values in
                        for k in 0..<run.count {
                            let row = sums + (range.lowerBound + active[run.lowerBound + k]) * outputs + held.lowerBound
                            let source = values.baseAddress! + k * held.count
                            for o in 0..<held.count { row[o] += source[o] }
                        }
                    }
                    ledger.actions += result.actions
                    ledger.arrayReadEnergyJoules += result.arrayReadEnergyJoules
                    ledger.convertedSlices += result.convertedSlices
                    ledger.clippedConversions += result.clippedConversions
                    ledger.sliceMultiplyAccumulates += result.convertedSlices * rows * core.weights.sensedColumns
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

    /// Ranges of positions in `indices` (ascending) whose values are consecutive.
    private static func consecutiveRuns(_ indices: [Int]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for position in 1...indices.count where position == indices.count || indices[position] != indices[position - 1] + 1 {
            runs.append(start..<position)
            start = position
        }
        return runs
    }
}
