import Foundation

/// Energies of digital operations and memories at 45 nm, 0.9 V (M. Horowitz, "Computing's
/// energy problem (and what we can do about it)", ISSCC 2014, as tabulated by
/// stillwater-sc/universal `generic_45nm.hpp`, stillwater-sc/esim and PMC8934428 Table 3), with
/// the bit-width rules used between and beyond the published points.
///
/// - Integer add: 0.03 pJ at 8 bits, 0.1 pJ at 32 bits; in between and beyond, the power law
///   through both points, E(b) = 0.03 pJ·(b/8)^α with α = ln(0.1/0.03)/ln 4 = 0.868.
/// - Integer multiply: 0.2 pJ for 8×8, 3.1 pJ for 32×32; E = 0.2 pJ·(√(w·a)/8)^β with
///   β = ln(3.1/0.2)/ln 4 = 1.977 (≈ w·a: an array multiplier has w·a cells).
/// - SRAM: 10 pJ per 64-bit read of an 8 KB array, 0.156 pJ per bit; other capacities scale as
///   √(capacity/8 KB) (word- and bit-line lengths ∝ √capacity; Horowitz's larger arrays,
///   ⚑ 20 pJ at 32 KB and 100 pJ at 1 MB, follow the same trend). Writes cost as much as reads.
/// - DRAM: 1.3–2.6 nJ per 64-bit access; the low end, 20.3 pJ per bit, is used, which favours
///   the digital baseline.
///
/// Areas are not from Horowitz: an adder is taken as 3.75 µm² per bit at 32 nm (ISAAC's 16-bit
/// shift-and-add, 60 µm² in Table I, an upper bound for a bare adder) and a w×a multiplier as
/// w·a such adder cells; an SRAM as its bits at the ITRS-2011 6T cell, 140 F², over a 70 %
/// array efficiency (assumption). Estimates for area budgets, not layouts.
public enum HorowitzFigures {
    /// Node of the figures, metres.
    public static let technologyNodeMetres = 45e-9
    /// Node of the area anchor (ISAAC's shift-and-add), metres.
    public static let areaAnchorNodeMetres = 32e-9

    /// Energy of one integer addition of `bits` bits, joules.
    public static func adderEnergyJoules(bits: Int) -> Double {
        0.03e-12 * pow(Double(bits) / 8, log(0.1 / 0.03) / log(4))
    }

    /// Energy of one `weightBits` × `inputBits` integer multiplication, joules.
    public static func multiplierEnergyJoules(weightBits: Int, inputBits: Int) -> Double {
        0.2e-12 * pow((Double(weightBits) * Double(inputBits)).squareRoot() / 8, log(3.1 / 0.2) / log(4))
    }

    /// Energy of reading or writing one bit of an SRAM of `capacityBytes`, joules.
    public static func sramEnergyPerBitJoules(capacityBytes: Int) -> Double {
        10e-12 / 64 * (Double(capacityBytes) / 8192).squareRoot()
    }

    /// Energy of one bit read from or written to DRAM, joules (1.3 nJ per 64 bits).
    public static let dramEnergyPerBitJoules = 1.3e-9 / 64

    /// Area of a `bits`-bit adder at 32 nm, square metres.
    public static func adderAreaSquareMetres(bits: Int) -> Double { Double(bits) * 3.75e-12 }

    /// Area of a `weightBits` × `inputBits` multiplier at 32 nm, square metres.
    public static func multiplierAreaSquareMetres(weightBits: Int, inputBits: Int) -> Double {
        Double(weightBits * inputBits) * 3.75e-12
    }

    /// Area of an SRAM of `capacityBytes` at node `nodeMetres`, square metres: 140 F² per bit
    /// over a 70 % array efficiency.
    public static func sramAreaSquareMetres(capacityBytes: Int, nodeMetres: Double) -> Double {
        Double(capacityBytes) * 8 * 140 * nodeMetres * nodeMetres / 0.7
    }
}
