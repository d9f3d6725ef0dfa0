import Circuit

/// The memory bus as a chip's I/O (`memory-bus`, PRIME: the accelerator is the main memory, so
/// its inputs and outputs cross the DDR data pins, not a HyperTransport link): one instance per
/// data pin (``ArchitectureSpec/offChipLinks`` under ``OffChipInterface/memoryBus``), one bit
/// time per ``Action/offChipBitTransfer`` at the pin's rate (``ArchitectureSpec/offChipLinkBytesPerSecond``).
///
/// Energy per bit, the closed form of a stub-series-terminated (SSTL) pin: the driver of
/// resistance R_on drives the line against an on-die termination R_TT to V_TT = V_DDQ/2, so
/// I = (V_DDQ − V_TT)/(R_on + R_TT) flows for the whole bit time t_bit, drawn from V_DDQ for a
/// 1 and from V_TT for a 0; with ones and zeros equally likely
/// E_bit = ½·(V_DDQ + V_TT)·I·t_bit. With DDR3's 1.5 V, a 40 Ω driver, a 60 Ω termination and
/// 1600 Mb/s per pin: I = 7.5 mA, E_bit = 5.27 pJ. The termination is taken as on only while
/// data moves (DDR3's dynamic on-die termination), so the pins have no static power. Channel
/// figures: nothing scales with the chip's node (``TechnologyScaling/Rule/offChip``).
struct MemoryBusModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] { ["memoryBusSupplyVolts", "memoryBusDriverOhms", "memoryBusTerminationOhms", "memoryBusPinAreaSquareMetres"] }

    func count(_ o: ArchitectureSpec) -> Double { o.offChipInterface == .memoryBus ? Double(o.offChipLinks) : 0 }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(Int((o.offChipLinkBitsPerSecond / 1e6).rounded())) Mb/s)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.offChipBitTransfer: activity.architecture.offChipLinkBitsPerSecond]
    }

    /// Energy of one bit over one pin, ½·(V_DDQ + V_TT)·I·t_bit with V_TT = V_DDQ/2 and
    /// I = (V_DDQ − V_TT)/(R_on + R_TT), joules.
    static func energyPerBitJoules(supplyVolts: Double, driverOhms: Double, terminationOhms: Double, bitsPerSecond: Double) -> Double {
        let termination = supplyVolts / 2
        let amperes = (supplyVolts - termination) / (driverOhms + terminationOhms)
        return (supplyVolts + termination) / 2 * amperes / bitsPerSecond
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        let (supply, driver, termination, area) = (
            c.figure(figureKeys[0]), c.figure(figureKeys[1]), c.figure(figureKeys[2]), c.figure(figureKeys[3])
        )
        let rate = o.offChipLinkBitsPerSecond
        let energy = Self.energyPerBitJoules(
            supplyVolts: supply.value, driverOhms: driver.value, terminationOhms: termination.value, bitsPerSecond: rate)
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: o.technologyNodeMetres, energyPerActionJoules: [.offChipBitTransfer: energy],
            staticPowerWatts: 0, areaSquareMetres: area.value, latencySeconds: 1 / rate,
            source: "SSTL pin, E = ½(V_DDQ + V_DDQ/2)·(V_DDQ/2)/(R_on + R_TT)/bit rate: " + [supply, driver, termination, area].map(\.source).joined(separator: "; "))
    }
}
