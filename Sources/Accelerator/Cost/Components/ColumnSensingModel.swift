import Circuit
import Foundation

/// The column amplifiers (`column-sensing`) of an architecture that senses its columns with a
/// transimpedance amplifier or a charge integrator (``ColumnSensing``; none under `none`, ISAAC):
/// one per sensed column, each sensing its column once per converted slice, so one
/// ``Action/columnSense`` per ADC conversion (derived from the ledger's conversions). Not in
/// ISAAC's Table I; closed forms, at the chip's node with its supply V_DD
/// (``TechnologyScaling/supplyVolts(nodeMetres:)``), over the read time t (the device's read
/// pulse, or the read cycle without a device):
/// - TIA: the op-amp's bias current I_bias flows from V_DD for the read, E = I_bias·V_DD·t;
/// - integrator: the same bias plus the column's charge integrated onto C_int to the swing
///   V_swing, which the op-amp's output stage draws from V_DD, E = I_bias·V_DD·t + C_int·V_swing·V_DD
///   (the capacitor is reset, its charge dumped, after the conversion).
///
/// The amplifier is biased only while its column is read (assumption: power-gated between
/// reads), so no static power. Area: the op-amp (`sensingAmplifierAreaSquareMetres` at
/// `sensingAmplifierNodeMetres`, scaled to the node by F²) and, for the integrator, C_int at
/// the capacitor density `integratorCapacitanceFaradsPerSquareMetre` (not scaled: a MIM
/// capacitor's density does not follow the node). The TIA's feedback resistor's area is not
/// modelled. Latency: the read time.
struct ColumnSensingModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] {
        [
            "sensingAmplifierBiasCurrentAmperes", "sensingAmplifierAreaSquareMetres", "sensingAmplifierNodeMetres",
            "integratorCapacitanceFarads", "integratorSwingVolts", "integratorCapacitanceFaradsPerSquareMetre",
        ]
    }

    func count(_ o: ArchitectureSpec) -> Double { o.columnSensing == .none ? 0 : Double(o.arraysPerIMA * o.sensedColumnsPerArray) }

    func countLabel(_ o: ArchitectureSpec) -> String { count(o) > 0 ? "\(o.arraysPerIMA)×\(o.sensedColumnsPerArray)" : "0" }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.columnSensing.rawValue))" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.columnSense: 1 / activity.cycleSeconds] }

    func derivedActions(_ ledger: LayerLedger, _ architecture: ArchitectureSpec) -> [Action: Double] {
        [.columnSense: Double(ledger.actions[.adcConversion])]
    }

    /// Energy of one sense: I_bias·V_DD·t, plus C_int·V_swing·V_DD for an integrator, joules.
    static func senseEnergyJoules(
        _ sensing: ColumnSensing, biasAmperes: Double, supplyVolts: Double, readSeconds: Double, capacitanceFarads: Double, swingVolts: Double
    ) -> Double {
        switch sensing {
        case .none: return 0
        case .transimpedanceAmplifier: return biasAmperes * supplyVolts * readSeconds
        case .integrator: return biasAmperes * supplyVolts * readSeconds + capacitanceFarads * swingVolts * supplyVolts
        }
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, keys = figureKeys
        let (bias, area, areaNode) = (c.figure(keys[0]), c.figure(keys[1]), c.figure(keys[2]))
        let (capacitance, swing, density) = (c.figure(keys[3]), c.figure(keys[4]), c.figure(keys[5]))
        let node = o.technologyNodeMetres
        let t = c.device?.readPulseSeconds ?? o.readCycleSeconds
        let energy = Self.senseEnergyJoules(
            o.columnSensing, biasAmperes: bias.value, supplyVolts: try TechnologyScaling.supplyVolts(nodeMetres: node), readSeconds: t,
            capacitanceFarads: capacitance.value, swingVolts: swing.value)
        let amplifierArea = area.value * (try TechnologyScaling.areaFactor(fromNodeMetres: areaNode.value, toNodeMetres: node, rule: .cmos))
        let capacitorArea = o.columnSensing == .integrator ? capacitance.value / density.value : 0
        let used = o.columnSensing == .integrator ? [bias, area, capacitance, swing, density] : [bias, area]
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: node, energyPerActionJoules: [.columnSense: energy], staticPowerWatts: 0,
            areaSquareMetres: amplifierArea + capacitorArea, latencySeconds: t,
            source: (o.columnSensing == .integrator ? "integrator: E = I_bias·V_DD·t + C_int·V_swing·V_DD" : "TIA: E = I_bias·V_DD·t")
                + " per sensed column and read; " + used.map(\.source).joined(separator: "; "))
    }
}
