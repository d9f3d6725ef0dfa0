extension ChipOrganization {
    /// The cost view of an architecture spec. The spec's fields map one to one, except:
    /// weights are differential when the sign encoding is; the tile buffer is the eDRAM and
    /// the bus has ``ArchitectureSpec/imaBusWidthBits`` wires.
    ///
    /// Peak throughput counts every sensed column as holding weights (ISAAC's 16 weights per
    /// 128-column row), as the paper does; Crossbar's offset encoding spends two columns per
    /// array on the unit and reference columns, so its mapper places 15.
    public init(architecture a: ArchitectureSpec) {
        self.init(
            name: a.name, technologyNodeMetres: a.technologyNodeMetres, clockHz: a.clockHz, readCycleSeconds: a.readCycleSeconds,
            arrayRows: a.arrayRows, arrayColumns: a.arrayColumns, cellBits: a.bitsPerCell, weightBits: a.weightBits, inputBits: a.inputBits,
            dacBits: a.dacBits, differentialWeights: a.signEncoding == .differential, adcBits: a.adcBits, adcArchitecture: a.adcArchitecture,
            adcSampleRateHz: a.adcSampleRateHz, columnsPerADC: a.columnsPerADC, arraysPerIMA: a.arraysPerIMA, imasPerTile: a.imasPerTile,
            tiles: a.tilesPerChip, shiftAddUnitsPerIMA: a.shiftAddUnitsPerIMA, inputRegisterBytes: a.inputRegisterBytesPerIMA,
            outputRegisterBytes: a.outputRegisterBytesPerIMA, outputBits: a.imaOutputBits, tileBufferBytes: a.edramBytesPerTile,
            tileOutputRegisterBytes: a.outputRegisterBytesPerTile, busWires: a.imaBusWidthBits, activationUnitsPerTile: a.activationUnitsPerTile,
            shiftAddUnitsPerTile: a.shiftAddUnitsPerTile, poolingUnitsPerTile: a.maxPoolUnitsPerTile, tilesPerRouter: a.tilesPerRouter,
            offChipLinks: a.offChipLinks, offChipLinkBitsPerSecond: a.offChipLinkBytesPerSecond * 8)
    }
}
