import Circuit
import Foundation

/// The column ADCs (`column-adc`): `adcsPerArray` per array, each converting
/// ⌈sensed columns / ADCs⌉ columns per cycle, 1/f_s per conversion.
///
/// - SAR: ``ADCModel/sar(resolutionBits:referenceBits:referenceEnergyJoules:enobLossBits:floorJoules:sampleRateHz:areaSquareMetres:technologyNodeMetres:)``
///   anchored at the table's ADC at ISAAC's resolution, E_ref = P/f_s there (ISAAC: 2 mW at
///   1.28 GS/s, 1.5625 pJ), ×2 per bit (Walden) down to the survey's floor and ×4 per bit
///   (Schreier) above the survey's thermal corner (``ADCFigures``);
///   a fraction 1 − λ of it is dynamic energy per conversion and the static power is
///   λ·P·E(B)/E_ref, so at ISAAC's resolution both are Table I's. Area ×1.413 per bit (fit to
///   Accelergy's ISAAC table, hwcomponents-library `isaac.py`). Then scaled to the node.
/// - flash: ``ADCModel/flash(resolutionBits:comparatorEnergyJoules:comparatorAreaSquareMetres:ladderCurrentAmperes:ladderVolts:fullAdderEnergyJoules:sampleRateHz:technologyNodeMetres:)``
///   at the comparator's node (NeuroSim's multi-level sense amplifier, 22 nm; ladder across
///   that node's supply; encoder full adders at Horowitz's 0.1 pJ per 32-bit add, 45 nm, scaled
///   to 22 nm), scaled to the chip's node, with static power λ/(1 − λ)·E·r at this
///   architecture's peak rate r.
/// - ramp: ``ADCModel/ramp(resolutionBits:comparatorEnergyJoules:comparatorAreaSquareMetres:bitEnergyJoules:bitAreaSquareMetres:rampCapacitanceFarads:supplyVolts:sharingComparators:sampleRateHz:technologyNodeMetres:)``
///   at the comparator's node, the flash's comparator, a register or counter bit priced as one
///   of Horowitz's full-adder bits (an assumption: a flip-flop toggle and an adder bit switch
///   gates of the same order) with the area of one of ISAAC's shift-and-add bits, the ramp and
///   counter shared by the array's `adcsPerArray` comparators; static power as the flash's.
/// - sense amplifier: ``ADCModel/senseAmplifier(resolutionBits:powerPerBitWatts:powerOffsetWatts:columnPowerVoltsSquared:columnConductanceSiemens:cycleSeconds:transistorAreaSquareMetres:sampleRateHz:technologyNodeMetres:)``
///   at NeuroSim's 22 nm, G_col = rows·(G_min + G_max)/2·V_read/0.5 V of the run's device (a
///   column of mid-level cells on every row, NeuroSim's R_col scaled to its 0.5 V fit; 0 without
///   a device), each transistor half of NeuroSim's transmission gate
///   (``NeuroSimCircuitFigures/transmissionGateAreaSquareMetres``, 20 F²), scaled to the chip's
///   node; no leakage (NeuroSim's `SarADC` has none).
struct ColumnADCModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { Double(o.arraysPerIMA * o.adcsPerArray) }

    func countLabel(_ o: ArchitectureSpec) -> String {
        o.adcsPerArray > 1 ? "\(o.arraysPerIMA)×\(o.adcsPerArray)" : "\(Int(count(o)))"
    }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.adcBits)-bit \(o.adcArchitecture.rawValue))" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        [.adcConversion: activity.conversionsPerADC / activity.cycleSeconds]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        let lambda = c.leakageFraction
        let adc = c.table.adc
        switch o.adcArchitecture {
        case .sar:
            let reference = c.table.architecture.adcBits
            let referenceEnergy = c.reference.peakPowerWatts / c.table.referenceActionsPerSecond[c.component]![.adcConversion]!
            let model = try ADCModel.sar(
                resolutionBits: o.adcBits, referenceBits: reference, referenceEnergyJoules: referenceEnergy, enobLossBits: adc.enobLossBits,
                floorJoules: adc.energyFloorJoules, thermalCornerBits: adc.thermalCornerEffectiveBits, sampleRateHz: o.adcSampleRateHz,
                areaSquareMetres: c.reference.areaSquareMetres * pow(1.413, Double(o.adcBits - reference)),
                technologyNodeMetres: c.table.technologyNodeMetres)
            let ratio = model.energyPerConversionJoules / referenceEnergy
            let figures = try ComponentFigures(
                name: model.name, technologyNodeMetres: model.technologyNodeMetres,
                energyPerActionJoules: [.adcConversion: c.table.energyPerAction(c.component, leakageFraction: lambda) * ratio],
                staticPowerWatts: lambda * c.reference.peakPowerWatts * ratio,
                areaSquareMetres: model.areaSquareMetres, latencySeconds: model.latencySeconds,
                source: c.reference.source + "; " + model.source + "; (1 − λ) of it dynamic, P_static = λ·P·E(B)/E_ref, area ×1.413 per bit")
            return try figures.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos).withLatency(1 / o.adcSampleRateHz)
        case .flash:
            let model = try ADCModel.flash(
                resolutionBits: o.adcBits, comparatorEnergyJoules: adc.comparatorEnergyJoules,
                comparatorAreaSquareMetres: adc.comparatorAreaSquareMetres, ladderCurrentAmperes: adc.ladderCurrentAmperes,
                ladderVolts: try TechnologyScaling.supplyVolts(nodeMetres: adc.comparatorNodeMetres),
                fullAdderEnergyJoules: try fullAdderJoules(atNodeMetres: adc.comparatorNodeMetres), sampleRateHz: o.adcSampleRateHz,
                technologyNodeMetres: adc.comparatorNodeMetres)
            return try leaking(model, c)
        case .ramp:
            let bitArea = HorowitzFigures.adderAreaSquareMetres(bits: 1)
                * (try TechnologyScaling.areaFactor(
                    fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: adc.comparatorNodeMetres, rule: .cmos))
            let model = try ADCModel.ramp(
                resolutionBits: o.adcBits, comparatorEnergyJoules: adc.comparatorEnergyJoules,
                comparatorAreaSquareMetres: adc.comparatorAreaSquareMetres, bitEnergyJoules: try fullAdderJoules(atNodeMetres: adc.comparatorNodeMetres),
                bitAreaSquareMetres: bitArea, rampCapacitanceFarads: adc.rampCapacitanceFarads,
                supplyVolts: try TechnologyScaling.supplyVolts(nodeMetres: adc.comparatorNodeMetres), sharingComparators: o.adcsPerArray,
                sampleRateHz: o.adcSampleRateHz, technologyNodeMetres: adc.comparatorNodeMetres)
            return try leaking(model, c)
        case .senseAmplifier:
            let columnConductance = c.device.map {
                Double(o.arrayRows) * ($0.conductanceMinSiemens + $0.conductanceMaxSiemens) / 2 * $0.readVoltageVolts / 0.5
            } ?? 0
            let model = try ADCModel.senseAmplifier(
                resolutionBits: o.adcBits, powerPerBitWatts: adc.senseAmplifierPowerPerBitWatts, powerOffsetWatts: adc.senseAmplifierPowerOffsetWatts,
                columnPowerVoltsSquared: adc.senseAmplifierColumnPowerVoltsSquared, columnConductanceSiemens: columnConductance,
                cycleSeconds: adc.senseAmplifierCycleSeconds,
                transistorAreaSquareMetres: NeuroSimCircuitFigures.transmissionGateAreaSquareMetres / 2
                    * (try TechnologyScaling.areaFactor(
                        fromNodeMetres: NeuroSimCircuitFigures.technologyNodeMetres, toNodeMetres: adc.senseAmplifierNodeMetres, rule: .cmos)),
                sampleRateHz: o.adcSampleRateHz, technologyNodeMetres: adc.senseAmplifierNodeMetres)
            let scaled = try model.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos)
            return try scaled.withLatency(1 / o.adcSampleRateHz)
        }
    }

    /// One full-adder bit at `node`: Horowitz's 32-bit add (45 nm) per bit, scaled by the CMOS rule, joules.
    private func fullAdderJoules(atNodeMetres node: Double) throws -> Double {
        HorowitzFigures.adderEnergyJoules(bits: 32) / 32
            * (try TechnologyScaling.energyFactor(fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: node, rule: .cmos))
    }

    /// `model` scaled to the chip's node with static power λ/(1 − λ) of its peak dynamic power,
    /// 1/f_s per conversion.
    private func leaking(_ model: ADCModel, _ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, lambda = c.leakageFraction
        let scaled = try model.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos)
        let energy = scaled.energyPerActionJoules[.adcConversion]!
        let rate = peakActionsPerSecond(c.activity)[.adcConversion]!
        return try ComponentFigures(
            name: scaled.name, technologyNodeMetres: scaled.technologyNodeMetres, energyPerActionJoules: scaled.energyPerActionJoules,
            staticPowerWatts: lambda / (1 - lambda) * energy * rate, areaSquareMetres: scaled.areaSquareMetres,
            latencySeconds: 1 / o.adcSampleRateHz, source: scaled.source + "; P_static = λ/(1 − λ) of the peak dynamic power")
    }
}
