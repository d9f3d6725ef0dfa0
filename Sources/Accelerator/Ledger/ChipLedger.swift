import Circuit
import Network

/// The cost ledger of a run: one ``LayerLedger`` per step of the integer pass, with the
/// executor's counts for the Conv2D/Dense layers and the network-level actions added from the
/// graph, following the conventions of `Action+Chip.swift`:
/// - a layer's input tensor (each value once, `inputBits` wide) enters the layer's tiles, every
///   copy's (``LayerMapping/allTiles``), spread evenly over them: from off-chip for the network
///   input (one off-chip traversal per bit and the routers from router 0 to each tile), from the
///   producing layer's tiles otherwise, spread evenly over them too, each bit passing the mean
///   number of routers between a producing and a consuming tile of the mesh
///   (``NetworkOnChip/meanTraversals(from:to:)``; 0 for a pair on the same tile);
/// - the partial sums of a layer's row blocks r ≥ 1 travel from each array's tile to the tile of
///   the row-block-0 array of the same column block, where they are added (``ArchitectureSpec/imaOutputBits``
///   wide, the first copy's placement standing for every copy's);
/// - the network output leaves the chip as 32-bit accumulators (the routers from its tiles to
///   router 0, and the off-chip link);
/// - max and average pooling: k_h·k_w − 1 ``Action/poolingComparison`` per pooled value; global
///   average pooling H·W − 1 per channel; a ReLU that is not fused: one ``Action/activation``
///   per output value; a residual add, the divisions of average pooling and every other
///   non-matrix layer: the digital unit's operations of `ChipLedger+DigitalOperations.swift`.
public struct ChipLedger: Sendable, Equatable {
    /// Images run.
    public let images: Int
    /// One row per step of the integer pass (fused ReLUs belong to their layer), in order.
    public let steps: [LayerLedger]

    /// The ledger of `images` images of `network` on `mapping`, with the executor's ledgers of
    /// the matrix layers (``LayerLedger/totals(_:)`` of the forward passes' records); every layer
    /// input crosses the network `activationBits` wide when given, else at its quantized width.
    public init(network: QuantizedNetwork, mapping: Mapping, matrixLedgers: [LayerLedger], images: Int, activationBits: Int? = nil) {
        let shapes = network.float.shapes
        func elements(_ value: String) -> Int { shapes[value]!.reduce(1, *) }
        // The matrix layer (or the network input, nil) each value comes from.
        var producer: [String: Int?] = [network.float.inputName: nil]
        var steps: [LayerLedger] = []
        var matrixIndex = 0
        let spec = mapping.architecture
        let noc = spec.tilesPerRouter > 0 ? NetworkOnChip(spec) : nil
        for step in network.steps {
            let source = producer[step.inputs[0]] ?? nil
            switch step.operation {
            case .matrix(let layer):
                var ledger = matrixLedgers[matrixIndex]
                let bits = elements(step.inputs[0]) * (activationBits ?? layer.input.bits) * images
                let consumer = mapping.layers[matrixIndex]
                if let noc {
                    let traversals = source.map { Self.meanTraversals(from: mapping.layers[$0], to: consumer, noc) }
                        ?? noc.meanTraversalsToLinks(from: consumer.allTiles)
                    ledger.actions.add(.routerBitTransfer, Self.bits(bits, times: traversals))
                    if source == nil { ledger.actions.add(.offChipBitTransfer, bits) }
                    ledger.actions.add(.routerBitTransfer, Self.partialSumRouterBits(consumer, vectors: ledger.vectors, bits: spec.imaOutputBits, noc))
                } else if let source {
                    // Without routers a bit between tiles leaves and re-enters through the off-chip interface.
                    if !consumer.allTiles.isSubset(of: mapping.layers[source].allTiles) { ledger.actions.add(.offChipBitTransfer, 2 * bits) }
                } else {
                    ledger.actions.add(.offChipBitTransfer, bits)
                }
                if step.output == network.outputValue {
                    let outputBits = elements(step.output) * 32 * images
                    ledger.actions.add(.offChipBitTransfer, outputBits)
                    if let noc { ledger.actions.add(.routerBitTransfer, Self.bits(outputBits, times: noc.meanTraversalsToLinks(from: consumer.allTiles))) }
                }
                producer[step.output] = matrixIndex
                matrixIndex += 1
                steps.append(ledger)
            case .maxPool(let pool), .averagePool(let pool):
                var ledger = LayerLedger(name: step.name, isMatrixLayer: false)
                let window = pool.window.kernelHeight * pool.window.kernelWidth
                ledger.actions.add(.poolingComparison, elements(step.output) * (window - 1) * images)
                if case .averagePool = step.operation { ledger.actions += Self.repeated(Self.averageDivision, elements(step.output) * images) }
                producer[step.output] = source
                steps.append(ledger)
            case .globalAveragePool:
                var ledger = LayerLedger(name: step.name, isMatrixLayer: false)
                let input = shapes[step.inputs[0]]!
                ledger.actions.add(.poolingComparison, input[0] * (input[1] * input[2] - 1) * images)
                ledger.actions += Self.repeated(Self.averageDivision, input[0] * images)
                producer[step.output] = source
                steps.append(ledger)
            case .relu:
                var ledger = LayerLedger(name: step.name, isMatrixLayer: false)
                ledger.actions.add(.activation, elements(step.output) * images)
                producer[step.output] = source
                steps.append(ledger)
            case .add:
                var ledger = LayerLedger(name: step.name, isMatrixLayer: false)
                ledger.actions = Self.repeated(Self.residualAddition, elements(step.output) * images)
                producer[step.output] = source
                steps.append(ledger)
            case .digital(let layer):
                var ledger = LayerLedger(name: step.name, isMatrixLayer: false)
                ledger.actions = Self.digitalStepActions(
                    layer, inputElements: step.inputs.reduce(0) { $0 + elements($1) } * images, outputElements: elements(step.output) * images)
                producer[step.output] = source
                steps.append(ledger)
            case .reshape:
                producer[step.output] = source
            }
        }
        self.images = images
        self.steps = steps
    }

    /// Mean routers per bit sent from `producer`'s tiles to `consumer`'s over `noc`; one when
    /// either runs in the digital units (``LayerMapping/runsDigitally``: no tiles of its own).
    static func meanTraversals(from producer: LayerMapping, to consumer: LayerMapping, _ noc: NetworkOnChip) -> Double {
        guard !producer.runsDigitally, !consumer.runsDigitally else { return 1 }
        return noc.meanTraversals(from: producer.allTiles, to: consumer.allTiles)
    }

    /// Router bit traversals of `layer`'s partial sums over `vectors` vectors: each array of a
    /// row block r ≥ 1 sends its outputs' `bits`-wide partial sums to the tile of the row-block-0
    /// array holding the same outputs.
    static func partialSumRouterBits(_ layer: LayerMapping, vectors: Int, bits: Int, _ noc: NetworkOnChip) -> Int {
        let first = Dictionary(layer.arrays.filter { $0.rowBlock == 0 }.map { ($0.columnBlock, $0.tile) }, uniquingKeysWith: { a, _ in a })
        return layer.arrays.filter { $0.rowBlock > 0 }.reduce(0) { total, array in
            guard let target = first[array.columnBlock] else { return total }
            return total + vectors * array.outputs.count * bits * noc.traversals(from: array.tile, to: target)
        }
    }

    /// `bits` bit transfers times a mean number of routers, rounded to whole traversals.
    static func bits(_ bits: Int, times traversals: Double) -> Int { Int((Double(bits) * traversals).rounded()) }

    /// The Conv2D/Dense rows.
    public var matrixLayers: [LayerLedger] { steps.filter(\.isMatrixLayer) }

    /// Every action over the run.
    public var totalActions: ActionCounts { steps.reduce(ActionCounts()) { $0 + $1.actions } }
}
