import Circuit
import Foundation

/// The column ADCs (`column-adc`): `adcsPerArray` per array, each converting
/// ⌈sensed columns / ADCs⌉ columns per cycle, 1/f_s per conversion.
///
/// - SAR: ``ADCModel/sar(resolutionBits:referenceBits:referenceEnergyJoules:enobLossBits:floorJoules:sampleRateHz:areaSquareMetres:technologyNodeMetres:)``
///   anchored at the table's ADC at ISAAC's resolution, E_ref = P/f_s there (ISAAC: 2 mW at
///   1.28 GS/s, 1.5625 pJ), ×2 per bit (Walden) down to the survey's floor (``ADCFigures``);
///   a fraction 1 − λ of it is dynamic energy per conversion and the static power is
///   λ·P·E(B)/E_ref, so at ISAAC's resolution both are Table I's. Area ×1.413 per bit (fit to
///   Accelergy's ISAAC table, hwcomponents-library `isaac.py`). Then scaled to the node.
/// - flash: ``ADCModel/flash(resolutionBits:comparatorEnergyJoules:comparatorAreaSquareMetres:ladderCurrentAmperes:ladderVolts:fullAdderEnergyJoules:sampleRateHz:technologyNodeMetres:)``
///   at the comparator's node (NeuroSim's multi-level sense amplifier, 22 nm; ladder across
///   that node's supply; encoder full adders at Horowitz's 0.1 pJ per 32-bit add, 45 nm, scaled
///   to 22 nm), scaled to the chip's node, with static power λ/(1 − λ)·E·r at this
///   architecture's peak rate r.
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
                floorJoules: adc.energyFloorJoules, sampleRateHz: o.adcSampleRateHz,
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
            let fullAdder = HorowitzFigures.adderEnergyJoules(bits: 32) / 32
                * (try TechnologyScaling.energyFactor(
                    fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: adc.comparatorNodeMetres, rule: .cmos))
            let model = try ADCModel.flash(
                resolutionBits: o.adcBits, comparatorEnergyJoules: adc.comparatorEnergyJoules,
                comparatorAreaSquareMetres: adc.comparatorAreaSquareMetres, ladderCurrentAmperes: adc.ladderCurrentAmperes,
                ladderVolts: try TechnologyScaling.supplyVolts(nodeMetres: adc.comparatorNodeMetres), fullAdderEnergyJoules: fullAdder,
                sampleRateHz: o.adcSampleRateHz, technologyNodeMetres: adc.comparatorNodeMetres)
            let scaled = try model.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos)
            let energy = scaled.energyPerActionJoules[.adcConversion]!
            let rate = peakActionsPerSecond(c.activity)[.adcConversion]!
            return try ComponentFigures(
                name: scaled.name, technologyNodeMetres: scaled.technologyNodeMetres, energyPerActionJoules: scaled.energyPerActionJoules,
                staticPowerWatts: lambda / (1 - lambda) * energy * rate, areaSquareMetres: scaled.areaSquareMetres,
                latencySeconds: 1 / o.adcSampleRateHz, source: scaled.source + "; P_static = λ/(1 − λ) of the peak dynamic power")
        }
    }
}
