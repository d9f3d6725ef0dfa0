import Circuit
import Device
import Network
import Numerics
import Synchronization

/// A network's weights programmed into the arrays of a mapping through a device model.
///
/// Every array is encoded (``WeightEncoding/encode(_:arrayRows:arrayColumns:)``, the whole
/// physical array, unused cells at level 0) and programmed with its own random stream
/// `(seed, "layer<l>/array<a>/program")`, so the chip does not depend on the order or the
/// number of threads arrays are programmed on. One copy of each layer is simulated: the copies
/// that balance the pipeline (``LayerMapping/replication``) are assumed to hold the same
/// conductances, and only their programming cost is counted (``replicatedCost``).
///
/// Reading the chip (conductances at a time after programming, IR drop, ADC ranges) happens in
/// ``ChipReadout``, so one programmed chip serves every read time.
public struct ProgrammedChip: Sendable {
    /// Where every array sits.
    public let mapping: Mapping
    /// The device the cells were written with.
    public let device: any MemoryDevice
    /// The seed of the programming streams.
    public let seed: UInt64
    /// The programmed arrays of each layer, in ``LayerMapping/arrays`` order.
    public let layers: [[ProgrammedArray]]

    /// Encodes and programs every array of `mapping` with `network`'s integer weights;
    /// `progress` is called with (arrays programmed, arrays) as arrays finish, from any thread.
    public init(
        network: QuantizedNetwork, mapping: Mapping, device: any MemoryDevice, seed: UInt64, threads: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws {
        try self.init(
            weights: network.matrixLayers.map(\.weights), mapping: mapping, device: device, seed: seed, threads: threads, progress: progress)
    }

    /// Encodes and programs every array of `mapping` with the integer weight matrices (K × N,
    /// one per mapped layer); `progress` is called with (arrays programmed, arrays) as arrays
    /// finish, from any thread.
    public init(
        weights matrices: [Matrix<Int16>], mapping: Mapping, device: any MemoryDevice, seed: UInt64, threads: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws {
        guard matrices.count == mapping.layers.count,
            zip(matrices, mapping.layers).allSatisfy({ $0.rows == $1.shape.inputSize && $0.columns == $1.shape.outputSize })
        else {
            throw CircuitError.shapeMismatch(
                owner: "ProgrammedChip", field: "weights", expected: mapping.layers.map { "\($0.shape.inputSize)×\($0.shape.outputSize)" }.joined(separator: ", "),
                actual: matrices.map { "\($0.rows)×\($0.columns)" }.joined(separator: ", "))
        }
        let spec = mapping.architecture
        let jobs = mapping.layers.flatMap { layer in layer.arrays.map { (layer: layer.layerIndex, block: $0) } }
        let results = Mutex([Int: Result<ProgrammedArray, any Error>]())
        progress?(0, jobs.count)
        Parallel.forEach(jobs.count, threads: threads) { job in
            let (layerIndex, block) = jobs[job]
            let result = Result { () throws -> ProgrammedArray in
                let layer = mapping.layers[layerIndex]
                let weights = matrices[layerIndex]
                let values = Matrix<Int32>(rows: block.rows.count, columns: block.outputs.count) { r, o in
                    Int32(weights[block.rows.lowerBound + r, block.outputs.lowerBound + o])
                }
                let encoded = try layer.encoding.encode(values.view, arrayRows: spec.arrayRows, arrayColumns: spec.arrayColumns)
                let key = "layer\(layerIndex)/array\(block.index)"
                let array = try CrossbarArray(
                    levels: encoded.levels, levelCount: layer.encoding.levelCount, device: device,
                    stream: RandomStream(seed: seed, key: key + "/program"))
                return ProgrammedArray(
                    block: block, weights: encoded, array: array, key: key,
                    mostCyclesOnOneCell: array.cells.reduce(0) { max($0, $1.cost.enduranceCycles) })
            }
            let done = results.withLock { finished in
                finished[job] = result
                return finished.count
            }
            progress?(done, jobs.count)
        }
        let finished = results.withLock { $0 }
        var layers = mapping.layers.map { _ in [ProgrammedArray]() }
        for job in jobs.indices { layers[jobs[job].layer].append(try finished[job]!.get()) }
        self.mapping = mapping
        self.device = device
        self.seed = seed
        self.layers = layers
    }

    /// The write cost of every array of the chip, copies of replicated layers included (each
    /// copy costs what the simulated copy did), layer by layer.
    public var replicatedWriteCosts: [WriteCost] {
        zip(layers, mapping.layers).flatMap { arrays, layer in
            (0..<layer.replication).flatMap { _ in arrays.map(\.array.writeCost) }
        }
    }

    /// Cells written on the chip, copies included.
    public var replicatedCellCount: Int {
        zip(layers, mapping.layers).reduce(0) { total, pair in
            total + pair.1.replication * pair.0.reduce(0) { $0 + $1.array.rows * $1.array.columns }
        }
    }

    /// Cells of the simulated copy with each fault.
    public var faultCounts: [CellFault: Int] {
        layers.joined().reduce(into: [:]) { counts, array in counts.merge(array.array.faultCounts, uniquingKeysWith: +) }
    }

    /// Cells of the simulated copy whose write-verify did not converge.
    public var unverifiedCellCount: Int { layers.joined().reduce(0) { $0 + $1.array.unverifiedCellCount } }

    /// The largest number of write cycles any one cell took.
    public var mostCyclesOnOneCell: Int { layers.joined().map(\.mostCyclesOnOneCell).max() ?? 0 }
}
