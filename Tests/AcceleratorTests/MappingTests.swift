import DataFiles
import Numerics
import Testing

@testable import Accelerator

/// Partitioning, assignment and replication against their closed forms.
@Suite("Mapping")
struct MappingTests {
    private func isaac(_ overrides: [String: JSONValue] = [:]) throws -> ArchitectureSpec {
        try ArchitectureSpec.load("isaac").overriding(["weightBits": 8].merging(overrides) { $1 })
    }

    @Test("a 1000×1000 layer on 128×128 arrays: ⌈1000/128⌉ × ⌈1000/31⌉ blocks and the closed-form utilization")
    func closedForm() throws {
        // ISAAC encoding: 8-bit weights in four 2-bit cells, plus a unit and a reference column,
        // so ⌊(128 − 2)/4⌋ = 31 outputs per array.
        let shape = MatrixLayerShape(name: "big", isConvolution: false, inputSize: 1000, outputSize: 1000, vectorsPerImage: 1)
        let mapping = try Mapping(layers: [shape], architecture: isaac())
        let layer = try #require(mapping.layers.first)
        #expect(layer.outputsPerArray == 31)
        #expect(layer.rowBlocks.count == 8 && layer.columnBlocks.count == 33)
        #expect(mapping.arrays == 8 * 33)
        #expect(layer.rowBlocks.last == 896..<1000 && layer.columnBlocks.last == 992..<1000)
        // Used cells: every weight row × (4 cells per output + 2 per array), over the 33 column blocks.
        let used = 1000 * (4 * 1000 + 2 * 33)
        #expect(mapping.usedCells == used)
        #expect(mapping.allocatedCells == 264 * 128 * 128)
        #expect(mapping.utilization == Double(used) / Double(264 * 128 * 128))
        // 264 arrays fill 33 IMAs of 8, which fill 3 tiles of 12.
        #expect(mapping.imas == 33 && mapping.tiles == 3 && mapping.fitsChip)
        #expect(layer.arrays[9].rowBlock == 0 && layer.arrays[9].columnBlock == 9 && layer.arrays[9].ima == 1)
        #expect(layer.arrays[33].rowBlock == 1 && layer.arrays[33].columnBlock == 0)
    }

    @Test("a differential single-cell encoding stores ⌊128/2⌋ outputs per array")
    func differential() throws {
        let spec = try isaac(["signEncoding": "differential", "columnFlip": false, "bitsPerCell": 8])
        let shape = MatrixLayerShape(name: "big", isConvolution: false, inputSize: 1000, outputSize: 1000, vectorsPerImage: 1)
        let mapping = try Mapping(layers: [shape], architecture: spec)
        #expect(mapping.layers[0].outputsPerArray == 64)
        #expect(mapping.arrays == 8 * 16)
        #expect(mapping.usedCells == 1000 * 2000)
        #expect(mapping.utilization == 2_000_000.0 / Double(128 * 16384))
    }

    /// A depthwise 3×3 convolution of 32 channels (G = C_in = 32: K = 288, N = 32) and a grouped
    /// 3×3 convolution of 64 → 64 channels in G = 4 groups (K = 576, N = 64, blocks of 144 × 16).
    private let depthwise = MatrixLayerShape(
        name: "dw", isConvolution: true, inputSize: 288, outputSize: 32, vectorsPerImage: 64, groups: 32, isDepthwise: true)
    private let grouped = MatrixLayerShape(name: "g4", isConvolution: true, inputSize: 576, outputSize: 64, vectorsPerImage: 64, groups: 4)

    @Test("groupedConvolutions = arrays: whole groups packed per array, no arrays for the zero blocks (counted by hand)")
    func groupedArrays() throws {
        let mapping = try Mapping(layers: [depthwise, grouped], architecture: isaac(["groupedConvolutions": "arrays"]))
        // Depthwise: groups of 9 rows × 1 output; min(⌊128/9⌋, ⌊31/1⌋, 32) = 14 groups per array,
        // ⌈32/14⌉ = 3 diagonal arrays (the full 288 × 32 matrix would take ⌈288/128⌉·⌈32/31⌉ = 6).
        let dw = mapping.layers[0]
        #expect(dw.rowBlocks == [0..<126, 126..<252, 252..<288] && dw.columnBlocks == [0..<14, 14..<28, 28..<32])
        #expect(dw.arrayCount == 3 && dw.arrays.map(\.rowBlock) == dw.arrays.map(\.columnBlock))
        // Used cells: 288 weights × 4 cells + the unit and reference cells of 288 rows.
        #expect(dw.usedCells == 288 * 4 + 2 * 288 && dw.allocatedCells == 3 * 128 * 128)
        #expect(dw.utilization == Double(288 * 4 + 2 * 288) / Double(3 * 128 * 128))
        // Grouped: a 144-row group does not fit 128 rows, so it is cut in 128 + 16 rows; its 16
        // outputs fit one column block: 4 groups × 2 arrays = 8 (the full matrix: ⌈576/128⌉·⌈64/31⌉ = 15).
        let g4 = mapping.layers[1]
        #expect(g4.rowBlocks.count == 8 && g4.columnBlocks == [0..<16, 16..<32, 32..<48, 48..<64])
        #expect(g4.arrayCount == 8 && g4.arrays.allSatisfy { $0.rowBlock / 2 == $0.columnBlock })
        // 144 × 16 weights per group, 4 cells each, plus 2 cells on each of the 576 rows.
        #expect(g4.usedCells == 4 * 144 * 16 * 4 + 2 * 576)
        #expect(mapping.arrays == 11 && mapping.weights == 288 + 144 * 64)
    }

    @Test("groupedConvolutions = digitalDepthwise: the depthwise layer takes no arrays, the grouped one is placed as under arrays")
    func groupedDigitalDepthwise() throws {
        let mapping = try Mapping(layers: [depthwise, grouped], architecture: isaac(["groupedConvolutions": "digitalDepthwise"]))
        #expect(mapping.layers[0].runsDigitally && mapping.layers[0].arrayCount == 0 && mapping.layers[0].imas == 0)
        #expect(mapping.layers[0].utilization == 0)
        #expect(!mapping.layers[1].runsDigitally && mapping.layers[1].arrayCount == 8)
        #expect(mapping.arrays == 8 && mapping.imas == 1)
    }

    @Test("groupedConvolutions = arrays packs several groups on both sides: 4 groups of 4 × 8 in arrays of 3 groups")
    func groupedPacking() throws {
        // K = 16, N = 32, G = 4: min(⌊128/4⌋, ⌊31/8⌋, 4) = 3 groups per array → blocks of 12 rows × 24 outputs.
        let shape = MatrixLayerShape(name: "g", isConvolution: true, inputSize: 16, outputSize: 32, vectorsPerImage: 4, groups: 4)
        let layer = try Mapping(layers: [shape], architecture: isaac()).layers[0]
        #expect(layer.rowBlocks == [0..<12, 12..<16] && layer.columnBlocks == [0..<24, 24..<32] && layer.arrayCount == 2)
        // 128 weights (4 × 4 × 8) × 4 cells + 2 cells on each of the 16 rows; the 2 × 3 off-diagonal
        // 4 × 8 zero blocks inside the first array are allocated but not used.
        #expect(layer.usedCells == 128 * 4 + 2 * 16)
    }

    @Test("a bad groupedConvolutions value is a typed error naming the file, the field and the allowed values")
    func groupedConvolutionsValidated() throws {
        #expect {
            try isaac(["groupedConvolutions": "packed"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("isaac.json") && text.contains("groupedConvolutions") && text.contains("\"arrays\", \"digitalDepthwise\"")
        }
    }

    /// LeNet-5's matrix products.
    private let lenet = [
        MatrixLayerShape(name: "conv1", isConvolution: true, inputSize: 25, outputSize: 6, vectorsPerImage: 784),
        MatrixLayerShape(name: "conv2", isConvolution: true, inputSize: 150, outputSize: 16, vectorsPerImage: 100),
        MatrixLayerShape(name: "fc1", isConvolution: false, inputSize: 400, outputSize: 120, vectorsPerImage: 1),
        MatrixLayerShape(name: "fc2", isConvolution: false, inputSize: 120, outputSize: 84, vectorsPerImage: 1),
        MatrixLayerShape(name: "fc3", isConvolution: false, inputSize: 84, outputSize: 10, vectorsPerImage: 1),
    ]

    @Test("layers start on fresh IMAs and the pipeline-balancing replication is V_l / V_min when it fits")
    func replication() throws {
        let mapping = try Mapping(layers: lenet, architecture: isaac())
        #expect(mapping.layers.map(\.arrayCount) == [1, 2, 16, 3, 1])
        #expect(mapping.layers.map(\.imas) == [1, 1, 2, 1, 1])
        #expect(mapping.layers[2].arrays.map(\.ima) == [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3])
        #expect(mapping.imas == 6 && mapping.tiles == 1)
        #expect(mapping.layers.map(\.replicationNeeded) == [784, 100, 1, 1, 1])
        #expect(mapping.layers.map(\.replication) == [784, 100, 1, 1, 1])
        #expect(mapping.replicatedArrays == 784 + 200 + 16 + 3 + 1)
        #expect(mapping.replicatedIMAs == 98 + 25 + 2 + 1 + 1)
    }

    @Test("on a chip too small for full balance, every layer gets ⌈V_l/T⌉ copies for the smallest T that fits")
    func partialReplication() throws {
        // One tile: 12 IMAs. The fully connected layers keep one copy: 2 + 1 + 1 IMAs. With T
        // products per copy, conv1 has c1 = ⌈784/T⌉ one-array copies (⌈c1/8⌉ IMAs) and conv2
        // c2 = ⌈100/T⌉ two-array copies (⌈2·c2/8⌉ IMAs), so ⌈c1/8⌉ + ⌈c2/4⌉ ≤ 8 must hold.
        // T = 17: c1 = 47 (6 IMAs), c2 = 6 (2 IMAs): 8, fits. T = 16: c1 = 49 (7), c2 = 7 (2): 9, does not.
        let mapping = try Mapping(layers: lenet, architecture: isaac(["tilesPerChip": 1]))
        #expect(mapping.layers.map(\.replication) == [47, 6, 1, 1, 1])
        #expect(mapping.replicatedIMAs == 12)
    }

    @Test("a network larger than the chip is mapped without replication and reported as not fitting")
    func tooLarge() throws {
        let shape = MatrixLayerShape(name: "huge", isConvolution: false, inputSize: 4096, outputSize: 4096, vectorsPerImage: 1)
        let mapping = try Mapping(layers: [shape], architecture: isaac(["tilesPerChip": 1]))
        #expect(!mapping.fitsChip)
        #expect(mapping.layers[0].replication == 1)
        #expect(mapping.arrays == 32 * 133)
    }

    @Test("the table lists every layer and the totals")
    func table() throws {
        let text = try Mapping(layers: lenet, architecture: isaac()).table
        for name in ["conv1", "conv2", "fc1", "fc2", "fc3", "total", "fits the chip: yes"] { #expect(text.contains(name)) }
    }
}
