import Circuit

/// The current mirrors that subtract a differential pair's negative column from its positive
/// column before sensing (`current-mirror`, under ``ReferenceSubtraction/currentMirror``, PRIME;
/// none otherwise): one per differential (sensed) column. The mirror's output branch draws a
/// copy of the negative column's current I_neg from V_DD for the read time t (the device's
/// read pulse, or the read cycle without a device): E = V_DD·I_neg·t, with I_neg = Σ over the
/// driven rows of G_i·V_i.
///
/// Data-dependent through the ledger's row drives, not its currents (the ledger carries the
/// arrays' read energy, not the column currents): the action ``Action/mirroredCellRead`` is one
/// driven row's cell current mirrored for one read, priced V_DD·V_read·G_mid·t with
/// G_mid = (G_min + G_max)/2 of the device (a mid-level negative cell at the top read level);
/// a layer counts conversions × (row drives / converted slices) of them, its mean driven rows
/// per array slice for every converted column (layer averages; a row driven below the top
/// level is charged as the top level, an upper bound as for the row drivers). Without a
/// device, G_mid·V_read²·t is ISAAC's nominal cell read (Table I: P·T/(128·128)) with V_read
/// the table's `wordlineReadVolts`. No static power (the mirror conducts only when its column
/// does). Area: `currentMirrorAreaFeatureSquared`·F² at the chip's node (a cascode mirror's
/// four transistors). Latency: the read time.
struct CurrentMirrorModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] { ["currentMirrorAreaFeatureSquared", "wordlineReadVolts"] }

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
        let (area, volts) = (c.figure(keys[0]), c.figure(keys[1]))
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
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: node, energyPerActionJoules: [.mirroredCellRead: energy], staticPowerWatts: 0,
            areaSquareMetres: area.value * node * node, latencySeconds: t,
            source: "mirrored negative column: E = V_DD·I·t per driven row and read, " + rule + "; " + area.source)
    }
}
