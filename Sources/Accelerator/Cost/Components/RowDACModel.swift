import Circuit

/// The row DACs (`row-dac`): one per array row, one conversion per cycle; a d-bit DAC costs
/// (2^d − 1) of the table's 1-bit DACs in energy, leakage and area; one read cycle per action.
struct RowDACModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { Double(o.arraysPerIMA * o.arrayRows) }

    func countLabel(_ o: ArchitectureSpec) -> String { "\(o.arraysPerIMA)×\(o.arrayRows)" }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.dacBits)-bit)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.dacConversion: 1 / activity.cycleSeconds] }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        let elements = Double((1 << o.dacBits) - 1)
        return try c.calibrated(
            factors: (elements, elements, elements), latency: o.readCycleSeconds,
            note: o.dacBits == 1 ? "" : "; \(o.dacBits)-bit = \(Int(elements)) unit elements")
    }
}
