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
