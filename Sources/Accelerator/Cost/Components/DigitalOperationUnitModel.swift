import Circuit

/// The tile's digital operation unit (`digital-operation-unit`): one integer adder and one
/// integer multiplier on ``ArchitectureSpec/inputBits``-wide values per tile, running the
/// non-matrix operators ISAAC's sigmoid and max-pool units do not (element-wise arithmetic,
/// requantization, hard activations, average divisors: ``Action/digitalAdd``,
/// ``Action/digitalMultiply``, counted in `ChipLedger+DigitalOperations.swift`). ISAAC's
/// Table I has no such unit, so it is not calibrated on the table: its figures are
/// ``HorowitzFigures``' (ISSCC 2014, 45 nm, 0.9 V: 0.03 pJ per 8-bit add, 0.2 pJ per 8×8
/// multiply, with their bit-width power laws), energy scaled from 45 nm to the chip's node and
/// area from the 32 nm adder-cell anchor by ``TechnologyScaling``'s CMOS rule; one action per
/// clock cycle; no leakage (Horowitz's figures are dynamic energies). ISAAC's peak workload,
/// convolutions, leaves it idle, so it adds area but no peak power.
struct DigitalOperationUnitModel: ChipComponentModel {
    var isCalibratedOnTableI: Bool { false }

    func count(_ o: ArchitectureSpec) -> Double { 1 }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "digitalOps (\(o.inputBits)-bit)" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] { [:] }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture, bits = o.inputBits
        let energy = try TechnologyScaling.energyFactor(
            fromNodeMetres: HorowitzFigures.technologyNodeMetres, toNodeMetres: o.technologyNodeMetres, rule: .cmos)
        let area = try TechnologyScaling.areaFactor(fromNodeMetres: HorowitzFigures.areaAnchorNodeMetres, toNodeMetres: o.technologyNodeMetres, rule: .cmos)
        return try ComponentFigures(
            name: c.component.name, technologyNodeMetres: o.technologyNodeMetres,
            energyPerActionJoules: [
                .digitalAdd: HorowitzFigures.adderEnergyJoules(bits: bits) * energy,
                .digitalMultiply: HorowitzFigures.multiplierEnergyJoules(weightBits: bits, inputBits: bits) * energy,
            ],
            staticPowerWatts: 0,
            areaSquareMetres: (HorowitzFigures.adderAreaSquareMetres(bits: bits) + HorowitzFigures.multiplierAreaSquareMetres(weightBits: bits, inputBits: bits)) * area,
            latencySeconds: 1 / o.clockHz,
            source: "Horowitz, ISSCC 2014 (45 nm, 0.9 V): 0.03 pJ per 8-bit add, 0.2 pJ per 8×8 multiply, \(bits)-bit by their power laws, "
                + "scaled to \(Int((o.technologyNodeMetres * 1e9).rounded())) nm (cmos rule); area: adder cells of ISAAC's S+A")
    }
}
