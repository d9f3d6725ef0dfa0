/// What follows from an architecture's parameters for its organisation: how weights and inputs
/// split over cells and slices, what one array senses and converts, and how long one input
/// slice takes. The cost model, the peak activity and the performance estimate read these.
///
/// Peak figures count every sensed column as holding weights (ISAAC's 16 weights per 128-column
/// row), as the paper does; Crossbar's offset encoding spends two columns per array on the unit
/// and reference columns, so its mapper places 15.
extension ArchitectureSpec {
    /// Cells that hold one weight: ⌈weightBits / bitsPerCell⌉.
    public var cellsPerWeight: Int { (weightBits + bitsPerCell - 1) / bitsPerCell }

    /// Input slices per input: ⌈inputBits / dacBits⌉.
    public var slicesPerInput: Int { (inputBits + dacBits - 1) / dacBits }

    /// Whether weights use positive/negative column pairs (PRIME), which halves the weights and
    /// the sensed columns per array.
    public var differentialWeights: Bool { signEncoding == .differential }

    /// Columns converted per slice: all of them, or half with positive/negative pairs.
    public var sensedColumnsPerArray: Int { differentialWeights ? arrayColumns / 2 : arrayColumns }

    /// Weights (outputs) along one array row.
    public var weightsPerArrayRow: Int { sensedColumnsPerArray / cellsPerWeight }

    /// ADCs per array: ⌈sensed columns / columns per ADC⌉.
    public var adcsPerArray: Int { (sensedColumnsPerArray + columnsPerADC - 1) / columnsPerADC }

    /// Capacity of a tile's Buffer subarrays, bytes: each as many single-level mats as an FF
    /// subarray (``BufferSubarrayModel``), one bit per cell.
    public var bufferSubarrayBytesPerTile: Int { bufferSubarraysPerTile * arraysPerIMA * arrayRows * arrayColumns / 8 }

    /// Rated bandwidth of one off-chip link, bits per second.
    public var offChipLinkBitsPerSecond: Double { offChipLinkBytesPerSecond * 8 }

    /// One input slice on an array whose busiest ADC converts `conversionsPerADC` columns:
    /// max(read cycle, conversions / f_s), seconds — the read of one slice overlaps the
    /// conversions of the previous one (ISAAC: 128 columns at 1.28 GS/s, 100 ns).
    public func sliceSeconds(conversionsPerADC: Int) -> Double {
        max(readCycleSeconds, Double(conversionsPerADC) / adcSampleRateHz)
    }
}
