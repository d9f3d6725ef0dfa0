/// ISAAC's published component figures (Shafiee et al., "ISAAC: A Convolutional Neural
/// Network Accelerator with In-Situ Analog Arithmetic in Crossbars", ISCA 2016, Table I, 32 nm;
/// transcribed from the corrected October 2016 PDF by dyigitpolat/mimarsinan
/// `isaac_like.md`), per instance: the group totals of the table divided by the counts.
///
/// These are the calibration points of the chip component library: a component's peak power
/// P at ISAAC's organisation becomes an energy per action E = (1 − λ)·P / r, where r is the
/// action rate of that component at ISAAC's peak (``PeakActivity`` of ISAAC's organisation, read
/// from `Experiments/architectures/isaac.json`, the only place it is written) and λ the leakage
/// fraction, plus a static power λ·P. Rolled up over ISAAC's counts these give Table I back;
/// other architectures, sizes and nodes follow the documented rules.
public struct ISAACCalibration: Sendable {
    /// One component's published figures.
    public struct Reference: Sendable, Equatable {
        /// Peak power of one instance, watts.
        public let peakPowerWatts: Double
        /// Area of one instance, square metres.
        public let areaSquareMetres: Double
        /// Where the numbers come from.
        public let source: String
    }

    /// The node of Table I, metres.
    public static let technologyNodeMetres = 32e-9

    /// Table I, per instance.
    public static let tableI: [ChipComponent: Reference] = [
        .adc: Reference(peakPowerWatts: 16e-3 / 8, areaSquareMetres: 0.0096e-6 / 8, source: "ISAAC Table I: 8 ADCs (8-bit SAR, 1.28 GS/s) 16 mW, 0.0096 mm²"),
        .dac: Reference(peakPowerWatts: 4e-3 / 1024, areaSquareMetres: 0.00017e-6 / 1024, source: "ISAAC Table I: 8×128 1-bit DACs 4 mW, 0.00017 mm²"),
        .sampleAndHold: Reference(peakPowerWatts: 10e-6 / 1024, areaSquareMetres: 0.00004e-6 / 1024, source: "ISAAC Table I: 8×128 S+H 10 µW, 0.00004 mm²"),
        .array: Reference(peakPowerWatts: 2.4e-3 / 8, areaSquareMetres: 0.0002e-6 / 8, source: "ISAAC Table I: 8 memristor arrays 128×128 2.4 mW, 0.0002 mm²"),
        .shiftAdd: Reference(peakPowerWatts: 0.2e-3 / 4, areaSquareMetres: 0.00024e-6 / 4, source: "ISAAC Table I: 4 S+A 0.2 mW, 0.00024 mm²"),
        .inputRegister: Reference(peakPowerWatts: 1.24e-3, areaSquareMetres: 0.0021e-6, source: "ISAAC Table I: input register 2 KB 1.24 mW, 0.0021 mm²"),
        .outputRegister: Reference(peakPowerWatts: 0.23e-3, areaSquareMetres: 0.00077e-6, source: "ISAAC Table I: output register 256 B 0.23 mW, 0.00077 mm²"),
        .tileBuffer: Reference(peakPowerWatts: 20.7e-3, areaSquareMetres: 0.083e-6, source: "ISAAC Table I: eDRAM 64 KB 20.7 mW, 0.083 mm²"),
        .bus: Reference(peakPowerWatts: 7e-3, areaSquareMetres: 0.090e-6, source: "ISAAC Table I: eDRAM-IMA bus (384 wires) 7 mW, 0.090 mm²"),
        .router: Reference(peakPowerWatts: 42e-3, areaSquareMetres: 0.151e-6, source: "ISAAC Table I: router (shared by 4 tiles) 42 mW, 0.151 mm²"),
        .activation: Reference(peakPowerWatts: 0.52e-3 / 2, areaSquareMetres: 0.0006e-6 / 2, source: "ISAAC Table I: 2 sigmoid units 0.52 mW, 0.0006 mm²"),
        .tileShiftAdd: Reference(peakPowerWatts: 0.05e-3, areaSquareMetres: 0.00006e-6, source: "ISAAC Table I: tile S+A 0.05 mW, 0.00006 mm²"),
        .pooling: Reference(peakPowerWatts: 0.4e-3, areaSquareMetres: 0.00024e-6, source: "ISAAC Table I: MaxPool 0.4 mW, 0.00024 mm²"),
        .tileOutputRegister: Reference(peakPowerWatts: 1.68e-3, areaSquareMetres: 0.0032e-6, source: "ISAAC Table I: tile output register 3 KB 1.68 mW, 0.0032 mm²"),
        .offChipLink: Reference(peakPowerWatts: 10.4 / 4, areaSquareMetres: 22.88e-6 / 4, source: "ISAAC Table I: 4 HyperTransport links 10.4 W, 22.88 mm²"),
    ]

    /// ISAAC's organisation, as `Experiments/architectures/isaac.json` describes it.
    public let architecture: ArchitectureSpec
    /// Action rates of one instance at ISAAC's peak.
    public let activity: PeakActivity

    /// The calibration, read once per process from `Experiments/architectures/isaac.json`.
    public static func shared() throws -> ISAACCalibration { try loaded.get() }

    private static let loaded = Result<ISAACCalibration, any Error> {
        let isaac = try ArchitectureSpec.load("isaac")
        return ISAACCalibration(architecture: isaac, activity: PeakActivity(isaac))
    }

    /// Energy of one action of `component` at ISAAC's calibration point (32 nm, ISAAC's sizes),
    /// joules: (1 − λ)·P / Σ rates (reads and writes of a storage cost the same per bit).
    public func energyPerAction(_ component: ChipComponent, leakageFraction: Double) -> Double {
        let rate = activity.actionsPerSecond[component]!.values.reduce(0, +)
        return (1 - leakageFraction) * Self.tableI[component]!.peakPowerWatts / rate
    }
}
