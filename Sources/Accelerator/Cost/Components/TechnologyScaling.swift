import Foundation

/// How a component's figures change from the technology node they were characterised at to
/// another node.
///
/// The rules, for feature size F (the node) and nominal supply V(F):
/// - **dynamic energy per action** ∝ C·V² with switched capacitance C ∝ F:
///   E(F) = E(F₀)·(F/F₀)·(V(F)/V(F₀))²;
/// - **area** ∝ F²: A(F) = A(F₀)·(F/F₀)²;
/// - **static (leakage) power** ∝ V·I_off·W with off-current per micrometre of width constant
///   across nodes (PTM/ITRS targets about 100 nA/µm for high-performance devices, the value
///   NeuroSim's `Technology.cpp` tabulates) and transistor width W ∝ F:
///   P(F) = P(F₀)·(F/F₀)·(V(F)/V(F₀));
/// - **latency** ∝ F (gate delay C·V/I with C ∝ F and drive current per width constant).
///
/// V(F), the nominal supply, from NeuroSim V1.4 `Technology.cpp` (neurosim/DNN_NeuroSim_V1.4):
/// PTM model cards 130 nm 1.3 V, 90 nm 1.2 V, 65 nm 1.1 V, 45 nm 1.0 V, 32 nm 0.9 V, 22 nm
/// 0.85 V; IRDS 2016/2017 14 nm 0.8 V, 10 nm 0.75 V, 7 nm 0.7 V. Between table nodes V is
/// interpolated linearly in F. Only the ratio V(F)/V(F₀) enters, so a figure measured at
/// another supply (Horowitz's 45 nm numbers are at 0.9 V) scales by the same ratio.
///
/// These are first-order rules (classical scaling with a voltage table): they capture the
/// trend, not a foundry's numbers; analog blocks (ADCs) and SRAM scale less than ideal logic.
/// Valid from 7 nm to 130 nm; other nodes throw.
public enum TechnologyScaling {
    /// Which of the rules apply to a component.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// CMOS logic, SRAM/eDRAM and mixed-signal periphery: every rule above applies.
        case cmos
        /// A passive cell array: area ∝ F²; read energy and time are the device's (V²·G·t),
        /// which do not depend on the CMOS node; no leakage.
        case cellArray
        /// Off-chip I/O and DRAM: energy per bit is set by the channel and the DRAM, not by
        /// this chip's node, and the PHY is pad- and analog-dominated; nothing scales.
        case offChip
    }

    /// (node in nanometres, nominal supply in volts), ascending by node.
    public static let supplyTable: [(nodeNanometres: Double, volts: Double)] = [
        (7, 0.7), (10, 0.75), (14, 0.8), (22, 0.85), (32, 0.9), (45, 1.0), (65, 1.1), (90, 1.2), (130, 1.3),
    ]

    /// The nodes the rules hold for, metres.
    public static let validNodes: ClosedRange<Double> = 7e-9...130e-9

    /// Nominal supply at `nodeMetres`, volts (interpolated linearly between table nodes).
    public static func supplyVolts(nodeMetres: Double) throws -> Double {
        try check(nodeMetres, field: "nodeMetres")
        let nanometres = nodeMetres * 1e9
        let table = supplyTable
        guard let upper = table.firstIndex(where: { $0.nodeNanometres >= nanometres - 1e-9 }) else {
            return table[table.count - 1].volts
        }
        if upper == 0 || abs(table[upper].nodeNanometres - nanometres) < 1e-9 { return table[upper].volts }
        let (f0, v0) = table[upper - 1], (f1, v1) = table[upper]
        return v0 + (nanometres - f0) / (f1 - f0) * (v1 - v0)
    }

    /// E(to)/E(from) for dynamic energy under `rule`.
    public static func energyFactor(fromNodeMetres from: Double, toNodeMetres to: Double, rule: Rule) throws -> Double {
        guard rule == .cmos else { try checkBoth(from, to); return 1 }
        let voltage = try supplyVolts(nodeMetres: to) / supplyVolts(nodeMetres: from)
        return to / from * voltage * voltage
    }

    /// A(to)/A(from) under `rule`.
    public static func areaFactor(fromNodeMetres from: Double, toNodeMetres to: Double, rule: Rule) throws -> Double {
        try checkBoth(from, to)
        return rule == .offChip ? 1 : (to / from) * (to / from)
    }

    /// P_static(to)/P_static(from) under `rule`.
    public static func staticPowerFactor(fromNodeMetres from: Double, toNodeMetres to: Double, rule: Rule) throws -> Double {
        guard rule == .cmos else { try checkBoth(from, to); return 1 }
        return to / from * (try supplyVolts(nodeMetres: to) / supplyVolts(nodeMetres: from))
    }

    /// t(to)/t(from) for the latency of one action under `rule`.
    public static func latencyFactor(fromNodeMetres from: Double, toNodeMetres to: Double, rule: Rule) throws -> Double {
        try checkBoth(from, to)
        return rule == .cmos ? to / from : 1
    }

    private static func checkBoth(_ from: Double, _ to: Double) throws {
        try check(from, field: "fromNodeMetres")
        try check(to, field: "toNodeMetres")
    }

    private static func check(_ node: Double, field: String) throws {
        guard node.isFinite, validNodes.contains(node) else {
            throw CostModelError.invalidParameter(
                owner: "TechnologyScaling", field: field, value: "\(node)", allowed: "7e-9...1.3e-7 m (7–130 nm)")
        }
    }
}
