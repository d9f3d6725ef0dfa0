import Circuit

/// The column integrators (`column-sensing`) of an architecture that senses its columns with
/// a charge integrator (``ColumnSensing/integrator``; none under ``ColumnSensing/none``, which
/// all four bundled architectures have): one per sensed column, each sensing its column once
/// per converted slice, so one ``Action/columnSense`` per ADC conversion, derived at pricing
/// from the ledger's conversions. Not in ISAAC's Table I.
///
/// Figures: the CMOS read circuit of NeuroSim (neurosim/MLP_NeuroSim_V3.0, `ReadCircuit.cpp`,
/// mode `CMOS`, an integrate-and-fire neuron per read column):
/// - energy `readDynamicEnergy = 1.346e-12` J per column and read, a SPICE figure at 65 nm
///   (`integratorReadEnergyJoules` at `integratorNodeMetres`), scaled to the chip's node by
///   the CMOS rule (F·V², ``TechnologyScaling``). It covers NeuroSim's whole read body (the
///   integrator with its threshold comparator and reset), an upper figure for the integrator
///   alone;
/// - area the read body's layout, `MAX_TRANSISTOR_HEIGHT`·F × 20·(`POLY_WIDTH` +
///   `MIN_GAP_BET_GATE_POLY`)·F = 28F × 76F = 2128 F² (`constant.h`; `integratorAreaFeatureSquared`)
///   at the chip's node; NeuroSim's spike-counting flip-flops are left out (the ADC converts);
/// - no static power (NeuroSim's analytic gate leakage of the read body is not modelled, as
///   for the other NeuroSim units here, ``NeuroSimCircuitFigures``);
/// - latency the read time (the device's read pulse, or the read cycle without a device;
///   NeuroSim adds one clock period).
struct ColumnSensingModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    var figureKeys: [String] { ["integratorReadEnergyJoules", "integratorNodeMetres", "integratorAreaFeatureSquared"] }

    func count(_ o: ArchitectureSpec) -> Double { o.columnSensing == .integrator ? Double(o.arraysPerIMA * o.sensedColumnsPerArray) : 0 }

    func countLabel(_ o: ArchitectureSpec) -> String { count(o) > 0 ? "\(o.arraysPerIMA)×\(o.sensedColumnsPerArray)" : "0" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [.columnSense: 1 / activity.cycleSeconds] }

    /// One sense per ADC conversion.
    func derivedActions(_ ledger: LayerLedger, _ architecture: ArchitectureSpec) -> [Action: Double] {
        [.columnSense: Double(ledger.actions[.adcConversion])]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let keys = figureKeys
        let (energy, node, area) = (c.figure(keys[0]), c.figure(keys[1]), c.figure(keys[2]))
        let t = c.device?.readPulseSeconds ?? c.architecture.readCycleSeconds
        let figures = try ComponentFigures(
            name: c.component.name, technologyNodeMetres: node.value, energyPerActionJoules: [.columnSense: energy.value],
            staticPowerWatts: 0, areaSquareMetres: area.value * node.value * node.value, latencySeconds: t,
            source: "integrator per sensed column and read, NeuroSim's CMOS read circuit: " + [energy, node, area].map(\.source).joined(separator: "; "))
        return try figures.scaled(toNodeMetres: c.architecture.technologyNodeMetres, rule: .cmos).withLatency(t)
    }
}
