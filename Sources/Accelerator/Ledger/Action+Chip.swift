import Circuit

/// The actions of the chip beyond one array's periphery, as the executor counts them and a chip
/// cost model prices them. Storage and transfers are counted in **bits**, so any bit width
/// prices right. Counting conventions (``ChipLedger`` follows them exactly):
/// - an input bit is written into an IMA's input register once when it arrives (once per IMA
///   holding arrays of that input's row block) and read once per input slice the DACs of an
///   array converts, zero codes included (``inputRegisterBitWrite``; ``inputRegisterBitRead`` =
///   weight rows × converted slices × DAC bits, per array);
/// - an IMA's output (the shift-and-added partial sum of one array, ``ArchitectureSpec/imaOutputBits``
///   wide) is written into its output register once and read once when it leaves the IMA;
/// - the tile buffer (eDRAM) is read for every input bit sent to an IMA and written for every
///   output bit received from one; each of those bits crosses the tile bus once;
/// - a bit between two tiles passes the routers of its route over the mesh (``routerBitTransfer``
///   per bit per router passed: |Δx| + |Δy| + 1 on ``NetworkOnChip``'s grid, so 1 between tiles
///   that share a router), a bit from or to the off-chip links those between its tile and router
///   0; a bit entering or leaving the chip crosses the off-chip link once; on a
///   chip without routers (``ArchitectureSpec/tilesPerRouter`` 0, PRIME's banks of a memory
///   chip, which have no path to one another but the chip's data pins) a bit between tiles
///   crosses the off-chip interface twice, out to the memory controller and back, and no router;
/// - ``partialSumAdd``: one addition of two partial outputs of a layer split across row blocks
///   (the tile's shift-and-add unit); ``activation``: one output value through the activation
///   and requantization unit (every Conv2D/Dense output and every residual-add output);
///   ``poolingComparison``: one comparison (max pooling) or addition (average pooling) of a
///   window (k² − 1 per pooled value); the tile output register holds each final output once
///   (written and read, ``ArchitectureSpec/imaOutputBits`` wide);
/// - ``digitalAdd`` and ``digitalMultiply``: the integer operations of the tile's digital
///   operation unit on ``ArchitectureSpec/inputBits``-wide values for the non-matrix operators
///   (element-wise arithmetic, requantization, average divisors; counted per operator in
///   `ChipLedger+DigitalOperations.swift`).
extension Action {
    /// One bit written into an IMA input register.
    public static let inputRegisterBitWrite = Action("inputRegisterBitWrite")
    /// One bit read from an IMA input register (to a DAC).
    public static let inputRegisterBitRead = Action("inputRegisterBitRead")
    /// One bit written into an IMA output register.
    public static let outputRegisterBitWrite = Action("outputRegisterBitWrite")
    /// One bit read from an IMA output register.
    public static let outputRegisterBitRead = Action("outputRegisterBitRead")
    /// One bit written into the tile buffer (ISAAC's eDRAM).
    public static let tileBufferBitWrite = Action("tileBufferBitWrite")
    /// One bit read from the tile buffer.
    public static let tileBufferBitRead = Action("tileBufferBitRead")
    /// One bit moved over the tile bus between the tile buffer and an IMA.
    public static let busBitTransfer = Action("busBitTransfer")
    /// One bit through one router (a hop of the on-chip network).
    public static let routerBitTransfer = Action("routerBitTransfer")
    /// One bit over the off-chip link (into or out of the chip).
    public static let offChipBitTransfer = Action("offChipBitTransfer")
    /// One addition of two partial outputs in a tile's shift-and-add unit.
    public static let partialSumAdd = Action("partialSumAdd")
    /// One output value through the activation (ReLU/sigmoid) and requantization unit.
    public static let activation = Action("activation")
    /// One comparison of max pooling.
    public static let poolingComparison = Action("poolingComparison")
    /// One addition, subtraction or comparison of two values in a tile's digital operation unit.
    public static let digitalAdd = Action("digitalAdd")
    /// One multiplication of two values in a tile's digital operation unit.
    public static let digitalMultiply = Action("digitalMultiply")
    /// One bit written into the tile output register.
    public static let tileOutputRegisterBitWrite = Action("tileOutputRegisterBitWrite")
    /// One bit read from the tile output register.
    public static let tileOutputRegisterBitRead = Action("tileOutputRegisterBitRead")
}
