import Foundation
import Testing

@testable import Accelerator

@Suite("ADC energy per conversion: SAR by Walden's and Schreier's figures of merit with the survey floor, flash, ramp and sense amplifier by their parts")
struct ADCEnergyTests {
    private func within(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a / b - 1) <= tolerance }

    private func sar(_ bits: Int) throws -> ADCModel {
        try ADCModel.sar(
            resolutionBits: bits, referenceBits: 8, referenceEnergyJoules: 1.5625e-12, enobLossBits: 1.76, floorJoules: 0.78e-12,
            thermalCornerBits: 10.41, sampleRateHz: 1.28e9, areaSquareMetres: 1200e-12, technologyNodeMetres: 32e-9)
    }

    @Test("ENOB from SNDR gives the survey's Walden FOM of Kull'13: 2.55 pJ / 2^6.24 = 33.8 fJ per step")
    func waldenFigureOfMerit() {
        let enob = ADCModel.effectiveBits(sndrDecibels: 39.3)
        #expect(abs(enob - 37.54 / 6.02) < 1e-12)
        // The survey lists 33.8 fJ (three figures): within half a unit of the last digit.
        #expect(abs(2.55e-12 / pow(2, enob) - 33.8e-15) <= 0.05e-15)
    }

    @Test("SAR: the calibration point exactly, ×2 per bit up to the thermal corner, ×4 per bit above it, never below the floor")
    func sarScaling() throws {
        #expect(try sar(8).energyPerConversionJoules == 1.5625e-12)
        // Walden up to ENOB 10.41: 12 bits (ENOB 10.24) is 1.5625 pJ·2^4 = 25 pJ.
        for bits in 8..<12 {
            #expect(within(try sar(bits + 1).energyPerConversionJoules, 2 * (try sar(bits).energyPerConversionJoules), 1e-15))
        }
        // 13 bits, ENOB 11.24: FOM_W·2^10.41·4^(11.24 − 10.41) with FOM_W = 1.5625 pJ/2^6.24, about 88.9 pJ.
        #expect(within(try sar(13).energyPerConversionJoules, 1.5625e-12 * pow(2, 10.41 - 6.24) * pow(4, 11.24 - 10.41), 1e-12))
        for bits in 13..<16 {
            #expect(within(try sar(bits + 1).energyPerConversionJoules, 4 * (try sar(bits).energyPerConversionJoules), 1e-12))
        }
        // 7 bits: 0.78125 pJ, just above the floor; 6 bits and fewer: Walden's 0.39 pJ is below it.
        #expect(within(try sar(7).energyPerConversionJoules, 0.78125e-12, 1e-15))
        for bits in 1...6 { #expect(try sar(bits).energyPerConversionJoules == 0.78e-12) }
        #expect(throws: CostModelError.self) {
            try ADCModel.sar(
                resolutionBits: 8, referenceBits: 8, referenceEnergyJoules: 1e-12, enobLossBits: -1, floorJoules: 1e-13, thermalCornerBits: 10.41, sampleRateHz: 1e9,
                areaSquareMetres: 1e-9, technologyNodeMetres: 32e-9)
        }
    }

    @Test("flash: 2^B − 1 comparators + ladder V·I/f_s + 2^B − 1 − B encoder full adders, worked by hand")
    func flashParts() throws {
        let flash = try ADCModel.flash(
            resolutionBits: 6, comparatorEnergyJoules: 1.7e-15, comparatorAreaSquareMetres: 2e-12, ladderCurrentAmperes: 10e-6,
            ladderVolts: 0.85, fullAdderEnergyJoules: 2e-15, sampleRateHz: 1e9, technologyNodeMetres: 22e-9)
        // 63 × 1.7 fJ = 107.1 fJ; 0.85 V × 10 µA × 1 ns = 8.5 fJ; 57 × 2 fJ = 114 fJ.
        #expect(within(flash.energyPerConversionJoules, 229.6e-15, 1e-14))
        #expect(within(flash.areaSquareMetres, 126e-12, 1e-14))
        #expect(flash.latencySeconds == 1e-9)
        #expect(throws: CostModelError.self) {
            try ADCModel.flash(
                resolutionBits: 6, comparatorEnergyJoules: 1.7e-15, comparatorAreaSquareMetres: 2e-12, ladderCurrentAmperes: 0,
                ladderVolts: 0.85, fullAdderEnergyJoules: 2e-15, sampleRateHz: 1e9, technologyNodeMetres: 22e-9)
        }
    }

    @Test("PRIME's 6-bit flash at 65 nm: NeuroSim's comparators, the ladder and Horowitz's full adders at 22 nm, scaled by F·V²")
    func primeFlash() throws {
        let figures = try ChipCostModel(architecture: ArchitectureSpec.load("prime")).figures("adc")
        // Horowitz 45 nm: 0.1 pJ per 32-bit add, 3.125 fJ per full adder; to 22 nm ×(22/45)·(0.85/1.0)².
        let fullAdder = 0.1e-12 / 32 * (22.0 / 45) * 0.85 * 0.85
        let at22 = 63 * 1.7e-15 + 0.85 * 10e-6 / 1e9 + 57 * fullAdder
        let to65 = 65.0 / 22 * (1.1 / 0.85) * (1.1 / 0.85)
        #expect(within(figures.energyPerActionJoules[.adcConversion]!, at22 * to65, 1e-12))
    }

    @Test("ramp: 2^B comparator decisions + B register bits + a 1/N share of the ramp C·V² and the counter's 2^(B+1) − 2 toggles, worked by hand")
    func rampParts() throws {
        let ramp = try ADCModel.ramp(
            resolutionBits: 4, comparatorEnergyJoules: 1.7e-15, comparatorAreaSquareMetres: 2e-12, bitEnergyJoules: 1e-15,
            bitAreaSquareMetres: 1e-12, rampCapacitanceFarads: 100e-15, supplyVolts: 0.85, sharingComparators: 8, sampleRateHz: 1e7,
            technologyNodeMetres: 22e-9)
        // 16 × 1.7 fJ = 27.2 fJ; 4 × 1 fJ = 4 fJ; (30 × 1 fJ + 100 fF × 0.85² V² = 72.25 fJ)/8 = 12.78125 fJ.
        #expect(within(ramp.energyPerConversionJoules, 27.2e-15 + 4e-15 + (30e-15 + 72.25e-15) / 8, 1e-13))
        // 2 µm² + 4 × 1 µm² × (1 + 1/8) = 6.5 µm².
        #expect(within(ramp.areaSquareMetres, 6.5e-12, 1e-13))
        #expect(ramp.latencySeconds == 1e-7)
        #expect(throws: CostModelError.self) {
            try ADCModel.ramp(
                resolutionBits: 4, comparatorEnergyJoules: 1.7e-15, comparatorAreaSquareMetres: 2e-12, bitEnergyJoules: 1e-15,
                bitAreaSquareMetres: 1e-12, rampCapacitanceFarads: 100e-15, supplyVolts: 0.85, sharingComparators: 0, sampleRateHz: 1e7,
                technologyNodeMetres: 22e-9)
        }
    }

    @Test("sense amplifier: NeuroSim's SarADC.cpp at 22 nm, (0.538·B + 4.3753) µW + 0.072341 V²·G_col for (B + 1) ns")
    func senseAmplifierParts() throws {
        let adc = try ADCModel.senseAmplifier(
            resolutionBits: 5, powerPerBitWatts: 0.538e-6, powerOffsetWatts: 4.3753e-6, columnPowerVoltsSquared: 0.072341,
            columnConductanceSiemens: 1e-5, cycleSeconds: 1e-9, transistorAreaSquareMetres: 1e-14, sampleRateHz: 1e9, technologyNodeMetres: 22e-9)
        // (2.69 + 4.3753 + 0.72341) µW × 6 ns = 46.73226 fJ (the reference notes: about 42 fJ plus 4 fJ at R_col = 100 kΩ).
        #expect(within(adc.energyPerConversionJoules, (2.69e-6 + 4.3753e-6 + 0.72341e-6) * 6e-9, 1e-12))
        // (269 + 4 × 109) NMOS + (209 + 4 × 73) PMOS = 1206 transistors of 0.01 µm².
        #expect(within(adc.areaSquareMetres, 1206e-14, 1e-12))
    }

    @Test("the architecture key selects the family: NeuroSim's 5-bit ADC as its current-mode SAR is 7.0653 µW × 6 ns at 22 nm without a device")
    func familyFromArchitectureKey() throws {
        let spec = try ArchitectureSpec.load("neurosim").overriding(["adcArchitecture": .string("senseAmplifier")])
        let figures = try ChipCostModel(architecture: spec).figures("adc")
        // (0.538 µW × 5 + 4.3753 µW) × (5 + 1) × 1 ns = 42.3918 fJ; no device, so no column term.
        #expect(within(figures.energyPerActionJoules[.adcConversion]!, 42.3918e-15, 1e-12))
        #expect(figures.staticPowerWatts == 0)
    }

    @Test("a reference SNDR beyond an ideal 8-bit quantizer is refused, naming the table and the field")
    func impossibleSNDR() throws {
        #expect {
            try ADCFigures(referenceBits: 8, file: "table.json") { key in key == "adcReferenceSNDRDecibels" ? 50 : 1 }
        } throws: { error in
            guard case CostModelError.invalidParameter(let owner, let field, _, _) = error else { return false }
            return owner == "table.json" && field == "parameters.adcReferenceSNDRDecibels.value"
        }
    }
}
