import Circuit

/// The router of the on-chip network (`router`), shared by `tilesPerRouter` tiles (1/n per
/// tile): carries the tile traffic of each tile it serves (Accelergy's assumption for ISAAC:
/// router bandwidth = the tile's eDRAM bandwidth), one clock cycle per action.
struct RouterModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { o.tilesPerRouter > 0 ? 1 / Double(o.tilesPerRouter) : 0 }

    func countLabel(_ o: ArchitectureSpec) -> String { o.tilesPerRouter > 1 ? "1/\(o.tilesPerRouter)" : "\(Int(count(o)))" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.routerBitTransfer: activity.tileTrafficBitsPerSecond * Double(activity.architecture.tilesPerRouter)]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures { try c.calibrated(latency: 1 / c.architecture.clockHz) }
}
