/// One programming pulse: its voltage, width, and the current it drives, giving its energy
/// E = V·I·t.
public struct WritePulse: Sendable, Equatable {
    /// Where the pulse current comes from.
    public enum Current: Sendable, Equatable {
        /// Ohmic: I = V·Ḡ with Ḡ the mean of the cell's conductance before and after the pulse
        /// (NeuroSim's `WriteEnergyCalculation` for 1T1R cells).
        case ohmic
        /// A set current, amperes (a PCM melt current, an MTJ switching current).
        case fixed(amperes: Double)
    }

    /// Pulse amplitude, volts.
    public let voltageVolts: Double
    /// Pulse width, seconds.
    public let widthSeconds: Double
    /// How the current is found.
    public let current: Current

    /// A pulse.
    public init(voltageVolts: Double, widthSeconds: Double, current: Current = .ohmic) {
        self.voltageVolts = voltageVolts
        self.widthSeconds = widthSeconds
        self.current = current
    }

    /// Energy of the pulse on a cell that goes from `before` to `after` siemens, joules.
    public func energyJoules(before: Double, after: Double) -> Double {
        switch current {
        case .ohmic: voltageVolts * voltageVolts * 0.5 * (before + after) * widthSeconds
        case .fixed(let amperes): voltageVolts * amperes * widthSeconds
        }
    }
}
