import Circuit

/// The IMA's shift-and-add units (`ima-shift-add`): one add per ADC result, shared by the
/// IMA's units, one clock cycle per action; the table's figures scaled to the node.
struct IMAShiftAddModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { Double(o.shiftAddUnitsPerIMA) }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        let o = activity.architecture
        let results = Double(o.arraysPerIMA) * Double(o.sensedColumnsPerArray) / activity.cycleSeconds
        return [.shiftAdd: activity.shared(results, by: o.shiftAddUnitsPerIMA)]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures { try c.calibrated(latency: 1 / c.architecture.clockHz) }
}
