import Circuit

/// PRIME's wordline drivers with multi-level voltage (`wordline-driver`, under
/// ``RowDriver/multiLevelWordlineDriver``): one per array row, each setting its row to one of
/// 2^d voltage levels for a d-bit input slice; one read cycle per action.
///
/// Energy, the closed form of charging a wire: the row is a wire across
/// ``ArchitectureSpec/arrayColumns`` cells of pitch p·F (a crossbar cell of 4F² has p = 2) with
/// capacitance c per metre, C_row = columns·p·F·c; driven from the supply V_DD(F)
/// (``TechnologyScaling/supplyVolts(nodeMetres:)``) to the top level V_read it draws the charge
/// C_row·V_read from V_DD: E = C_row·V_read·V_DD, returned to 0 V after the read. Switching
/// rule, as the row DAC's: one ``Action/dacConversion`` for each slice whose code is non-zero,
/// charged as full scale (an upper bound: a lower level draws V_level/V_read of it). The current
/// through the cells is the array's read energy, not the driver's. Not modelled: the driver's
/// own gate capacitance and the reference that sets the levels (shared by a mat).
///
/// Area: the drivers' share of a mat as PRIME states it (the multi-level drivers add a
/// fraction of the FF mat's area), on the mat's cell area rows·columns·(cell area)·F², per row.
/// No static power (the level reference is not modelled).
struct WordlineDriverModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] {
        [
            "wordlineWireCapacitanceFaradsPerMetre", "wordlineCellPitchFeatures", "wordlineReadVolts", "wordlineDriverAreaFractionOfMat",
            "reramCrossbarCellAreaFeatureSquared",
        ]
    }

    func count(_ o: ArchitectureSpec) -> Double { o.rowDriver == .multiLevelWordlineDriver ? Double(o.arraysPerIMA * o.arrayRows) : 0 }

    func countLabel(_ o: ArchitectureSpec) -> String { count(o) > 0 ? "\(o.arraysPerIMA)×\(o.arrayRows)" : "0" }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.dacBits)-bit)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.dacConversion: 1 / activity.cycleSeconds] }

    /// Energy of one drive, C_row·V_read·V_DD with C_row = columns·pitch·F·c, joules.
    static func driveEnergyJoules(
        columns: Int, pitchFeatures: Double, nodeMetres: Double, faradsPerMetre: Double, readVolts: Double, supplyVolts: Double
    ) -> Double {
        Double(columns) * pitchFeatures * nodeMetres * faradsPerMetre * readVolts * supplyVolts
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        let keys = figureKeys
        let (wire, pitch, volts, fraction, cell) = (c.figure(keys[0]), c.figure(keys[1]), c.figure(keys[2]), c.figure(keys[3]), c.figure(keys[4]))
        let node = o.technologyNodeMetres
        let energy = Self.driveEnergyJoules(
            columns: o.arrayColumns, pitchFeatures: pitch.value, nodeMetres: node, faradsPerMetre: wire.value, readVolts: volts.value,
            supplyVolts: try TechnologyScaling.supplyVolts(nodeMetres: node))
        let matArea = Double(o.arrayRows * o.arrayColumns) * cell.value * node * node
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: node, energyPerActionJoules: [.dacConversion: energy], staticPowerWatts: 0,
            areaSquareMetres: fraction.value * matArea / Double(o.arrayRows), latencySeconds: o.readCycleSeconds,
            source: "row wire charged to V_read from V_DD: E = columns·pitch·F·c·V_read·V_DD; area a fraction of the mat's cells, per row: "
                + [wire, pitch, volts, fraction, cell].map(\.source).joined(separator: "; "))
    }
}
