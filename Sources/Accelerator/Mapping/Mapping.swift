import Circuit
import DataFiles
import Foundation
import Network
import Numerics

/// A network placed on an accelerator: every Conv2D/Dense weight matrix (K × N, convolutions
/// unrolled by im2col) cut into blocks that fit the arrays, assigned to arrays, IMAs and tiles.
///
/// Partitioning, for arrays of R rows and C columns and an encoding that stores P outputs per
/// array (``WeightEncoding/outputsFitting(columns:)``: ⌊C/(2T)⌋ differential, ⌊(C − 2)/T⌋
/// offset, T = ⌈W/b⌉ cells per weight): ⌈K/R⌉ row blocks × ⌈N/P⌉ column blocks, one array
/// each; the partial sums of the row blocks are added digitally. Utilization is the fraction
/// of allocated cells that hold weights (or the offset scheme's unit and reference cells).
///
/// Grouped convolutions (G groups, a block-diagonal K × N matrix) follow the architecture's
/// ``ArchitectureSpec/groupedConvolutions`` (``GroupedConvolutionMapping``): row and column
/// blocks follow the group boundaries, p = min(⌊R/(K/G)⌋, ⌊P/(N/G)⌋, G) whole groups per array
/// when a group fits one array (else each group is cut within itself), and only blocks holding
/// some group's weights take arrays: ⌈G/p⌉ arrays when a group fits, instead of the full
/// matrix's ⌈K/R⌉·⌈N/P⌉. The zeros between the p groups of one array stay in it (programmed to
/// weight 0) and count as allocated, not used. Under `digitalDepthwise` a depthwise layer
/// (G = C_in) has no blocks and no arrays: it runs in the digital units.
///
/// Assignment: each layer starts on a fresh IMA and fills ⌈arrays/arraysPerIMA⌉ IMAs; IMAs
/// fill tiles in layer order. The network fits the chip when its IMAs do. A layer's copies
/// beyond the first (below) fill the IMAs after all first copies, layer by layer
/// (``LayerMapping/replicaTiles``).
///
/// Replication (ISAAC's pipeline balance, Shafiee et al. ISCA 2016 §IV): in a layer pipeline
/// every image needs V_l matrix-vector products from layer l (OH·OW for a convolution, 1 for a
/// dense layer), so the layer with the most products sets the pace unless it is replicated.
/// ``LayerMapping/replicationNeeded`` is ⌈V_l/V_min⌉; if the replicated network does not fit
/// the chip, every layer gets ⌈V_l/T⌉ copies for the smallest products-per-copy T that fits
/// (``LayerMapping/replication``), and no replication if even one copy does not fit.
public struct Mapping: Sendable, Equatable {
    /// The architecture mapped onto (with the run's settings).
    public let architecture: ArchitectureSpec
    /// One entry per Conv2D/Dense layer, in execution order.
    public let layers: [LayerMapping]

    /// Maps `network`'s matrix layers onto `architecture`; their weight bits must be the
    /// architecture's.
    public init(network: QuantizedNetwork, architecture: ArchitectureSpec) throws {
        guard network.settings.weightBits == architecture.weightBits else {
            throw ArchitectureSpecError.outOfRange(
                file: architecture.file, field: "parameters.weightBits", value: "\(architecture.weightBits)",
                allowed: "the network's weight bits (\(network.settings.weightBits))")
        }
        try self.init(layers: network.matrixLayers.map(MatrixLayerShape.init), architecture: architecture)
    }

    /// Maps matrix products of the given shapes onto `architecture`.
    public init(layers shapes: [MatrixLayerShape], architecture: ArchitectureSpec) throws {
        let encoding = try architecture.weightEncoding
        let perArray = encoding.outputsFitting(columns: architecture.arrayColumns)
        let rows = architecture.arrayRows
        let smallest = shapes.map(\.vectorsPerImage).min() ?? 1
        var nextIMA = 0
        var layers: [LayerMapping] = []
        for (index, shape) in shapes.enumerated() {
            let digital = architecture.groupedConvolutions == .digitalDepthwise && shape.isDepthwise
            let groupRows = shape.inputSize / shape.groups
            let groupOutputs = shape.outputSize / shape.groups
            let packed = groupRows <= rows && groupOutputs <= perArray ? min(rows / groupRows, perArray / groupOutputs, shape.groups) : 1
            let rowBlocks = digital ? [] : Self.blocks(groupSize: groupRows, groups: shape.groups, packed: packed, limit: rows)
            let columnBlocks = digital ? [] : Self.blocks(groupSize: groupOutputs, groups: shape.groups, packed: packed, limit: perArray)
            var arrays: [ArrayBlock] = []
            for (r, rowRange) in rowBlocks.enumerated() {
                let rowGroups = rowRange.lowerBound / groupRows ... (rowRange.upperBound - 1) / groupRows
                for (c, outputRange) in columnBlocks.enumerated() {
                    // Only blocks that hold some group's weights take an array.
                    let outputGroups = outputRange.lowerBound / groupOutputs ... (outputRange.upperBound - 1) / groupOutputs
                    guard rowGroups.overlaps(outputGroups) else { continue }
                    let weightCells = rowGroups.clamped(to: outputGroups).reduce(0) { total, group in
                        let groupRange = group * groupRows ..< (group + 1) * groupRows
                        let groupOutputRange = group * groupOutputs ..< (group + 1) * groupOutputs
                        return total + rowRange.clamped(to: groupRange).count * outputRange.clamped(to: groupOutputRange).count
                    }
                    let ima = nextIMA + arrays.count / architecture.arraysPerIMA
                    arrays.append(
                        ArrayBlock(
                            index: arrays.count, rowBlock: r, columnBlock: c, rows: rowRange, outputs: outputRange,
                            usedColumns: encoding.physicalColumns(outputs: outputRange.count),
                            usedCells: encoding.usedCells(weights: weightCells, rows: rowRange.count), ima: ima,
                            tile: ima / architecture.imasPerTile))
                }
            }
            let imas = (arrays.count + architecture.arraysPerIMA - 1) / architecture.arraysPerIMA
            nextIMA += imas
            layers.append(
                LayerMapping(
                    shape: shape, layerIndex: index, encoding: encoding, rowBlocks: rowBlocks, columnBlocks: columnBlocks,
                    arrays: arrays, outputsPerArray: perArray, imas: imas,
                    replicationNeeded: (shape.vectorsPerImage + smallest - 1) / smallest, replication: 1,
                    arrayRows: rows, arrayColumns: architecture.arrayColumns))
        }
        self.architecture = architecture
        self.layers = Self.replicated(layers, architecture: architecture)
    }

    /// Ranges of `groups` · `groupSize` rows (or outputs) that follow the group boundaries:
    /// `packed` whole groups per range when a group fits `limit`, else each group cut into
    /// ranges of at most `limit`. With one group, ⌈size/limit⌉ ranges of `limit`.
    private static func blocks(groupSize: Int, groups: Int, packed: Int, limit: Int) -> [Range<Int>] {
        let size = groupSize * groups
        guard groupSize > limit else {
            return stride(from: 0, to: size, by: packed * groupSize).map { $0 ..< min(size, $0 + packed * groupSize) }
        }
        return (0..<groups).flatMap { group in
            stride(from: group * groupSize, to: (group + 1) * groupSize, by: limit).map { $0 ..< min((group + 1) * groupSize, $0 + limit) }
        }
    }

    /// `layers` with the most replication that fits the chip (see the type's discussion).
    private static func replicated(_ layers: [LayerMapping], architecture: ArchitectureSpec) -> [LayerMapping] {
        let capacity = architecture.imasPerTile * architecture.tilesPerChip
        func imas(_ copies: [Int]) -> Int {
            zip(layers, copies).reduce(0) { total, pair in
                total + (pair.0.arrayCount * pair.1 + architecture.arraysPerIMA - 1) / architecture.arraysPerIMA
            }
        }
        func copies(perCopy t: Int) -> [Int] { layers.map { max(1, ($0.shape.vectorsPerImage + t - 1) / t) } }
        var chosen = layers.map(\.replicationNeeded)
        if imas(chosen) > capacity {
            if imas(layers.map { _ in 1 }) > capacity {
                chosen = layers.map { _ in 1 }
            } else {
                // The smallest products-per-copy T whose copies fit: fewer IMAs as T grows.
                var low = 1
                var high = layers.map(\.shape.vectorsPerImage).max() ?? 1
                while low < high {
                    let middle = (low + high) / 2
                    if imas(copies(perCopy: middle)) <= capacity { high = middle } else { low = middle + 1 }
                }
                chosen = copies(perCopy: low)
            }
        }
        // The copies beyond the first fill IMAs after every layer's first copy, in layer order.
        var nextIMA = layers.reduce(0) { $0 + $1.imas }
        return zip(layers, chosen).map { layer, copies in
            var mapped = LayerMapping(
                shape: layer.shape, layerIndex: layer.layerIndex, encoding: layer.encoding, rowBlocks: layer.rowBlocks,
                columnBlocks: layer.columnBlocks, arrays: layer.arrays, outputsPerArray: layer.outputsPerArray, imas: layer.imas,
                replicationNeeded: layer.replicationNeeded, replication: copies, arrayRows: layer.arrayRows,
                arrayColumns: layer.arrayColumns)
            let extra = (layer.arrayCount * copies + architecture.arraysPerIMA - 1) / architecture.arraysPerIMA - layer.imas
            mapped.replicaTiles = Set((nextIMA ..< nextIMA + max(0, extra)).map { $0 / architecture.imasPerTile })
            nextIMA += max(0, extra)
            return mapped
        }
    }

    // MARK: Totals

    /// Arrays of one copy of the network.
    public var arrays: Int { layers.reduce(0) { $0 + $1.arrayCount } }
    /// IMAs of one copy.
    public var imas: Int { layers.reduce(0) { $0 + $1.imas } }
    /// Tiles of one copy.
    public var tiles: Int { (imas + architecture.imasPerTile - 1) / architecture.imasPerTile }
    /// Cells holding weights (one copy).
    public var usedCells: Int { layers.reduce(0) { $0 + $1.usedCells } }
    /// Cells of the arrays used (one copy).
    public var allocatedCells: Int { layers.reduce(0) { $0 + $1.allocatedCells } }
    /// usedCells / allocatedCells.
    public var utilization: Double { allocatedCells == 0 ? 0 : Double(usedCells) / Double(allocatedCells) }
    /// Whether one copy of the network fits the chip's IMAs.
    public var fitsChip: Bool { imas <= architecture.imasPerTile * architecture.tilesPerChip }
    /// Arrays with the replication used.
    public var replicatedArrays: Int { layers.reduce(0) { $0 + $1.arrayCount * $1.replication } }
    /// IMAs with the replication used (copies of a layer share IMAs).
    public var replicatedIMAs: Int {
        layers.reduce(0) { $0 + ($1.arrayCount * $1.replication + architecture.arraysPerIMA - 1) / architecture.arraysPerIMA }
    }
    /// Tiles with the replication used.
    public var replicatedTiles: Int { (replicatedIMAs + architecture.imasPerTile - 1) / architecture.imasPerTile }
    /// Weight elements of the network's matrix layers (biases excluded).
    public var weights: Int { layers.reduce(0) { $0 + $1.shape.weights } }
    /// Multiply-accumulates of the network per inference (matrix layers).
    public var multiplyAccumulates: Int { layers.reduce(0) { $0 + $1.shape.macsPerImage } }
    /// Bytes of the network's weights, Σ (K/G)·N·W/8 (a grouped convolution's zero blocks are not weights).
    public var weightBytes: Double {
        layers.reduce(0) { $0 + Double($1.shape.weights * architecture.weightBits) / 8 }
    }

    // MARK: Reports

    /// The mapping as JSON: totals and one object per layer.
    public var json: JSONValue {
        let perLayer: [JSONValue] = layers.map { layer in
            [
                "name": .string(layer.shape.name), "kind": .string(layer.shape.isConvolution ? "conv" : "dense"),
                "inputSize": .number(Double(layer.shape.inputSize)), "outputSize": .number(Double(layer.shape.outputSize)),
                "vectorsPerImage": .number(Double(layer.shape.vectorsPerImage)), "groups": .number(Double(layer.shape.groups)),
                "weights": .number(Double(layer.shape.weights)), "multiplyAccumulates": .number(Double(layer.shape.macsPerImage)),
                "rowBlocks": .number(Double(layer.rowBlocks.count)), "columnBlocks": .number(Double(layer.columnBlocks.count)),
                "arrays": .number(Double(layer.arrayCount)), "imas": .number(Double(layer.imas)),
                "tiles": .array(layer.tiles.sorted().map { .number(Double($0)) }),
                "usedCells": .number(Double(layer.usedCells)), "allocatedCells": .number(Double(layer.allocatedCells)),
                "utilization": .number(layer.utilization), "replicationNeeded": .number(Double(layer.replicationNeeded)),
                "replication": .number(Double(layer.replication)), "runsDigitally": .bool(layer.runsDigitally),
            ]
        }
        return [
            "architecture": .string(architecture.name), "arrays": .number(Double(arrays)), "imas": .number(Double(imas)),
            "tiles": .number(Double(tiles)), "usedCells": .number(Double(usedCells)),
            "allocatedCells": .number(Double(allocatedCells)), "utilization": .number(utilization), "fitsChip": .bool(fitsChip),
            "chipArrays": .number(Double(architecture.arraysPerChip)), "chipTiles": .number(Double(architecture.tilesPerChip)),
            "replicatedArrays": .number(Double(replicatedArrays)), "replicatedIMAs": .number(Double(replicatedIMAs)),
            "replicatedTiles": .number(Double(replicatedTiles)), "weightBytes": .number(weightBytes), "layers": .array(perLayer),
            "weights": .number(Double(weights)), "multiplyAccumulates": .number(Double(multiplyAccumulates)),
            "groupedConvolutions": .string(architecture.groupedConvolutions.rawValue),
        ]
    }

    /// A readable table: one line per layer and the totals.
    public var table: String {
        let spec = architecture
        let encoding = layers.first?.encoding
        var lines: [String] = []
        let flip = spec.columnFlip ? " with column flip" : ""
        lines.append(
            "\(spec.arrayRows)×\(spec.arrayColumns) arrays, \(spec.bitsPerCell)-bit cells, \(spec.weightBits)-bit weights "
                + "(\(encoding?.slicesPerWeight ?? 0) cells each, \(spec.signEncoding.rawValue) encoding\(flip)), "
                + "\(spec.arraysPerIMA) arrays/IMA, \(spec.imasPerTile) IMAs/tile, \(spec.tilesPerChip) tiles")
        let header = ["layer", "kind", "weights K×N", "MVMs/image", "blocks", "arrays", "IMAs", "cells used", "allocated", "util.", "replication"]
        var rows: [[String]] = [header]
        for layer in layers {
            rows.append([
                layer.shape.name, layer.shape.isConvolution ? "conv" : "dense", "\(layer.shape.inputSize)×\(layer.shape.outputSize)",
                "\(layer.shape.vectorsPerImage)", layer.runsDigitally ? "digital" : "\(layer.rowBlocks.count)×\(layer.columnBlocks.count)", "\(layer.arrayCount)",
                "\(layer.imas)", "\(layer.usedCells)", "\(layer.allocatedCells)", Self.percent(layer.utilization),
                layer.replication == layer.replicationNeeded ? "\(layer.replication)" : "\(layer.replication) of \(layer.replicationNeeded)",
            ])
        }
        rows.append(["total", "", "", "", "", "\(arrays)", "\(imas)", "\(usedCells)", "\(allocatedCells)", Self.percent(utilization), ""])
        lines += Self.aligned(rows, rightAligned: Set(2..<header.count))
        let chipIMAs = spec.imasPerTile * spec.tilesPerChip
        lines.append(
            "fits the chip: \(fitsChip ? "yes" : "no") — \(arrays) of \(spec.arraysPerChip) arrays, \(imas) of \(chipIMAs) IMAs, "
                + "\(tiles) of \(spec.tilesPerChip) tiles")
        lines.append(
            "with the pipeline-balancing replication: \(replicatedArrays) arrays, \(replicatedIMAs) IMAs, \(replicatedTiles) tiles")
        return lines.joined(separator: "\n")
    }

    /// `value` as a percentage with one decimal.
    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }

    /// Rows of cells padded into columns two spaces apart.
    public static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
