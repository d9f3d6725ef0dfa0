import Circuit
import Foundation

/// The column ADCs (`column-adc`): `adcsPerArray` per array, each converting
/// ⌈sensed columns / ADCs⌉ columns per cycle, 1/f_s per conversion.
///
/// - SAR: anchored at the table's ADC at ISAAC's resolution, E = (1 − λ)·P/f_s there, energy
///   and leakage ×1.2 and area ×1.413 per bit (``ADCModel``, fit to Accelergy's ISAAC table),
///   then scaled to the node.
/// - flash: ``ADCModel/flash(resolutionBits:comparatorEnergyJoules:comparatorAreaSquareMetres:sampleRateHz:technologyNodeMetres:)``
///   (NeuroSim's multi-level sense amplifier, 22 nm) scaled to the node, with static power
///   λ/(1 − λ)·E·r at this architecture's peak rate r.
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
        switch o.adcArchitecture {
        case .sar:
            let atReference = c.table.energyPerAction(c.component, leakageFraction: lambda)
            let reference = c.table.architecture.adcBits
            let perBit = pow(1.2, Double(o.adcBits - reference))
            let model = try ADCModel.sar(
                resolutionBits: o.adcBits, fomJoulesPerStep: atReference / pow(1.2, Double(reference)), perBitScaling: 1.2, sampleRateHz: o.adcSampleRateHz,
                areaSquareMetres: c.reference.areaSquareMetres * pow(1.413, Double(o.adcBits - reference)),
                technologyNodeMetres: c.table.technologyNodeMetres)
            let figures = try ComponentFigures(
                name: model.name, technologyNodeMetres: model.technologyNodeMetres, energyPerActionJoules: model.energyPerActionJoules,
                staticPowerWatts: lambda * c.reference.peakPowerWatts * perBit,
                areaSquareMetres: model.areaSquareMetres, latencySeconds: model.latencySeconds,
                source: c.reference.source + "; E = (1 − λ)·P/f_s at \(reference) bits, ×1.2 per bit (Accelergy isaac.py), area ×1.413 per bit, P_static = λ·P")
            return try figures.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos).withLatency(1 / o.adcSampleRateHz)
        case .flash:
            let model = try ADCModel.flash(resolutionBits: o.adcBits, sampleRateHz: o.adcSampleRateHz)
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
