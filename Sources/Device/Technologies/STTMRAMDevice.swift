import Foundation
import Numerics

/// Spin-transfer-torque MRAM: a binary magnetic tunnel junction, parallel (low resistance R_P,
/// level 1) or antiparallel (R_AP = R_P·(1 + TMR), level 0).
///
/// Model:
/// - G_max = 1/R_P, G_min = 1/R_AP with R_AP/R_P = the on/off ratio (1 + TMR);
/// - device-to-device variation of the junction's resistance-area product: both states of a
///   cell scale by one lognormal factor e^(σ·ξ) (TMR itself is taken as uniform);
/// - a fresh cell is antiparallel; a write starts from the cell's actual state (fresh:
///   ``program(level:levelCount:using:)``; already written: ``rewrite(_:level:using:)``) and
///   applies up to `maximumPulses` pulses of `writeVoltageVolts` for `writePulseSeconds`, each
///   followed by a verify read, while the cell is not in the requested state; a pulse drives
///   I = V/R of the state the cell is in (V/R_AP for AP→P, V/R_P for P→AP) and fails to switch it
///   with the write error rate of ``STTSwitching`` for that direction: AP→P and P→AP have their
///   own critical currents (spin-transfer torque is less efficient P→AP, so I_c0(P→AP) >
///   I_c0(AP→P)); precessional above I_c0, thermally activated below; energy V·I·t;
/// - retention: a cell flips after an exponential time of mean τ₀·e^Δ (Néel–Brown);
/// - Gaussian read noise, stuck-at faults, lognormal endurance (≈ 10¹⁵: effectively unlimited).
///
/// Preset keys: `resistanceOnOhms`, `onOffRatio`, `readVoltageVolts`, `readPulseSeconds`,
/// `cellAreaFeatureSquared`, `writeVoltageVolts`, `writePulseSeconds`, `maximumPulses`,
/// `thermalStabilityFactor`, `criticalCurrentToParallelAmperes`,
/// `criticalCurrentToAntiparallelAmperes`, `precessionTimeSeconds`,
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
    /// AP→P switching, and retention.
    public let switching: STTSwitching
    /// P→AP switching.
    public let switchingToAntiparallel: STTSwitching
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
        let critical = reader.number("criticalCurrentToParallelAmperes", .leftOpen(0, 0.1))
        let criticalToAntiparallel = reader.number("criticalCurrentToAntiparallelAmperes", .leftOpen(0, 0.1))
        let precession = reader.number("precessionTimeSeconds", .leftOpen(0, 1e-6))
        let attempt = reader.number("attemptTimeSeconds", .leftOpen(0, 1e-6))
        reader.require(
            abs(writeVoltage * low / critical - 1) >= 0.1, "criticalCurrentToParallelAmperes",
            allowed: "at least 10 % away from the AP→P write current writeVoltageVolts/R_AP = \(writeVoltage * low) A "
                + "(neither switching model holds near I_c0)")
        reader.require(
            abs(writeVoltage * high / criticalToAntiparallel - 1) >= 0.1, "criticalCurrentToAntiparallelAmperes",
            allowed: "at least 10 % away from the P→AP write current writeVoltageVolts/R_P = \(writeVoltage * high) A "
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
        switchingToAntiparallel = STTSwitching(
            thermalStability: stability, criticalCurrentAmperes: criticalToAntiparallel, precessionTimeSeconds: precession,
            attemptTimeSeconds: attempt)
    }

    /// Writes `level` into a fresh (antiparallel) cell.
    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell")
        let condition = faults.draw(using: &cellStream)
        let scale = exp(d2dSigmaRelative * cellStream.nextNormal())
        let antiparallel = conductanceMinSiemens / scale
        let parallel = conductanceMaxSiemens / scale
        return write(
            level: level, parallel: parallel, antiparallel: antiparallel,
            from: condition.fault == .stuckOn ? parallel : antiparallel, fault: condition.fault,
            remainingCycles: condition.remainingCycles, using: &cellStream)
    }

    /// Writes `level` (of 2) into `cell` from the state it is in now: a parallel cell written to
    /// 0 takes P→AP pulses, an antiparallel one written to 1 AP→P pulses, a cell already in the
    /// state none. The cell keeps its junction (its two conductances) and fault; endurance is
    /// drawn per ``program(level:levelCount:using:)`` and not counted across rewrites; the
    /// retention time is drawn anew. Takes one 64-bit word of `stream`.
    public func rewrite(_ cell: ProgrammedCell, level: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: 2)
        var cellStream = RandomStream(seed: stream.next(), key: "device/cell/rewrite")
        let ratio = conductanceMaxSiemens / conductanceMinSiemens
        let parallel = isParallel(cell.conductanceSiemens) ? cell.conductanceSiemens : cell.conductanceSiemens * ratio
        return write(
            level: level, parallel: parallel, antiparallel: parallel / ratio, from: cell.conductanceSiemens,
            fault: cell.fault, remainingCycles: cell.fault == .none ? Int.max : 0, using: &cellStream)
    }

    private func write(
        level: Int, parallel: Double, antiparallel: Double, from start: Double, fault startFault: CellFault,
        remainingCycles: Int, using cellStream: inout RandomStream
    ) -> ProgrammedCell {
        let flipSeconds = -switching.meanRetentionSeconds * log(1 - cellStream.nextUniform())
        var conductance = start
        var cost = WriteCost(pulses: 0, energyJoules: readEnergy(conductance), latencySeconds: readPulseSeconds, enduranceCycles: 0)
        var fault = startFault
        let wantsParallel = level == 1
        let direction = wantsParallel ? switching : switchingToAntiparallel
        while (conductance == parallel) != wantsParallel && cost.pulses < maximumPulses {
            let current = writePulse.voltageVolts * conductance
            let errorRate = direction.writeErrorRate(pulseSeconds: writePulse.widthSeconds, currentAmperes: current)
            let switched = cellStream.nextUniform() >= errorRate
            if cost.pulses >= remainingCycles {
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

    /// Whether a conductance is the parallel state (above the geometric mean of the nominal window).
    private func isParallel(_ siemens: Double) -> Bool {
        siemens * siemens > conductanceMinSiemens * conductanceMaxSiemens
    }

    public func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        readNoise.standardDeviation(atSiemens: conductance(of: cell, atSeconds: seconds))
    }

    /// The programmed conductance until the cell's retention time, then the other state's
    /// (the state is told apart by the geometric mean of the nominal window).
    public func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        guard seconds >= cell.retentionSeconds else { return cell.conductanceSiemens }
        let ratio = conductanceMaxSiemens / conductanceMinSiemens
        return isParallel(cell.conductanceSiemens) ? cell.conductanceSiemens / ratio : cell.conductanceSiemens * ratio
    }

    private func readEnergy(_ siemens: Double) -> Double {
        readVoltageVolts * readVoltageVolts * siemens * readPulseSeconds
    }
}
