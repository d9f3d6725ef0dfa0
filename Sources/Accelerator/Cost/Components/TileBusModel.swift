import Circuit

/// The bus between the tile buffer and the IMAs (`bus`): carries every bit between them, one
/// clock cycle per action; energy per bit as the table's, area and leakage ∝ its wires.
struct TileBusModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { o.imaBusWidthBits > 0 ? 1 : 0 }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.imaBusWidthBits) wires)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.busBitTransfer: activity.tileTrafficBitsPerSecond] }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let (o, isaac) = (c.architecture, c.table.architecture)
        let wires = Double(o.imaBusWidthBits) / Double(isaac.imaBusWidthBits)
        return try c.calibrated(
            factors: (1, wires, wires), latency: 1 / o.clockHz,
            note: o.imaBusWidthBits == isaac.imaBusWidthBits ? "" : "; area and leakage × \(o.imaBusWidthBits)/\(isaac.imaBusWidthBits) wires")
    }
}
