import Circuit

/// What the cost model needs to know about an ISAAC-like chip: the node and clock, one array
/// and its converters, how many of each unit an IMA, a tile and the chip hold, and the sizes
/// of the buffers. Built from an architecture spec; tests build small ones by hand.
///
/// Hierarchy (ISAAC, Shafiee et al., ISCA 2016): a chip holds ``tiles`` tiles (plus the
/// off-chip links); a tile holds ``imasPerTile`` IMAs, a buffer (eDRAM), a bus, a share of a
/// router and digital units; an IMA holds ``arraysPerIMA`` arrays with their DACs,
/// sample-and-holds and ADCs, shift-and-add units and input/output registers.
public struct ChipOrganization: Sendable, Equatable {
    /// Name for reports, e.g. `isaac`.
    public var name: String
    /// Technology node, metres.
    public var technologyNodeMetres: Double
    /// Digital clock, hertz.
    public var clockHz: Double
    /// Time for one input slice through an array (ISAAC: 100 ns), seconds.
    public var readCycleSeconds: Double
    /// Word lines per array.
    public var arrayRows: Int
    /// Bit lines per array.
    public var arrayColumns: Int
    /// Bits stored per cell.
    public var cellBits: Int
    /// Bits per weight.
    public var weightBits: Int
    /// Bits per input.
    public var inputBits: Int
    /// Bits per DAC conversion (input slice width).
    public var dacBits: Int
    /// Whether weights use positive/negative column pairs (PRIME), which halves the weights
    /// and the sensed columns per array.
    public var differentialWeights: Bool
    /// ADC resolution, bits.
    public var adcBits: Int
    /// ADC circuit family.
    public var adcArchitecture: ADCModel.Architecture
    /// Conversions per second of one ADC, hertz.
    public var adcSampleRateHz: Double
    /// Sensed columns time-shared by one ADC (ISAAC: 128, one ADC per array).
    public var columnsPerADC: Int
    /// Arrays per IMA.
    public var arraysPerIMA: Int
    /// IMAs per tile.
    public var imasPerTile: Int
    /// Tiles per chip.
    public var tiles: Int
    /// Shift-and-add units per IMA.
    public var shiftAddUnitsPerIMA: Int
    /// Input register per IMA, bytes.
    public var inputRegisterBytes: Int
    /// Output register per IMA, bytes.
    public var outputRegisterBytes: Int
    /// Width of one IMA output (a shift-and-added partial sum), bits.
    public var outputBits: Int
    /// Tile buffer (eDRAM), bytes.
    public var tileBufferBytes: Int
    /// Tile output register, bytes.
    public var tileOutputRegisterBytes: Int
    /// Wires of the tile bus between the buffer and the IMAs.
    public var busWires: Int
    /// Activation (sigmoid/ReLU) units per tile.
    public var activationUnitsPerTile: Int
    /// Shift-and-add units per tile (for partial sums across IMAs).
    public var shiftAddUnitsPerTile: Int
    /// Max-pooling units per tile.
    public var poolingUnitsPerTile: Int
    /// Tiles sharing one router.
    public var tilesPerRouter: Int
    /// Off-chip links (ISAAC: 4 HyperTransport links).
    public var offChipLinks: Int
    /// Rated bandwidth of one off-chip link, bits per second.
    public var offChipLinkBitsPerSecond: Double

    /// An organization; ``validate()`` checks it.
    public init(
        name: String, technologyNodeMetres: Double, clockHz: Double, readCycleSeconds: Double, arrayRows: Int, arrayColumns: Int,
        cellBits: Int, weightBits: Int, inputBits: Int, dacBits: Int, differentialWeights: Bool, adcBits: Int,
        adcArchitecture: ADCModel.Architecture, adcSampleRateHz: Double, columnsPerADC: Int, arraysPerIMA: Int, imasPerTile: Int,
        tiles: Int, shiftAddUnitsPerIMA: Int, inputRegisterBytes: Int, outputRegisterBytes: Int, outputBits: Int,
        tileBufferBytes: Int, tileOutputRegisterBytes: Int, busWires: Int,
        activationUnitsPerTile: Int, shiftAddUnitsPerTile: Int, poolingUnitsPerTile: Int, tilesPerRouter: Int, offChipLinks: Int,
        offChipLinkBitsPerSecond: Double
    ) {
        self.name = name
        self.technologyNodeMetres = technologyNodeMetres
        self.clockHz = clockHz
        self.readCycleSeconds = readCycleSeconds
        self.arrayRows = arrayRows
        self.arrayColumns = arrayColumns
        self.cellBits = cellBits
        self.weightBits = weightBits
        self.inputBits = inputBits
        self.dacBits = dacBits
        self.differentialWeights = differentialWeights
        self.adcBits = adcBits
        self.adcArchitecture = adcArchitecture
        self.adcSampleRateHz = adcSampleRateHz
        self.columnsPerADC = columnsPerADC
        self.arraysPerIMA = arraysPerIMA
        self.imasPerTile = imasPerTile
        self.tiles = tiles
        self.shiftAddUnitsPerIMA = shiftAddUnitsPerIMA
        self.inputRegisterBytes = inputRegisterBytes
        self.outputRegisterBytes = outputRegisterBytes
        self.outputBits = outputBits
        self.tileBufferBytes = tileBufferBytes
        self.tileOutputRegisterBytes = tileOutputRegisterBytes
        self.busWires = busWires
        self.activationUnitsPerTile = activationUnitsPerTile
        self.shiftAddUnitsPerTile = shiftAddUnitsPerTile
        self.poolingUnitsPerTile = poolingUnitsPerTile
        self.tilesPerRouter = tilesPerRouter
        self.offChipLinks = offChipLinks
        self.offChipLinkBitsPerSecond = offChipLinkBitsPerSecond
    }

    /// ISAAC as published (Shafiee et al., ISCA 2016, Table I and §V–VIII): 32 nm, 1.2 GHz,
    /// 100 ns cycle, 128×128 arrays of 2-bit cells, 16-bit weights and inputs, 1-bit DACs, one
    /// 8-bit 1.28 GS/s SAR ADC per array, 8 arrays and 4 shift-and-adds per IMA, 2 KB input and
    /// 256 B output registers, 12 IMAs per tile, 64 KB eDRAM with a 384-wire bus, 2 sigmoid
    /// units, 1 shift-and-add, 1 max-pool unit and a 3 KB output register per tile, a router
    /// shared by 4 tiles, 168 tiles and 4 HyperTransport links of 6.4 GB/s (the rate Accelergy's
    /// hwcomponents-library `isaac.py` gives ISAAC's chip-to-chip link). The calibration point
    /// of the component library (``ISAACCalibration``); `Experiments/architectures/isaac.json`
    /// holds the same organisation for runs.
    public static let isaac = ChipOrganization(
        name: "isaac", technologyNodeMetres: 32e-9, clockHz: 1.2e9, readCycleSeconds: 100e-9, arrayRows: 128, arrayColumns: 128,
        cellBits: 2, weightBits: 16, inputBits: 16, dacBits: 1, differentialWeights: false, adcBits: 8, adcArchitecture: .sar,
        adcSampleRateHz: 1.28e9, columnsPerADC: 128, arraysPerIMA: 8, imasPerTile: 12, tiles: 168, shiftAddUnitsPerIMA: 4,
        inputRegisterBytes: 2048, outputRegisterBytes: 256, outputBits: 16, tileBufferBytes: 65536,
        tileOutputRegisterBytes: 3072, busWires: 384, activationUnitsPerTile: 2, shiftAddUnitsPerTile: 1, poolingUnitsPerTile: 1,
        tilesPerRouter: 4, offChipLinks: 4, offChipLinkBitsPerSecond: 6.4e9 * 8)

    /// Cells that hold one weight: ⌈weightBits / cellBits⌉.
    public var cellsPerWeight: Int { (weightBits + cellBits - 1) / cellBits }

    /// Input slices per input: ⌈inputBits / dacBits⌉.
    public var slicesPerInput: Int { (inputBits + dacBits - 1) / dacBits }

    /// Columns converted per slice: all of them, or half with positive/negative pairs.
    public var sensedColumnsPerArray: Int { differentialWeights ? arrayColumns / 2 : arrayColumns }

    /// Weights (outputs) along one array row.
    public var weightsPerArrayRow: Int { sensedColumnsPerArray / cellsPerWeight }

    /// ADCs per array: ⌈sensed columns / columns per ADC⌉.
    public var adcsPerArray: Int { (sensedColumnsPerArray + columnsPerADC - 1) / columnsPerADC }

    /// Arrays on the chip.
    public var arrays: Int { arraysPerIMA * imasPerTile * tiles }

    /// Checks every field; throws ``CostModelError`` naming the field.
    public func validate() throws {
        let owner = "ChipOrganization(\(name))"
        try CostModelError.require(technologyNodeMetres, in: 7e-9...130e-9, owner: owner, field: "technologyNodeMetres")
        try CostModelError.requirePositive(clockHz, owner: owner, field: "clockHz")
        try CostModelError.requirePositive(readCycleSeconds, owner: owner, field: "readCycleSeconds")
        try CostModelError.requirePositive(adcSampleRateHz, owner: owner, field: "adcSampleRateHz")
        try CostModelError.requirePositive(offChipLinkBitsPerSecond, owner: owner, field: "offChipLinkBitsPerSecond")
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("arrayRows", arrayRows, 1...4096), ("arrayColumns", arrayColumns, 1...4096), ("cellBits", cellBits, 1...8),
            ("weightBits", weightBits, 1...32), ("inputBits", inputBits, 1...32), ("dacBits", dacBits, 1...8),
            ("adcBits", adcBits, 1...16), ("columnsPerADC", columnsPerADC, 1...4096), ("arraysPerIMA", arraysPerIMA, 1...4096),
            ("imasPerTile", imasPerTile, 1...4096), ("tiles", tiles, 1...1_000_000), ("shiftAddUnitsPerIMA", shiftAddUnitsPerIMA, 0...4096),
            ("inputRegisterBytes", inputRegisterBytes, 0...(1 << 30)), ("outputRegisterBytes", outputRegisterBytes, 0...(1 << 30)),
            ("outputBits", outputBits, 1...64), ("tileBufferBytes", tileBufferBytes, 0...(1 << 34)),
            ("tileOutputRegisterBytes", tileOutputRegisterBytes, 0...(1 << 30)), ("busWires", busWires, 0...1_000_000),
            ("activationUnitsPerTile", activationUnitsPerTile, 0...4096), ("shiftAddUnitsPerTile", shiftAddUnitsPerTile, 0...4096),
            ("poolingUnitsPerTile", poolingUnitsPerTile, 0...4096), ("tilesPerRouter", tilesPerRouter, 0...1_000_000),
            ("offChipLinks", offChipLinks, 0...1024),
        ]
        for (field, value, range) in ranges { try CostModelError.require(value, in: range, owner: owner, field: field) }
        guard sensedColumnsPerArray >= cellsPerWeight else {
            throw CostModelError.invalidParameter(
                owner: owner, field: "arrayColumns", value: "\(arrayColumns)",
                allowed: "at least one weight per row: \(cellsPerWeight * (differentialWeights ? 2 : 1)) columns or more")
        }
    }
}
