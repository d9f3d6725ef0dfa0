import Circuit

/// The digital input-sum units (`input-popcount`): one per array when the architecture takes
/// the offset scheme's Σx from a popcount of each input slice (``InputSumSource/digitalPopcount``),
/// none under ISAAC's analog unit column; one sum per converted slice, one read cycle per
/// action. The table's figures (an adder tree sized from Horowitz, ISSCC 2014, see
/// `Experiments/components/isaac.json`) scaled to the node.
struct InputPopcountModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double {
        o.signEncoding == .offset && o.inputSumSource == .digitalPopcount ? Double(o.arraysPerIMA) : 0
    }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.inputPopcount: 1 / activity.cycleSeconds] }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        try c.calibrated(latency: c.architecture.readCycleSeconds)
    }
}
