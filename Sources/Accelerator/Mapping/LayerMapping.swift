import Circuit

/// How one layer sits on the chip: its weight matrix cut into row and column blocks, one per
/// array, and the replication that would balance ISAAC's inter-layer pipeline.
public struct LayerMapping: Sendable, Equatable {
    /// The layer's matrix product.
    public let shape: MatrixLayerShape
    /// Position among the network's matrix layers.
    public let layerIndex: Int
    /// How weights are stored in cells.
    public let encoding: WeightEncoding
    /// Weight rows of each row block: ⌈K/R⌉ blocks of R rows (the last one shorter); for a
    /// grouped convolution, blocks that follow the group boundaries (``Mapping``); none for a
    /// layer of the digital units.
    public let rowBlocks: [Range<Int>]
    /// Outputs of each column block: ⌈N/P⌉ blocks of P = ``outputsPerArray`` outputs (grouped
    /// convolutions: by group, as the row blocks).
    public let columnBlocks: [Range<Int>]
    /// The arrays, row-block major (array `r·columnBlocks + c` when every block holds weights;
    /// a grouped convolution's all-zero blocks have none).
    public let arrays: [ArrayBlock]
    /// Outputs one array holds, P (the encoding's columns per output fit into the array).
    public let outputsPerArray: Int
    /// IMAs the layer occupies (one copy): ⌈arrays / arraysPerIMA⌉; layers do not share IMAs.
    public let imas: Int
    /// Copies of the layer that would balance the pipeline: ⌈V_l / V_min⌉, with V the
    /// matrix-vector products per image (ISAAC §IV: every layer then takes as long per image
    /// as the layer with the fewest products).
    public let replicationNeeded: Int
    /// Copies that fit on the chip (see ``Mapping``).
    public let replication: Int
    /// Tiles of the copies beyond the first (``Mapping`` places them after every layer's first
    /// copy); empty without replication.
    public var replicaTiles: Set<Int> = []

    /// Arrays of one copy.
    public var arrayCount: Int { arrays.count }
    /// Cells holding weights, unit or reference cells (one copy).
    public var usedCells: Int { arrays.reduce(0) { $0 + $1.usedCells } }
    /// Cells of the arrays the layer occupies (one copy).
    public var allocatedCells: Int { arrays.count * arrayRows * arrayColumns }
    /// usedCells / allocatedCells (0 for a layer of the digital units).
    public var utilization: Double { allocatedCells == 0 ? 0 : Double(usedCells) / Double(allocatedCells) }
    /// Whether the layer runs in the digital units (a depthwise layer under
    /// ``GroupedConvolutionMapping/digitalDepthwise``): it has no arrays.
    public var runsDigitally: Bool { arrays.isEmpty }
    /// Word lines per array.
    public let arrayRows: Int
    /// Bit lines per array.
    public let arrayColumns: Int
    /// Tiles the layer's first copy touches.
    public var tiles: Set<Int> { Set(arrays.map(\.tile)) }
    /// Tiles of every copy.
    public var allTiles: Set<Int> { tiles.union(replicaTiles) }
    /// Columns converted per input slice on array `index` (sensed columns).
    public func sensedColumns(ofArray index: Int) -> Int { encoding.sensedColumns(outputs: arrays[index].outputs.count) }
}
