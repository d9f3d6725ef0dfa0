import Circuit

/// The row DACs (`row-dac`): one per array row (none when a switch matrix drives the rows,
/// ``RowDriver/switchMatrix``), one conversion per cycle; a d-bit DAC costs
/// (2^d − 1) of the table's 1-bit DACs in energy, leakage and area; one read cycle per action.
///
/// Switching rule: a DAC is charged one ``Action/dacConversion`` for each slice in which its
/// output is non-zero, i.e. the row line is driven to a non-zero voltage and returned to 0 V.
/// ISAAC's 1-bit DAC is an inverter driving the row (Shafiee et al., ISCA 2016): its dynamic
/// energy is C_row·V² per pulse, and a slice whose bit is 0 leaves the row at 0 V, so it draws
/// nothing. The row is taken as returned to 0 V after every read (assumption: pulsed reads, as
/// the array's read energy Σ V²·G·t per slice assumes), so consecutive 1s each cost a pulse;
/// charging only when the bit changes would undercount them. A multi-bit DAC likewise: its unit
/// elements (2^d − 1 energy units, the peak figure) switch only for a non-zero code; a code
/// below full scale is charged as full scale (an upper bound: the elements' share that stays
/// off is not modelled). Peak figures (ISAAC
/// Table I/IV, `crossbar cost`) keep every DAC switching every cycle; a run counts its codes
/// (``LayerLedger/addRowDrives(_:arrays:)``).
///
/// None under ``RowDriver/multiLevelWordlineDriver`` (PRIME's drivers, ``WordlineDriverModel``).
struct RowDACModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { o.rowDriver == .dac ? Double(o.arraysPerIMA * o.arrayRows) : 0 }

    func countLabel(_ o: ArchitectureSpec) -> String { o.rowDriver == .dac ? "\(o.arraysPerIMA)×\(o.arrayRows)" : "0" }

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
