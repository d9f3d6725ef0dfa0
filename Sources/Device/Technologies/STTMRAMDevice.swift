import Foundation
import Numerics

/// Spin-transfer-torque MRAM: a binary magnetic tunnel junction, parallel (low resistance R_P,
/// level 1) or antiparallel (R_AP = R_P·(1 + TMR), level 0).
///
/// Model:
/// - G_max = 1/R_P, G_min = 1/R_AP with R_AP/R_P = the on/off ratio (1 + TMR);
/// - device-to-device variation of the junction's resistance-area product: both states of a
///   cell scale by one lognormal factor e^(σ·ξ) (TMR itself is taken as uniform);
/// - a fresh cell is antiparallel; writing level 1 applies up to `maximumPulses` pulses of
///   `writeVoltageVolts` for `writePulseSeconds`, each followed by a verify read; a pulse drives
///   I = V/R_AP through the cell and fails to switch it with the write error rate of
///   ``STTSwitching`` (precessional above I_c0, thermally activated below); energy V·I·t;
/// - retention: a cell flips after an exponential time of mean τ₀·e^Δ (Néel–Brown);
/// - Gaussian read noise, stuck-at faults, lognormal endurance (≈ 10¹⁵: effectively unlimited).
///
/// Preset keys: `resistanceOnOhms`, `onOffRatio`, `readVoltageVolts`, `readPulseSeconds`,
/// `cellAreaFeatureSquared`, `writeVoltageVolts`, `writePulseSeconds`, `maximumPulses`,
/// `thermalStabilityFactor`, `criticalCurrentAmperes`, `precessionTimeSeconds`,
/// `attemptTimeSeconds`, `d2dSigmaRelative`, `readNoiseSigmaRelative`, `readNoiseSigmaSiemens`,
/// `stuckOnRate`, `stuckOffRate`, `enduranceCycles`, `enduranceLogSigma`, `priorWriteCycles`.
public struct STTMRAMDevice: MemoryDevice {
    public let name: String
    public var technology: DeviceTechnology { .sttmram }
    public let conductanceMinSiemens: Double
    public let conductanceMaxSiemens: Double
    public var bitsPerCell: Int { 1 }
    public var maximumBitsPerCell: Int { 1 }
    public let readVoltageVolts: Double
    public let readPulseSeconds: Double
    public let cellAreaFeatureSquared: Double
    public let d2dSigmaRelative: Double
    /// The write pulse (its current is V/R_AP of the cell being written).
    public let writePulse: WritePulse
    /// Write attempts before giving up.
    public let maximumPulses: Int
    /// Switching and retention.
    public let switching: STTSwitching
    /// Read noise.
    public let readNoise: GaussianReadNoise
    /// Stuck-at faults and endurance.
    public let faults: FaultModel

    public var enduranceCycles: Double { faults.enduranceCycles }

    /// The device an `sttmram` preset describes; throws ``DevicePresetError`` on a bad preset.
    public init(preset: DevicePreset) throws {
        var reader = PresetReader(preset)
        let (low, high) = reader.resistanceWindow()
        let (readVoltage, readPulse, area) = reader.readout()
        let writeVoltage = reader.number("writeVoltageVolts", .leftOpen(0, 10))
        let writeWidth = reader.number("writePulseSeconds", .leftOpen(0, 1))
        let attempts = reader.integer("maximumPulses", 1...1000)
        let stability = reader.number("thermalStabilityFactor", .closed(1, 200))
        let critical = reader.number("criticalCurrentAmperes", .leftOpen(0, 0.1))
        let precession = reader.number("precessionTimeSeconds", .leftOpen(0, 1e-6))
        let attempt = reader.number("attemptTimeSeconds", .leftOpen(0, 1e-6))
        let ratio = writeVoltage * low / critical
        reader.require(
            abs(ratio - 1) >= 0.1, "criticalCurrentAmperes",
            allowed: "at least 10 % away from the write current writeVoltageVolts/R_AP = \(writeVoltage * low) A "
                + "(neither switching model holds near I_c0)")
        d2dSigmaRelative = reader.d2dSigma()
        readNoise = reader.gaussianReadNoise()
        faults = reader.faultModel()
        try reader.finish()
        name = preset.name
        conductanceMinSiemens = low
        conductanceMaxSiemens = high
        readVoltageVolts = readVoltage
        readPulseSeconds = readPulse
        cellAreaFeatureSquared = area
        writePulse = WritePulse(voltageVolts: writeVoltage, widthSeconds: writeWidth)
        maximumPulses = attempts
        switching = STTSwitching(
            thermalStability: stability, criticalCurrentAmperes: critical, precessionTimeSeconds: precession,
            attemptTimeSeconds: attempt)
    }

    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let condition = faults.draw(using: &cellStream)
        let scale = exp(d2dSigmaRelative * cellStream.nextNormal())
        let antiparallel = conductanceMinSiemens / scale
        let parallel = conductanceMaxSiemens / scale
        let flipSeconds = -switching.meanRetentionSeconds * log(1 - cellStream.nextUniform())
        var conductance = condition.fault == .stuckOn ? parallel : antiparallel
        var cost = WriteCost(pulses: 0, energyJoules: readEnergy(conductance), latencySeconds: readPulseSeconds, enduranceCycles: 0)
        var fault = condition.fault
        let wantsParallel = level == 1
        while (conductance == parallel) != wantsParallel && cost.pulses < maximumPulses {
            let current = writePulse.voltageVolts * conductance
            let errorRate = switching.writeErrorRate(pulseSeconds: writePulse.widthSeconds, currentAmperes: current)
            let switched = cellStream.nextUniform() >= errorRate
            if cost.pulses >= condition.remainingCycles {
                if fault == .none { fault = .wornOut }
            } else if switched {
                conductance = wantsParallel ? parallel : antiparallel
            }
            cost += WriteCost(
                pulses: 1, energyJoules: writePulse.voltageVolts * current * writePulse.widthSeconds + readEnergy(conductance),
                latencySeconds: writePulse.widthSeconds + readPulseSeconds, enduranceCycles: 1)
        }
        let stuck = fault == .stuckOn || fault == .stuckOff
        return ProgrammedCell(
            conductanceSiemens: conductance, fault: fault, verified: (conductance == parallel) == wantsParallel,
            cost: cost, retentionSeconds: stuck ? .infinity : flipSeconds)
    }

    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        readNoise.standardDeviation(atSiemens: conductance(of: cell, atSeconds: seconds))
    }

    /// The programmed conductance until the cell's retention time, then the other state's
    /// (the state is told apart by the geometric mean of the nominal window).
    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        guard seconds >= cell.retentionSeconds else { return cell.conductanceSiemens }
        let ratio = conductanceMaxSiemens / conductanceMinSiemens
        let isParallel = cell.conductanceSiemens * cell.conductanceSiemens > conductanceMinSiemens * conductanceMaxSiemens
        return isParallel ? cell.conductanceSiemens / ratio : cell.conductanceSiemens * ratio
    }

    private func readEnergy(_ siemens: Double) -> Double {
        readVoltageVolts * readVoltageVolts * siemens * readPulseSeconds
    }
}
