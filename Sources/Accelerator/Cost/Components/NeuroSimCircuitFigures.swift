import Circuit

/// The 22 nm transistor figures DNN+NeuroSim V1.3 (neurosim/DNN_NeuroSim_V1.3,
/// `Inference_pytorch/NeuroSIM`) prices its transmission-gate and adder periphery with, and the
/// closed forms of that periphery's energy from its source files, with the simplifications taken
/// where NeuroSim derives a figure from transistor sizing.
///
/// Figures (`Technology.cpp`, 22 nm, `deviceroadmap = 2`: LSTP, PTM `22nm_LP.pm`; `constant.h`;
/// `Param.cpp`):
/// - V_dd = 0.85 V; gate capacitance per metre of width C′_g = C_ideal·(1 + 0.2) + 3·C_fringe
///   (`formula.cpp` CalculateGateCap, C_overlap = 0.2·C_ideal) = 5.245e-10·1.2 + 3·8.004e-10 =
///   3.031e-9 F/m (3.03 fF/µm);
/// - minimum NMOS width `MIN_NMOS_SIZE`·F = 2·22 nm; PMOS × `pnSizeRatio` = I_on,n/I_on,p =
///   791.9/600.2 = 1.319;
/// - access-transistor gate voltage 1.1 V (`Param.cpp` accessVoltage), read voltage 0.5 V
///   (`Param.cpp` readVoltage, used when the run has no device; else the device's);
/// - adder switching activity δ = 0.15 (`Param.cpp` delta, applied when `validated`).
///
/// Simplifications (NeuroSim sizes each gate from a target on-resistance and its layout rules):
/// every transmission gate is taken at minimum size; a drain's capacitance is taken equal to the
/// gate capacitance of the same width (assumption: junction and gate capacitance per width are of
/// the same order at 22 nm); a transmission gate occupies 40 F² (assumption: two minimum devices
/// with their diffusion contacts, an order of magnitude; NeuroSim computes it from its layout
/// rules); a NAND2 input loads one NMOS of 2·W_min and one PMOS of W_p, its output two PMOS
/// drains and one NMOS drain.
public enum NeuroSimCircuitFigures {
    /// Node of the figures, metres.
    public static let technologyNodeMetres = 22e-9
    /// Supply, volts.
    public static let supplyVolts = 0.85
    /// Gate capacitance per metre of transistor width, farads per metre.
    public static let gateCapacitancePerMetre = 5.245e-10 * 1.2 + 3 * 8.004e-10
    /// Minimum NMOS width, metres.
    public static let nmosWidthMetres = 2 * technologyNodeMetres
    /// Minimum PMOS width (NMOS width × pnSizeRatio), metres.
    public static let pmosWidthMetres = nmosWidthMetres * 791.9 / 600.2
    /// Gate voltage of the 1T1R access transistor, volts.
    public static let accessVolts = 1.1
    /// Cell read voltage when the run names no device, volts.
    public static let defaultReadVolts = 0.5
    /// Switching activity of an adder.
    public static let adderActivity = 0.15
    /// Area of one transmission gate, square metres (40 F², an assumption).
    public static let transmissionGateAreaSquareMetres = 40 * technologyNodeMetres * technologyNodeMetres

    /// Gate capacitance of the NMOS of a minimum transmission gate, farads.
    public static var nmosGateFarads: Double { gateCapacitancePerMetre * nmosWidthMetres }
    /// Gate capacitance of the PMOS of a minimum transmission gate, farads.
    public static var pmosGateFarads: Double { gateCapacitancePerMetre * pmosWidthMetres }
    /// Drain capacitance of a minimum transmission gate, farads (taken as its NMOS gate's).
    public static var drainFarads: Double { nmosGateFarads }

    /// The read voltage of the run's device, or ``defaultReadVolts`` without one, volts.
    static func readVolts(_ c: ComponentCalibration) -> Double { c.device?.readVoltageVolts ?? defaultReadVolts }

    /// One instance of a NeuroSim unit of `c`'s component, worked out at 22 nm: `joules` per
    /// `action`, no leakage, `areaSquareMetres`, scaled to the chip's node by the CMOS rule, with
    /// `latencySeconds` per action (the architecture's pace).
    static func figures(
        _ c: ComponentCalibration, action: Action, joules: Double, areaSquareMetres: Double, latencySeconds: Double, source: String
    ) throws -> ComponentFigures {
        let figures = try ComponentFigures(
            name: c.component.name, technologyNodeMetres: technologyNodeMetres, energyPerActionJoules: [action: joules],
            staticPowerWatts: 0, areaSquareMetres: areaSquareMetres, latencySeconds: latencySeconds, source: source)
        return try figures.scaled(toNodeMetres: c.architecture.technologyNodeMetres, rule: .cmos).withLatency(latencySeconds)
    }

    /// `Mux.cpp` CalculatePower: one selected input of a column multiplexer switches its pass
    /// gate on and charges its two drains to the read voltage, C_g,n·V_dd² + 2·C_d·V_read², joules.
    public static func multiplexerSelectionJoules(readVolts: Double) -> Double {
        nmosGateFarads * supplyVolts * supplyVolts + 2 * drainFarads * readVolts * readVolts
    }

    /// `NewSwitchMatrix.cpp` CalculatePower: one row driven in one read, 2·C_d·V_access² (the gate
    /// select) + 5·C_d·V_read² (the read voltage onto the line) + 3·(C_g,n + C_g,p)·V_dd² (three
    /// gates opened), joules; its input latches are the IMA's input register.
    public static func switchMatrixRowJoules(readVolts: Double) -> Double {
        2 * drainFarads * accessVolts * accessVolts + 5 * drainFarads * readVolts * readVolts
            + 3 * (nmosGateFarads + pmosGateFarads) * supplyVolts * supplyVolts
    }

    /// `Adder.cpp` CalculatePower: one `bits`-bit ripple-carry addition of NAND2 full adders,
    /// δ·V_dd²·[(14·C_in + 7·C_out) + (bits − 1)·(13·C_in + 7·C_out)] (the first stage's 6·C_in +
    /// 2·C_out and hidden 8·C_in + 5·C_out, each later stage's 7·C_in + 3·C_out and hidden
    /// 6·C_in + 4·C_out), joules.
    public static func adderJoules(bits: Int) -> Double {
        let input = gateCapacitancePerMetre * (2 * nmosWidthMetres + pmosWidthMetres)
        let output = gateCapacitancePerMetre * (2 * nmosWidthMetres + 2 * pmosWidthMetres)
        let first = 14 * input + 7 * output, later = 13 * input + 7 * output
        return adderActivity * supplyVolts * supplyVolts * (first + Double(bits - 1) * later)
    }
}
