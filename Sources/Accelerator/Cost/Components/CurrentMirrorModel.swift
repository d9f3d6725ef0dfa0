import Circuit

/// The analog subtraction of a differential pair's negative column from its positive column
/// before sensing (`current-mirror`, under ``ReferenceSubtraction/currentMirror``: PRIME, whose
/// FF mats subtract the positive and negative crossbars' outputs in analog before the sense
/// amplifiers; none otherwise), taken as one current mirror per differential (sensed) column.
/// PRIME does not publish the circuit's energy in the sources reached; it is a closed form.
///
/// Energy: the mirror's output branch draws a copy of the negative column's current I_neg from
/// V_DD for the read time t (the device's read pulse, or the read cycle without a device),
/// E = V_DD·I_neg·t, with I_neg = Σ over the driven rows of G_i·V_i. One
/// ``Action/mirroredCellRead`` is one driven row's cell current mirrored for one read, priced
/// V_DD·V_read·G_mid·t with G_mid = (G_min + G_max)/2 of the device: the mid-level cell at the
/// top read level, the nominal cell of the arrays (``CellArrayModel``; an assumption that
/// overstates the mean negative cell, which sits at G_min under every positive weight). Without
/// a device, G_mid·V_read²·t is ISAAC's nominal cell read (Table I: 0.3 mW per 128×128 array at
/// 100 ns, P·T/(128·128) ≈ 1.83 fJ), so E = (V_DD/V_read)·P·T/(128·128), V_read the table's
/// `wordlineReadVolts` (NeuroSim V1.3's 0.5 V). V_DD is the chip node's
/// (``TechnologyScaling/supplyVolts(nodeMetres:)``).
///
/// Counted at pricing from the ledger (``derivedActions(_:_:)``): conversions × row drives /
/// converted slices, the layer's mean driven rows per array slice behind every converted
/// column (a row driven below the top level is charged as the top level, an upper bound as for
/// the wordline drivers, ``WordlineDriverModel``).
///
/// Area: PRIME's analog subtraction and sigmoid circuits add 29 % to an FF mat's area (Chi et
/// al., ISCA 2016, as summarised in the workload references: SUM-PRIME, secondary), taken on
/// the mat's cell area rows·columns·(cell area)·F² (`referenceSubtractionAreaFractionOfMat`,
/// `reramCrossbarCellAreaFeatureSquared`) and divided over the mat's sensed columns; all of it is
/// charged to the subtraction (PRIME does not split it; the sigmoid units a tile has are priced
/// separately, at ISAAC's 0.26 mW and 0.0003 mm² each). No static power (the mirror conducts only
/// while its column does). Latency: the read time.
struct CurrentMirrorModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] { ["referenceSubtractionAreaFractionOfMat", "reramCrossbarCellAreaFeatureSquared", "wordlineReadVolts"] }

    func count(_ o: ArchitectureSpec) -> Double {
        o.referenceSubtraction == .currentMirror ? Double(o.arraysPerIMA * o.sensedColumnsPerArray) : 0
    }

    func countLabel(_ o: ArchitectureSpec) -> String { count(o) > 0 ? "\(o.arraysPerIMA)×\(o.sensedColumnsPerArray)" : "0" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.mirroredCellRead: Double(activity.architecture.arrayRows) / activity.cycleSeconds]
    }

    /// Conversions × row drives / converted slices: the driven rows behind every converted column.
    func derivedActions(_ ledger: LayerLedger, _ architecture: ArchitectureSpec) -> [Action: Double] {
        guard ledger.convertedSlices > 0 else { return [:] }
        return [
            .mirroredCellRead: Double(ledger.actions[.adcConversion]) * Double(ledger.actions[.dacConversion]) / Double(ledger.convertedSlices)
        ]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, keys = figureKeys
        let (fraction, cell, volts) = (c.figure(keys[0]), c.figure(keys[1]), c.figure(keys[2]))
        let node = o.technologyNodeMetres
        let supply = try TechnologyScaling.supplyVolts(nodeMetres: node)
        let energy: Double, t: Double, rule: String
        if let device = c.device {
            t = device.readPulseSeconds
            energy = supply * device.readVoltageVolts * (device.conductanceMinSiemens + device.conductanceMaxSiemens) / 2 * t
            rule = "device \(device.name): V_DD·V_read·(G_min + G_max)/2·t"
        } else {
            let array = c.table.tableI[try c.table.component(named: "array")]!
            let isaac = c.table.architecture
            let cellRead = array.peakPowerWatts * isaac.readCycleSeconds / Double(isaac.arrayRows * isaac.arrayColumns)
            t = o.readCycleSeconds
            energy = supply / volts.value * cellRead
            rule = "V_DD/V_read × ISAAC's cell read P·T/(128·128); " + volts.source
        }
        let matArea = Double(o.arrayRows * o.arrayColumns) * cell.value * node * node
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: node, energyPerActionJoules: [.mirroredCellRead: energy], staticPowerWatts: 0,
            areaSquareMetres: fraction.value * matArea / Double(o.sensedColumnsPerArray), latencySeconds: t,
            source: "mirrored negative column: E = V_DD·I·t per driven row and read, " + rule
                + "; area a fraction of the mat's cells, per sensed column: " + [fraction, cell].map(\.source).joined(separator: "; "))
    }
}
