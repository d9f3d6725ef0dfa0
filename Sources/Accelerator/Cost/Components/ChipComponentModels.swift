import Circuit

/// The component models a table row can name in its `model` field. Adding a kind of component
/// is a new ``ChipComponentModel`` registered here plus rows in a component table.
public enum ChipComponentModels {
    /// Model name → model.
    public static let registry: [String: any ChipComponentModel] = [
        "column-adc": ColumnADCModel(),
        "row-dac": RowDACModel(),
        "sample-and-hold": SampleAndHoldModel(),
        "cell-array": CellArrayModel(),
        "ima-shift-add": IMAShiftAddModel(),
        "input-popcount": InputPopcountModel(),
        "input-register": StorageModel.inputRegister,
        "output-register": StorageModel.outputRegister,
        "edram": StorageModel.tileBuffer,
        "tile-output-register": StorageModel.tileOutputRegister,
        "bus": TileBusModel(),
        "router": RouterModel(),
        "activation-unit": TileOutputUnitModel(action: .activation, units: \.activationUnitsPerTile),
        "partial-sum-adder": TileOutputUnitModel(action: .partialSumAdd, units: \.shiftAddUnitsPerTile),
        "pooling-unit": TileOutputUnitModel(action: .poolingComparison, units: \.maxPoolUnitsPerTile),
        "link": OffChipLinkModel(),
        "digital-operation-unit": DigitalOperationUnitModel(),
        "memory-bus": MemoryBusModel(),
        "buffer-subarray": BufferSubarrayModel(),
        "wordline-driver": WordlineDriverModel(),
        "column-mux": ColumnMultiplexerModel(),
        "wordline-switch-matrix": WordlineSwitchMatrixModel(),
        "adder-tree": AdderTreeModel(),
        "column-sensing": ColumnSensingModel(),
        "current-mirror": CurrentMirrorModel(),
    ]
}
