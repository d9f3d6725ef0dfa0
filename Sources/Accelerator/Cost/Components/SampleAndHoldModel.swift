import Circuit

/// The column sample-and-holds (`sample-and-hold`): one per sensed column (none when a
/// multiplexer connects the columns to the ADC, ``ColumnReadout/multiplexer``), one capture per
/// cycle, 1/f_s per action; the table's figures scaled to the node.
struct SampleAndHoldModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double {
        o.columnReadout == .sampleAndHold ? Double(o.arraysPerIMA * o.sensedColumnsPerArray) : 0
    }

    func countLabel(_ o: ArchitectureSpec) -> String {
        o.columnReadout == .sampleAndHold ? "\(o.arraysPerIMA)×\(o.sensedColumnsPerArray)" : "0"
    }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.sampleAndHold: 1 / activity.cycleSeconds] }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        try c.calibrated(latency: 1 / c.architecture.adcSampleRateHz)
    }
}
