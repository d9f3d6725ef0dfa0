import Circuit

/// The counting functions of the ledger: every action the executor records for a matrix layer
/// comes from here (the network-level ones from ``ChipLedger``), following the conventions of
/// `Action+Chip.swift`.
extension LayerLedger {
    /// The actions of one converted input slice on one array holding `outputs` outputs of
    /// `encoding` on `weightRows` of its rows: the slice's code of every weight row read from the
    /// input register (`bitsPerSlice` bits each), a cell read per driven cell of the array's
    /// `arrayColumns`, a sample-and-hold and an ADC conversion per sensed column, a shift-and-add
    /// per data column (and per output for the unit column of the offset scheme). The row DACs
    /// depend on the codes and are counted by ``addRowDrives(_:arrays:)``.
    /// A unit column replaced by a digital popcount (``InputSumSource/digitalPopcount``) is not
    /// sensed: one sample-and-hold and one conversion less, one ``Action/inputPopcount`` more.
    static func actionsPerSlice(
        weightRows: Int, outputs: Int, encoding: WeightEncoding, arrayColumns: Int, bitsPerSlice: Int, inputSum: InputSumSource
    ) -> ActionCounts {
        let hasUnitColumn = encoding.sign == .offset
        let sensed = encoding.sensedColumns(outputs: outputs)
        let popcount = hasUnitColumn && inputSum == .digitalPopcount ? 1 : 0
        var counts: [Action: Int] = [
            .inputRegisterBitRead: weightRows * bitsPerSlice, .cellRead: weightRows * arrayColumns,
            .sampleAndHold: sensed - popcount, .adcConversion: sensed - popcount,
            .shiftAdd: encoding.slicesPerWeight * outputs + (hasUnitColumn ? outputs : 0),
        ]
        if popcount > 0 { counts[.inputPopcount] = popcount }
        return ActionCounts(counts)
    }

    /// Records `slices` input slices converted on `core`, whose block has `rows` weight rows.
    mutating func addConvertedSlices(_ slices: Int, on core: CrossbarCore, rows: Int) {
        let weights = core.weights
        addConvertedSlices(
            slices, weightRows: weights.weightRows, outputs: weights.outputs, encoding: weights.encoding, arrayColumns: core.arrayColumns,
            bitsPerSlice: core.slicing.bitsPerSlice, inputSum: core.inputSum)
    }

    /// Records `slices` input slices converted on an array of `arrayColumns` columns holding
    /// `outputs` outputs of `encoding` on `weightRows` rows (``actionsPerSlice(weightRows:outputs:encoding:arrayColumns:bitsPerSlice:inputSum:)``).
    mutating func addConvertedSlices(
        _ slices: Int, weightRows: Int, outputs: Int, encoding: WeightEncoding, arrayColumns: Int, bitsPerSlice: Int, inputSum: InputSumSource
    ) {
        let perSlice = Self.actionsPerSlice(
            weightRows: weightRows, outputs: outputs, encoding: encoding, arrayColumns: arrayColumns, bitsPerSlice: bitsPerSlice, inputSum: inputSum)
        for (action, count) in perSlice.counts { actions.add(action, count * slices) }
        convertedSlices += slices
        sliceMultiplyAccumulates += slices * weightRows * encoding.sensedColumns(outputs: outputs)
    }

    /// Records the row DACs that switch for `inputs` on `arrays` arrays sharing their rows: one
    /// ``Action/dacConversion`` per row and slice whose code is non-zero, on each array (a DAC
    /// whose code is 0 leaves its row at 0 V; ``RowDACModel``).
    mutating func addRowDrives(_ inputs: SlicedInputs, arrays: Int) {
        let nonZero = inputs.codes.withUnsafeBufferPointer { codes in codes.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        actions.add(.dacConversion, nonZero * arrays)
    }

    /// Records `count` input vectors of `inputBits`-bit values entering a row block of `rows`
    /// weight rows held by `imas` IMAs.
    mutating func addBlockInputs(vectors count: Int, rows: Int, inputBits: Int, imas: Int) {
        actions.add(.inputRegisterBitWrite, count * rows * inputBits * imas)
    }

    /// Records the chip actions around the arrays for `count` vectors of a layer with `outputs`
    /// outputs over `rowBlocks` row blocks, once the arrays' actions are in: the inputs read
    /// from the tile buffer, the partial sums (`outputBits` wide) through the
    /// output registers, the buffer and the bus, their additions across row blocks, the
    /// activations and the tile output register.
    mutating func addChipActions(vectors count: Int, outputs: Int, rowBlocks: Int, outputBits: Int) {
        let inputBits = actions[.inputRegisterBitWrite]
        actions.add(.tileBufferBitRead, inputBits)
        let partialSumBits = count * outputs * rowBlocks * outputBits
        actions.add(.outputRegisterBitWrite, partialSumBits)
        actions.add(.outputRegisterBitRead, partialSumBits)
        actions.add(.tileBufferBitWrite, partialSumBits)
        actions.add(.busBitTransfer, inputBits + partialSumBits)
        actions.add(.partialSumAdd, count * outputs * (rowBlocks - 1))
        actions.add(.activation, count * outputs)
        actions.add(.tileOutputRegisterBitWrite, count * outputs * outputBits)
        actions.add(.tileOutputRegisterBitRead, count * outputs * outputBits)
    }
}
