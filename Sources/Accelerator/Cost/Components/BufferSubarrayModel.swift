import Circuit

/// PRIME's Buffer subarray (`buffer-subarray`): a subarray of the bank kept in memory mode
/// (single-level cells, 1-bit reads) that buffers the data between the bank's FF subarrays,
/// where ISAAC has its eDRAM tile buffer. ``ArchitectureSpec/bufferSubarraysPerTile`` per tile
/// (a bank); it prices the tile buffer's actions (``Action/tileBufferBitRead``,
/// ``Action/tileBufferBitWrite``), at the eDRAM's peak rates (``StorageModel/tileBuffer``).
///
/// Closed forms, per bit:
/// - read: the cell in its low-resistance state conducts V_read²/R_on for one read pulse t_read
///   (an upper bound: a 0 bit in the high-resistance state draws R_on/R_off of it), plus one
///   sense decision, a comparator of the flash converter's figures (``ADCFigures``) scaled to
///   the chip's node: E_read = V_read²·t_read/R_on + E_comparator;
/// - write: the table's SLC write energy per bit (a device figure), not scaled with the node;
/// - area: the subarray's cells, as many mats of ``ArchitectureSpec/arrayRows`` ×
///   ``ArchitectureSpec/arrayColumns`` as an FF subarray has (``ArchitectureSpec/arraysPerIMA``),
///   each cell `cellAreaFeatureSquared`·F²; its decoders and sense amplifiers are not counted;
/// - no static power: the cells are non-volatile and the periphery's leakage is not modelled;
/// - one read pulse per action.
struct BufferSubarrayModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] {
        [
            "bufferSubarrayReadVolts", "bufferSubarrayCellOnOhms", "bufferSubarrayReadPulseSeconds", "bufferSubarrayWriteEnergyJoules",
            "reramCrossbarCellAreaFeatureSquared",
        ]
    }

    func count(_ o: ArchitectureSpec) -> Double { Double(o.bufferSubarraysPerTile) }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (SLC)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { StorageModel.tileBuffer.peakActionsPerSecond(activity) }

    /// Energy of one bit read, V_read²·t_read/R_on + E_comparator, joules.
    static func readEnergyJoules(readVolts: Double, onOhms: Double, pulseSeconds: Double, comparatorJoules: Double) -> Double {
        readVolts * readVolts * pulseSeconds / onOhms + comparatorJoules
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        let keys = figureKeys
        let (volts, ohms, pulse, write, cell) = (c.figure(keys[0]), c.figure(keys[1]), c.figure(keys[2]), c.figure(keys[3]), c.figure(keys[4]))
        let adc = c.table.adc
        let comparator = adc.comparatorEnergyJoules
            * (try TechnologyScaling.energyFactor(fromNodeMetres: adc.comparatorNodeMetres, toNodeMetres: o.technologyNodeMetres, rule: .cmos))
        let read = Self.readEnergyJoules(readVolts: volts.value, onOhms: ohms.value, pulseSeconds: pulse.value, comparatorJoules: comparator)
        let cells = Double(o.arraysPerIMA * o.arrayRows * o.arrayColumns)
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: o.technologyNodeMetres,
            energyPerActionJoules: [.tileBufferBitRead: read, .tileBufferBitWrite: write.value], staticPowerWatts: 0,
            areaSquareMetres: cells * cell.value * o.technologyNodeMetres * o.technologyNodeMetres, latencySeconds: pulse.value,
            source: "ReRAM SLC subarray: read V²·t/R_on + one comparator decision (NeuroSim V1.3 MultilevelSenseAmp, scaled to the node), write per bit, area cells × F²: "
                + [volts, ohms, pulse, write, cell].map(\.source).joined(separator: "; "))
    }
}
