import Circuit
import Network

/// The cost ledger of a run: one ``LayerLedger`` per step of the integer pass, with the
/// executor's counts for the Conv2D/Dense layers and the network-level actions added from the
/// graph, following the conventions of `Action+Chip.swift`:
/// - a layer's input tensor (each value once, `inputBits` wide) enters the layer's tiles: from
///   off-chip for the network input (one off-chip and one router traversal per bit), from the
///   producing layer's tiles otherwise (1 router traversal per bit between tiles that share a
///   router, 2 otherwise, none when the consumer's tiles are among the producer's);
/// - the network output leaves the chip as 32-bit accumulators (a router and the off-chip link);
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
        for step in network.steps {
            let source = producer[step.inputs[0]] ?? nil
            switch step.operation {
            case .matrix(let layer):
                var ledger = matrixLedgers[matrixIndex]
                let bits = elements(step.inputs[0]) * (activationBits ?? layer.input.bits) * images
                let hasRouters = spec.tilesPerRouter > 0
                if let source {
                    let traversals = Self.routerTraversals(from: mapping.layers[source], to: mapping.layers[matrixIndex], spec: spec)
                    if hasRouters {
                        ledger.actions.add(.routerBitTransfer, bits * traversals)
                    } else if traversals > 0 {
                        ledger.actions.add(.offChipBitTransfer, 2 * bits)
                    }
                } else {
                    ledger.actions.add(.offChipBitTransfer, bits)
                    if hasRouters { ledger.actions.add(.routerBitTransfer, bits) }
                }
                if step.output == network.outputValue {
                    let outputBits = elements(step.output) * 32 * images
                    ledger.actions.add(.offChipBitTransfer, outputBits)
                    if hasRouters { ledger.actions.add(.routerBitTransfer, outputBits) }
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

    /// Router traversals per bit sent from `producer`'s tiles to `consumer`'s; one when either
    /// runs in the digital units (``LayerMapping/runsDigitally``: no tiles of its own) or the chip
    /// has no routers (``ArchitectureSpec/tilesPerRouter`` 0: then any traversal stands for the
    /// bit leaving and re-entering through the off-chip interface).
    static func routerTraversals(from producer: LayerMapping, to consumer: LayerMapping, spec: ArchitectureSpec) -> Int {
        guard let from = producer.tiles.min(), let to = consumer.tiles.min() else { return 1 }
        guard !consumer.tiles.isSubset(of: producer.tiles) else { return 0 }
        guard spec.tilesPerRouter > 0 else { return 1 }
        let router = { (tile: Int) in tile / spec.tilesPerRouter }
        return router(from) == router(to) ? 1 : 2
    }

    /// The Conv2D/Dense rows.
    public var matrixLayers: [LayerLedger] { steps.filter(\.isMatrixLayer) }

    /// Every action over the run.
    public var totalActions: ActionCounts { steps.reduce(ActionCounts()) { $0 + $1.actions } }
}
