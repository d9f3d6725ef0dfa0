import Circuit
import Testing

@testable import Accelerator

@Suite("Component library: technology scaling and size rules")
struct ComponentScalingTests {
    private func within(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a / b - 1) <= tolerance }

    @Test("supplies follow the NeuroSim/PTM table and interpolate linearly between nodes")
    func supplyTable() throws {
        // NeuroSim V1.4 Technology.cpp: 45 nm 1.0 V, 32 nm 0.9 V, 22 nm 0.85 V, 7 nm 0.7 V.
        #expect(try TechnologyScaling.supplyVolts(nodeMetres: 45e-9) == 1.0)
        #expect(try TechnologyScaling.supplyVolts(nodeMetres: 32e-9) == 0.9)
        #expect(try TechnologyScaling.supplyVolts(nodeMetres: 22e-9) == 0.85)
        #expect(try TechnologyScaling.supplyVolts(nodeMetres: 7e-9) == 0.7)
        #expect(abs(try TechnologyScaling.supplyVolts(nodeMetres: 40e-9) - (0.9 + 8.0 / 13 * 0.1)) < 1e-12)
        #expect(throws: CostModelError.self) { try TechnologyScaling.supplyVolts(nodeMetres: 5e-9) }
        #expect(throws: CostModelError.self) { try TechnologyScaling.supplyVolts(nodeMetres: 180e-9) }
    }

    @Test("CMOS energy scales as F·V², area as F², leakage as F·V, latency as F")
    func rules() throws {
        let e = try TechnologyScaling.energyFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .cmos)
        #expect(abs(e - 22.0 / 32 * (0.85 / 0.9) * (0.85 / 0.9)) < 1e-15)
        let a = try TechnologyScaling.areaFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .cmos)
        #expect(abs(a - (22.0 / 32) * (22.0 / 32)) < 1e-15)
        let p = try TechnologyScaling.staticPowerFactor(fromNodeMetres: 45e-9, toNodeMetres: 65e-9, rule: .cmos)
        #expect(abs(p - 65.0 / 45 * 1.1 / 1.0) < 1e-15)
        let t = try TechnologyScaling.latencyFactor(fromNodeMetres: 45e-9, toNodeMetres: 65e-9, rule: .cmos)
        #expect(abs(t - 65.0 / 45) < 1e-15)
        // The cell array's area follows F²; its energy is the device's. Off-chip nothing scales.
        #expect(try TechnologyScaling.energyFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .cellArray) == 1)
        #expect(abs(try TechnologyScaling.areaFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .cellArray) - a) < 1e-15)
        #expect(try TechnologyScaling.areaFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .offChip) == 1)
        #expect(try TechnologyScaling.energyFactor(fromNodeMetres: 32e-9, toNodeMetres: 22e-9, rule: .offChip) == 1)
    }

    @Test("every factor grows monotonically with the node from 7 to 130 nm")
    func monotonic() throws {
        let nodes = stride(from: 7.0, through: 130, by: 0.5).map { $0 * 1e-9 }
        for rule in [TechnologyScaling.Rule.cmos, .cellArray] {
            var previous = (0.0, 0.0, 0.0, 0.0)
            for node in nodes {
                let factors = (
                    try TechnologyScaling.energyFactor(fromNodeMetres: 32e-9, toNodeMetres: node, rule: rule),
                    try TechnologyScaling.areaFactor(fromNodeMetres: 32e-9, toNodeMetres: node, rule: rule),
                    try TechnologyScaling.staticPowerFactor(fromNodeMetres: 32e-9, toNodeMetres: node, rule: rule),
                    try TechnologyScaling.latencyFactor(fromNodeMetres: 32e-9, toNodeMetres: node, rule: rule)
                )
                #expect(factors.0 >= previous.0 && factors.1 > previous.1 && factors.2 >= previous.2 && factors.3 >= previous.3, "\(rule) at \(node)")
                if rule == .cmos { #expect(factors.0 > previous.0 && factors.2 > previous.2 && factors.3 > previous.3) }
                previous = factors
            }
        }
    }

    @Test("a component scaled to another node and back is unchanged, and its figures follow the rules")
    func componentRoundTrip() throws {
        let adc = try ADCModel.sar(
            resolutionBits: 8, fomJoulesPerStep: 0.4e-12, perBitScaling: 1.2, sampleRateHz: 1.28e9, areaSquareMetres: 1200e-12,
            technologyNodeMetres: 32e-9)
        let scaled = try adc.scaled(toNodeMetres: 14e-9, rule: .cmos)
        let factor = 14.0 / 32 * (0.8 / 0.9) * (0.8 / 0.9)
        #expect(within(scaled.energyPerActionJoules[.adcConversion]!, adc.energyPerConversionJoules * factor, 1e-12))
        #expect(within(scaled.areaSquareMetres, adc.areaSquareMetres * (14.0 / 32) * (14.0 / 32), 1e-12))
        #expect(within(scaled.latencySeconds, adc.latencySeconds * 14 / 32, 1e-12))
        let back = try scaled.scaled(toNodeMetres: 32e-9, rule: .cmos)
        #expect(within(back.energyPerActionJoules[.adcConversion]!, adc.energyPerConversionJoules, 1e-12))
        #expect(within(back.areaSquareMetres, adc.areaSquareMetres, 1e-12))
        #expect(scaled.technologyNodeMetres == 14e-9)
    }

    @Test("ISAAC at 22 nm: CMOS components follow F·V² and F², the link does not scale, the calibration holds at 32 nm")
    func chipAtAnotherNode() throws {
        let o = try AcceleratorTestSupport.isaac(["technologyNodeMetres": 22e-9])
        let at32 = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        let at22 = try ChipCostModel(architecture: o)
        let energy = 22.0 / 32 * (0.85 / 0.9) * (0.85 / 0.9)
        let area = (22.0 / 32) * (22.0 / 32)
        for component in at32.table.components {
            let (a, b) = (at32.components[component]!, at22.components[component]!)
            let rule: (Double, Double) = switch component.name {
            case "offChipLink": (1, 1)
            case "array": (1, area)
            default: (energy, area)
            }
            for (action, joules) in a.energyPerActionJoules {
                #expect(within(b.energyPerActionJoules[action]!, joules * rule.0, 1e-12), "\(component) \(action)")
            }
            #expect(within(b.areaSquareMetres, a.areaSquareMetres * rule.1, 1e-12), "\(component) area")
        }
    }

    @Test("buffers scale with capacity: energy per bit ∝ √C, area and leakage ∝ C")
    func bufferSizes() throws {
        let o = try AcceleratorTestSupport.isaac(["edramBytesPerTile": 262_144, "inputRegisterBytesPerIMA": 512])
        let base = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        let sized = try ChipCostModel(architecture: o)
        for (component, ratio) in [("tileBuffer", 4.0), ("inputRegister", 0.25)] {
            let (a, b) = (try base.figures(component), try sized.figures(component))
            for (action, joules) in a.energyPerActionJoules {
                #expect(within(b.energyPerActionJoules[action]!, joules * ratio.squareRoot(), 1e-12))
            }
            #expect(within(b.areaSquareMetres, a.areaSquareMetres * ratio, 1e-12))
            #expect(within(b.staticPowerWatts, a.staticPowerWatts * ratio, 1e-12))
        }
    }

    @Test("SAR energy is FOM·k^B (Walden: k = 2), flash energy (2^B − 1) comparators")
    func adcModels() throws {
        let walden = try ADCModel.sar(
            resolutionBits: 6, fomJoulesPerStep: 57e-15, perBitScaling: 2, sampleRateHz: 1e9, areaSquareMetres: 1e-9, technologyNodeMetres: 32e-9)
        #expect(abs(walden.energyPerConversionJoules - 57e-15 * 64) < 1e-24)
        // NeuroSim flash: 5 bits = 31 comparators × 1.7 fJ ≈ 53 fJ.
        let flash = try ADCModel.flash(resolutionBits: 5)
        #expect(abs(flash.energyPerConversionJoules - 31 * 1.7e-15) < 1e-24)
        #expect(throws: CostModelError.self) {
            try ADCModel.sar(
                resolutionBits: 8, fomJoulesPerStep: 1e-15, perBitScaling: 0.5, sampleRateHz: 1e9, areaSquareMetres: 1e-9, technologyNodeMetres: 32e-9)
        }
    }

    @Test("ADC and DAC resolutions follow ×1.2 per bit and 2^d − 1 unit elements")
    func converterBits() throws {
        let o = try AcceleratorTestSupport.isaac(["adcBits": 6, "dacBits": 2])
        let base = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        let other = try ChipCostModel(architecture: o)
        #expect(within(
            (try other.figures("adc")).energyPerActionJoules[.adcConversion]!,
            (try base.figures("adc")).energyPerActionJoules[.adcConversion]! / (1.2 * 1.2), 1e-12))
        #expect(within((try other.figures("adc")).areaSquareMetres, (try base.figures("adc")).areaSquareMetres / (1.413 * 1.413), 1e-12))
        #expect(within(
            (try other.figures("dac")).energyPerActionJoules[.dacConversion]!, 3 * (try base.figures("dac")).energyPerActionJoules[.dacConversion]!,
            1e-12))
    }
}
