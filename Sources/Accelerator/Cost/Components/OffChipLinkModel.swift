import Circuit

/// The off-chip links (`link`, ISAAC: HyperTransport; none under
/// ``OffChipInterface/memoryBus``): each at its rated bandwidth, one bit time per action; energy
/// per bit set by the channel, so nothing scales with the node.
struct OffChipLinkModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { o.offChipInterface == .hyperTransport ? Double(o.offChipLinks) : 0 }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.offChipBitTransfer: activity.architecture.offChipLinkBitsPerSecond]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        try c.calibrated(latency: 1 / c.architecture.offChipLinkBitsPerSecond, rule: .offChip)
    }
}
