import Foundation

/// A precharged bitline discharged by the read currents of the SRAM cells on it, the read path of
/// an SRAM compute-in-memory column (J. Zhang, Z. Wang & N. Verma, "In-memory computation of a
/// machine-learning classifier in a standard 6T SRAM array", IEEE JSSC 52, 915, 2017: the
/// bitline voltage drop is the column's analog output, linear while the cells' pull-down
/// transistors stay saturated and compressed once the bitline falls below their saturation
/// voltage).
///
/// Each conducting cell is a current source of saturated current I_k (its mismatch included)
/// while V_BL ≥ V_dsat, and a square-law triode device below, I_k·(2u − u²), u = V_BL/V_dsat.
/// With I = Σ I_k, C the bitline capacitance and the bitline precharged to V_pre:
///
///     V_BL(t) = V_pre − I·t/C                                 while V_BL ≥ V_dsat,
///     u(t) = 2r/(1 + r),  r = u_s/(2 − u_s)·e^(−2a(t − t_s)),  a = I/(C·V_dsat)   below,
///
/// (t_s, u_s) where the triode phase starts: t_s = C·(V_pre − V_dsat)/I with u_s = 1, or t_s = 0
/// with u_s = V_pre/V_dsat when V_pre < V_dsat. The drop ΔV = V_pre − V_BL saturates at V_pre:
/// that is the compression. The energy of one read is the charge the precharge returns from the
/// supply, C·V_pre·ΔV, plus leakage of the column's cells, N·I_leak·V_pre·t; not V²·G·t (the
/// cell is not a resistor).
///
/// Cells are not resistors, so an SRAM column stays out of the resistive IR-drop network: a
/// circuit sums the saturated currents of a column's conducting cells and takes ΔV from here.
public struct BitlineDischarge: Sendable, Equatable {
    /// C, bitline capacitance, farads.
    public let capacitanceFarads: Double
    /// V_pre, the precharge (supply) voltage, volts.
    public let prechargeVolts: Double
    /// V_dsat, the drain–source voltage below which a cell's pull-down path leaves saturation, volts.
    public let saturationVolts: Double
    /// Leakage current of one cell from the precharged bitline and supply, amperes.
    public let cellLeakageAmperes: Double

    /// A bitline.
    public init(capacitanceFarads: Double, prechargeVolts: Double, saturationVolts: Double, cellLeakageAmperes: Double) {
        self.capacitanceFarads = capacitanceFarads
        self.prechargeVolts = prechargeVolts
        self.saturationVolts = saturationVolts
        self.cellLeakageAmperes = cellLeakageAmperes
    }

    /// V_BL after `seconds` of discharge by cells whose saturated currents sum to `amperes`, volts.
    public func voltage(totalSaturatedCurrentAmperes amperes: Double, afterSeconds seconds: Double) -> Double {
        guard amperes > 0, seconds > 0 else { return prechargeVolts }
        let linearEnd = linearSeconds(totalSaturatedCurrentAmperes: amperes)
        if seconds <= linearEnd { return prechargeVolts - amperes * seconds / capacitanceFarads }
        let start = min(prechargeVolts / saturationVolts, 1)
        let a = amperes / (capacitanceFarads * saturationVolts)
        let r = start / (2 - start) * exp(-2 * a * (seconds - linearEnd))
        return saturationVolts * 2 * r / (1 + r)
    }

    /// ΔV = V_pre − V_BL, the column's output, volts.
    public func swing(totalSaturatedCurrentAmperes amperes: Double, afterSeconds seconds: Double) -> Double {
        prechargeVolts - voltage(totalSaturatedCurrentAmperes: amperes, afterSeconds: seconds)
    }

    /// How long the discharge stays linear, C·max(0, V_pre − V_dsat)/I, seconds: the longest read
    /// pulse for which a column with total current `amperes` is not compressed.
    public func linearSeconds(totalSaturatedCurrentAmperes amperes: Double) -> Double {
        capacitanceFarads * max(0, prechargeVolts - saturationVolts) / amperes
    }

    /// Energy of one read of a column of `cells` cells whose bitline dropped by `swingVolts` over
    /// `seconds`: C·V_pre·ΔV + cells·I_leak·V_pre·t, joules.
    public func energyJoules(swingVolts: Double, cells: Int, seconds: Double) -> Double {
        capacitanceFarads * prechargeVolts * swingVolts + Double(cells) * cellLeakageAmperes * prechargeVolts * seconds
    }
}
