import Circuit

/// The adders of a tile's adder trees (`adder-tree`): ``ArchitectureSpec/adderTreeAddersPerTile``
/// of them (0 on architectures whose tile shift-and-add units add partial sums), sharing the
/// tile's outputs; each ``Action/partialSumAdd`` (two partial outputs of a layer split across
/// row blocks) is one ``ArchitectureSpec/imaOutputBits``-bit addition. Not in ISAAC's Table I:
/// DNN+NeuroSim V1.3's `Adder` in its `AdderTree`s (``NeuroSimCircuitFigures/adderJoules(bits:)``,
/// with its switching activity 0.15) at 22 nm, scaled to the chip's node by the CMOS rule; no
/// leakage (NeuroSim's gate leakage is left out); area ``HorowitzFigures/adderAreaSquareMetres(bits:)``
/// (ISAAC's shift-and-add per bit) scaled to the node; one clock cycle per action.
struct AdderTreeModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    func count(_ o: ArchitectureSpec) -> Double { Double(o.adderTreeAddersPerTile) }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.imaOutputBits)-bit)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.partialSumAdd: activity.shared(activity.tileOutputsPerSecond, by: activity.architecture.adderTreeAddersPerTile)]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, bits = o.imaOutputBits
        let area = try TechnologyScaling.areaFactor(
            fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: NeuroSimCircuitFigures.technologyNodeMetres, rule: .cmos)
        return try NeuroSimCircuitFigures.figures(
            c, action: .partialSumAdd, joules: NeuroSimCircuitFigures.adderJoules(bits: bits),
            areaSquareMetres: HorowitzFigures.adderAreaSquareMetres(bits: bits) * area, latencySeconds: 1 / o.clockHz,
            source: "DNN+NeuroSim V1.3 Adder.cpp: \(bits)-bit ripple-carry NAND2 adder, δ·V_dd²·[(14·C_in + 7·C_out) + (b − 1)·(13·C_in + 7·C_out)], "
                + "δ = 0.15 (22 nm LSTP); area: ISAAC's shift-and-add per bit (Table I)")
    }
}
