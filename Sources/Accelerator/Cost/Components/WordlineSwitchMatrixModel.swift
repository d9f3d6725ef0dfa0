import Circuit

/// The word-line switch matrices (`wordline-switch-matrix`) of an architecture whose rows are
/// driven by one (``RowDriver/switchMatrix``; none otherwise): one per array, `arrayRows` rows
/// each. A row switches when its input bit is 1 (NeuroSim's `activityRowRead`), so the matrix
/// prices the row's ``Action/dacConversion`` (one per row and slice whose code is non-zero,
/// ``LayerLedger/addRowDrives(_:arrays:)``). Not in ISAAC's Table I: DNN+NeuroSim V1.3's
/// `NewSwitchMatrix` (``NeuroSimCircuitFigures/switchMatrixRowJoules(readVolts:)``, minimum
/// transmission gates) at 22 nm with the device's read voltage, scaled to the chip's node by the
/// CMOS rule; no leakage (NeuroSim's leaks only in its latches, which here are the input
/// register); area three transmission gates per row; one read cycle per action.
struct WordlineSwitchMatrixModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    func count(_ o: ArchitectureSpec) -> Double { o.rowDriver == .switchMatrix ? Double(o.arraysPerIMA) : 0 }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.arrayRows) rows)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.dacConversion: Double(activity.architecture.arrayRows) / activity.cycleSeconds]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, volts = NeuroSimCircuitFigures.readVolts(c)
        return try NeuroSimCircuitFigures.figures(
            c, action: .dacConversion, joules: NeuroSimCircuitFigures.switchMatrixRowJoules(readVolts: volts),
            areaSquareMetres: Double(3 * o.arrayRows) * NeuroSimCircuitFigures.transmissionGateAreaSquareMetres,
            latencySeconds: o.readCycleSeconds,
            source: "DNN+NeuroSim V1.3 NewSwitchMatrix.cpp: 2·C_d·V_access² + 5·C_d·V_read² + 3·(C_g,n + C_g,p)·V_dd² per driven row "
                + "(22 nm LSTP, minimum transmission gates, V_read \(volts) V), 3 transmission gates of 40 F² per row (assumption)")
    }
}
