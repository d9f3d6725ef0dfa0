import Numerics

/// An SRAM bit-cell used for compute-in-memory (8T, decoupled read port): binary storage with
/// no programming error; the read current of a cell storing 1 varies with transistor mismatch.
///
/// Model:
/// - level 1 reads G_on = I_read/V_read times the cell's relative read current from
///   ``PelgromMismatch`` (threshold mismatch A_VT/√(W·L) through the alpha-power law, plus the
///   current-factor mismatch σ_β = `d2dSigmaRelative`); level 0 reads the leakage
///   G_off = G_on/(on/off ratio);
/// - the read path is a transistor near saturation, not a conductance: a cell is a current
///   source of ``cellCurrentAmperes(of:)`` (G·V_read, its mismatch included) discharging a
///   precharged bitline, linear while the bitline stays above the saturation voltage and
///   compressed below it (``BitlineDischarge``, Zhang, Wang & Verma, JSSC 2017); read energy
///   is C·V_pre·ΔV plus leakage (``BitlineDischarge/energyJoules(swingVolts:cells:seconds:)``).
///   The circuit reads SRAM arrays this way (`Circuit`'s `BitlineReadout`); the conductance view
///   (``MemoryDevice/conductanceMaxSiemens`` = I_read/V_read) only expresses the cell current in
///   the level units the other devices share;
/// - a write is one cycle of fixed tiny energy and latency (ITRS-2011), always successful;
/// - volatile: the contents survive only while powered (no retention loss while powered);
/// - Gaussian read noise, stuck-at faults, endurance ≈ 10¹⁶ (unlimited in practice).
///
/// Preset keys: `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`,
/// `readCurrentAmperes`, `onOffRatio`, `thresholdMismatchCoefficientVoltMeters`,
/// `readTransistorWidthMeters`, `readTransistorLengthMeters`, `gateOverdriveVolts`,
/// `alphaPowerExponent`, `d2dSigmaRelative`, `bitlineCapacitanceFarads`, `prechargeVoltageVolts`,
/// `saturationVoltageVolts`, `writeEnergyJoules`, `writeLatencySeconds`,
/// `readNoiseSigmaRelative`, `readNoiseSigmaSiemens`, `stuckOnRate`, `stuckOffRate`,
/// `enduranceCycles`, `enduranceLogSigma`, `priorWriteCycles`.
public struct SRAMDevice: MemoryDevice {
    public let name: String
    public var technology: DeviceTechnology { .sram }
    public let conductanceMinSiemens: Double
    public let conductanceMaxSiemens: Double
    public var bitsPerCell: Int { 1 }
    public var maximumBitsPerCell: Int { 1 }
    public let readVoltageVolts: Double
    public let readPulseSeconds: Double
    public let cellAreaFeatureSquared: Double
    public var isVolatile: Bool { true }
    /// Read-transistor mismatch.
    public let mismatch: PelgromMismatch
    /// The bitline the cells discharge; its per-cell leakage is the off-state read current
    /// I_read/(on/off ratio).
    public let bitline: BitlineDischarge
    /// Energy of one write, joules.
    public let writeEnergyJoules: Double
    /// Duration of one write, seconds.
    public let writeLatencySeconds: Double
    /// Read noise.
    public let readNoise: GaussianReadNoise
    /// Stuck-at faults and endurance.
    public let faults: FaultModel

    public var d2dSigmaRelative: Double { mismatch.currentFactorSigmaRelative }
    public var enduranceCycles: Double { faults.enduranceCycles }

    /// The device an `sram` preset describes; throws ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let (readVoltage, readPulse, area) = reader.readout()
        let readCurrent = reader.number("readCurrentAmperes", .leftOpen(0, 0.01))
        let ratio = reader.number("onOffRatio", .greaterThan(1))
        let coefficient = reader.number("thresholdMismatchCoefficientVoltMeters", .closed(0, 1e-7))
        let width = reader.number("readTransistorWidthMeters", .leftOpen(0, 1e-4))
        let length = reader.number("readTransistorLengthMeters", .leftOpen(0, 1e-4))
        let overdrive = reader.number("gateOverdriveVolts", .leftOpen(0, 5))
        let alpha = reader.number("alphaPowerExponent", .closed(1, 2))
        let currentFactorSigma = reader.d2dSigma()
        reader.require(
            coefficient / (width * length).squareRoot() <= overdrive / 4, "thresholdMismatchCoefficientVoltMeters",
            allowed: "A_VT/√(W·L) ≤ gateOverdriveVolts/4 (Pelgrom's law in strong inversion)")
        let capacitance = reader.number("bitlineCapacitanceFarads", .leftOpen(0, 1e-11))
        let precharge = reader.number("prechargeVoltageVolts", .leftOpen(0, 5))
        let saturation = reader.number("saturationVoltageVolts", .leftOpen(0, 5))
        let writeEnergy = reader.number("writeEnergyJoules", .leftOpen(0, 1e-9))
        let writeLatency = reader.number("writeLatencySeconds", .leftOpen(0, 1e-3))
        readNoise = reader.gaussianReadNoise()
        faults = reader.faultModel()
        try reader.finish()
        name = preset.name
        conductanceMaxSiemens = readCurrent / readVoltage
        conductanceMinSiemens = conductanceMaxSiemens / ratio
        readVoltageVolts = readVoltage
        readPulseSeconds = readPulse
        cellAreaFeatureSquared = area
        mismatch = PelgromMismatch(
            thresholdCoefficientVoltMeters: coefficient, widthMeters: width, lengthMeters: length,
            gateOverdriveVolts: overdrive, alphaPowerExponent: alpha, currentFactorSigmaRelative: currentFactorSigma)
        bitline = BitlineDischarge(
            capacitanceFarads: capacitance, prechargeVolts: precharge, saturationVolts: saturation,
            cellLeakageAmperes: readCurrent / ratio)
        writeEnergyJoules = writeEnergy
        writeLatencySeconds = writeLatency
    }

    /// The saturated read current of `cell` (its mismatch included; the leakage for a 0),
    /// amperes: what it contributes to ``BitlineDischarge/voltage(totalSaturatedCurrentAmperes:afterSeconds:)``.
    public func cellCurrentAmperes(of cell: ProgrammedCell) -> Double {
        cell.conductanceSiemens * readVoltageVolts
    }

    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let condition = faults.draw(using: &cellStream)
        let on =
            conductanceMaxSiemens
            * mismatch.relativeCurrent(thresholdDeviate: cellStream.nextNormal(), currentFactorDeviate: cellStream.nextNormal())
        let write = WriteCost(pulses: 1, energyJoules: writeEnergyJoules, latencySeconds: writeLatencySeconds, enduranceCycles: 1)
        switch condition.fault {
        case .stuckOn: return ProgrammedCell(conductanceSiemens: on, fault: .stuckOn, verified: level == 1, cost: write)
        case .stuckOff, .wornOut:
            return ProgrammedCell(conductanceSiemens: conductanceMinSiemens, fault: condition.fault, verified: level == 0, cost: write)
        case .none:
            return ProgrammedCell(conductanceSiemens: level == 1 ? on : conductanceMinSiemens, cost: write)
        }
    }

    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        readNoise.standardDeviation(atSiemens: cell.conductanceSiemens)
    }

    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        cell.conductanceSiemens
    }
}
