import Numerics

/// Program-and-verify: apply a pulse, read the cell, repeat until the conductance is within a
/// tolerance of the target or a pulse budget is spent (the iterative scheme of ISAAC/PRIME-era
/// ReRAM, Alibart et al., Nanotechnology 2012, and of PCM, Papandreou et al., ISCAS 2011).
///
/// Each step reads the cell with the device's read noise (``VerifyReadNoise``: the read is
/// G + σ(G)·ζ, ζ ~ N(0, 1) per read); if |read − G_target| ≤ tolerance it stops, otherwise it
/// applies one SET pulse when the read is below the target and one RESET pulse when above — so
/// a cell can be accepted while its true conductance is outside the tolerance, and pushed the
/// wrong way by a read on the wrong side.
/// A pulse moves the normalized state u by the cell's ``PulseResponse`` step times (1 + σ_c2c·ξ),
/// ξ ~ N(0, 1) drawn per pulse (cycle-to-cycle variation of the update size, aihwkit's
/// `dw_min_std`), then u is kept in the cell's own window [0, 1] — its conductance cannot leave
/// [G_low, G_high], as NeuroSim clamps it to [G_min, G_max] — so a target outside a cell's
/// window (device-to-device variation) is missed: the cell ends at its window's edge,
/// unverified. An abrupt RESET (PCM re-amorphization) returns the cell to its low end in one
/// pulse.
///
/// Cost: each pulse's energy from ``WritePulse/energyJoules(before:after:)``, plus V_read²·G·t_read
/// for every verify read; latency is the sum of pulse widths and read pulses.
public struct WriteVerify: Sendable, Equatable {
    /// |G − G_target| that counts as programmed, siemens.
    public let toleranceSiemens: Double
    /// Most pulses before giving up (the cell is then left where it is, unverified).
    public let maximumPulses: Int
    /// Verify-read voltage, volts.
    public let readVoltageVolts: Double
    /// Verify-read duration, seconds.
    public let readPulseSeconds: Double
    /// The noise of each verify read.
    public let readNoise: VerifyReadNoise

    /// A write-verify scheme.
    public init(
        toleranceSiemens: Double, maximumPulses: Int, readVoltageVolts: Double, readPulseSeconds: Double,
        readNoise: VerifyReadNoise
    ) {
        self.toleranceSiemens = toleranceSiemens
        self.maximumPulses = maximumPulses
        self.readVoltageVolts = readVoltageVolts
        self.readPulseSeconds = readPulseSeconds
        self.readNoise = readNoise
    }

    /// How RESET pulses act.
    public enum Reset: Sendable, Equatable {
        /// Gradual: the mirrored pulse response (filamentary ReRAM).
        case gradual(PulseResponse)
        /// Abrupt: one pulse returns the cell to its low end (PCM melt-quench).
        case abrupt
    }

    /// One cell as write-verify sees it.
    public struct Cell: Sendable, Equatable {
        /// The cell's low end (erased state), siemens.
        public var lowSiemens: Double
        /// The cell's window G_high − G_low, siemens.
        public var spanSiemens: Double
        /// SET response of this cell.
        public var set: PulseResponse
        /// RESET behaviour of this cell.
        public var reset: Reset
        /// The SET pulse.
        public var setPulse: WritePulse
        /// The RESET pulse.
        public var resetPulse: WritePulse
        /// Cycle-to-cycle σ of each pulse's step, relative to the nominal step.
        public var c2cSigmaRelative: Double
        /// Pulses the cell responds to before it wears out (0: it never moves).
        public var remainingCycles: Int

        /// A cell.
        public init(
            lowSiemens: Double, spanSiemens: Double, set: PulseResponse, reset: Reset, setPulse: WritePulse,
            resetPulse: WritePulse, c2cSigmaRelative: Double, remainingCycles: Int
        ) {
            self.lowSiemens = lowSiemens
            self.spanSiemens = spanSiemens
            self.set = set
            self.reset = reset
            self.setPulse = setPulse
            self.resetPulse = resetPulse
            self.c2cSigmaRelative = c2cSigmaRelative
            self.remainingCycles = remainingCycles
        }
    }

    /// What programming one cell did.
    public struct Outcome: Sendable, Equatable {
        /// Conductance after the last pulse, siemens.
        public var conductanceSiemens: Double
        /// SET pulses applied.
        public var setPulses: Int
        /// RESET pulses applied.
        public var resetPulses: Int
        /// Whether the last (noisy) verify read was within tolerance.
        public var verified: Bool
        /// Whether the cell used up its endurance during programming.
        public var woreOut: Bool
        /// Energy of pulses and verify reads, joules.
        public var energyJoules: Double
        /// Time of pulses and verify reads, seconds.
        public var latencySeconds: Double

        /// The outcome as a write cost (every pulse is an endurance cycle).
        public var cost: WriteCost {
            WriteCost(
                pulses: setPulses + resetPulses, energyJoules: energyJoules, latencySeconds: latencySeconds,
                enduranceCycles: setPulses + resetPulses)
        }
    }

    /// Programs `cell`, starting at its low end, towards `targetSiemens`.
    ///
    /// The cycle-to-cycle deviates ξ and the verify-read deviates ζ come from `stream` 32 at a
    /// time through its vectorized normal fill (single precision, one Philox call per batch),
    /// drawn in the order the loop needs them (each read's ζ, then its pulse's ξ).
    public func program(_ cell: Cell, targetSiemens: Double, using stream: inout RandomStream) -> Outcome {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 32) { normals in
            var used = normals.count
            func nextNormal() -> Double {
                if used == normals.count {
                    stream.fillNormal(normals, threads: 1)
                    used = 0
                }
                used += 1
                return Double(normals[used - 1])
            }
            return program(cell, targetSiemens: targetSiemens, nextNormal: nextNormal)
        }
    }

    private func program(_ cell: Cell, targetSiemens: Double, nextNormal: () -> Double) -> Outcome {
        var u = 0.0
        var g = cell.lowSiemens
        var outcome = Outcome(
            conductanceSiemens: g, setPulses: 0, resetPulses: 0, verified: false, woreOut: false,
            energyJoules: readEnergy(g), latencySeconds: readPulseSeconds)
        while true {
            let read = g + readNoise.standardDeviation(atSiemens: g) * nextNormal()
            if abs(read - targetSiemens) <= toleranceSiemens {
                outcome.verified = true
                break
            }
            let applied = outcome.setPulses + outcome.resetPulses
            if applied == maximumPulses { break }
            let before = g
            let pulse: WritePulse
            let responds = applied < cell.remainingCycles
            if read < targetSiemens {
                pulse = cell.setPulse
                outcome.setPulses += 1
                if responds {
                    let noise = 1 + cell.c2cSigmaRelative * nextNormal()
                    u = min(max(u + cell.set.step(from: u) * noise, 0), 1)
                }
            } else {
                pulse = cell.resetPulse
                outcome.resetPulses += 1
                if responds {
                    switch cell.reset {
                    case .gradual(let response):
                        let noise = 1 + cell.c2cSigmaRelative * nextNormal()
                        u = min(max(u - response.step(from: 1 - u) * noise, 0), 1)
                    case .abrupt:
                        u = 0
                    }
                }
            }
            if !responds { outcome.woreOut = cell.remainingCycles > 0 }
            g = cell.lowSiemens + u * cell.spanSiemens
            outcome.energyJoules += pulse.energyJoules(before: before, after: g) + readEnergy(g)
            outcome.latencySeconds += pulse.widthSeconds + readPulseSeconds
        }
        outcome.conductanceSiemens = g
        return outcome
    }

    private func readEnergy(_ siemens: Double) -> Double {
        readVoltageVolts * readVoltageVolts * siemens * readPulseSeconds
    }
}
