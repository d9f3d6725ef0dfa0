import Circuit

/// The column multiplexers (`column-mux`) of an architecture whose columns reach their ADC
/// through one (``ColumnReadout/multiplexer``; none otherwise): one `columnsPerADC`:1 multiplexer
/// per ADC, which connects each sensed column to the ADC once per slice, so it prices the
/// column's ``Action/sampleAndHold`` action (one per sensed column and slice; there is no
/// sample-and-hold on such an architecture). Not in ISAAC's Table I: DNN+NeuroSim V1.3's `Mux`
/// (``NeuroSimCircuitFigures/multiplexerSelectionJoules(readVolts:)``, minimum transmission
/// gates) at 22 nm with the device's read voltage, scaled to the chip's node by the CMOS rule;
/// no leakage (NeuroSim: "assuming TG do not have leakage"); area one transmission gate per
/// input; one conversion time per action.
struct ColumnMultiplexerModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    func count(_ o: ArchitectureSpec) -> Double { o.columnReadout == .multiplexer ? Double(o.arraysPerIMA * o.adcsPerArray) : 0 }

    func countLabel(_ o: ArchitectureSpec) -> String { o.columnReadout == .multiplexer ? "\(o.arraysPerIMA)×\(o.adcsPerArray)" : "0" }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.columnsPerADC):1)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.sampleAndHold: activity.conversionsPerADC / activity.cycleSeconds]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, volts = NeuroSimCircuitFigures.readVolts(c)
        return try NeuroSimCircuitFigures.figures(
            c, action: .sampleAndHold, joules: NeuroSimCircuitFigures.multiplexerSelectionJoules(readVolts: volts),
            areaSquareMetres: Double(o.columnsPerADC) * NeuroSimCircuitFigures.transmissionGateAreaSquareMetres,
            latencySeconds: 1 / o.adcSampleRateHz,
            source: "DNN+NeuroSim V1.3 Mux.cpp: C_g,n·V_dd² + 2·C_d·V_read² per selection (22 nm LSTP, minimum transmission gates, "
                + "V_read \(volts) V), \(o.columnsPerADC) transmission gates of 40 F² (assumption)")
    }
}
