import DataFiles
import Device
import Foundation
import Numerics
import Testing

@testable import Accelerator

/// A whole run: preparation, the analog pass, the report and its JSON.
@Suite("Runs and reports")
struct RunTests {
    /// LeNet-5 on the ideal device, 20 images.
    private let configuration: JSONValue = ["images": 20, "calibrationImages": 100, "device": ["preset": "ideal"]]

    @Test("a run reads its device preset and architecture files once, when the configuration is made")
    func filesReadOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-read-once-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let device = folder.appendingPathComponent("device.json")
        let architecture = folder.appendingPathComponent("architecture.json")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: DevicePreset.load("ideal").file), to: device)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ArchitectureSpec.load("isaac").file), to: architecture)
        let run = try RunConfiguration(json: [
            "images": 5, "calibrationImages": 100, "device": ["preset": .string(device.path)], "architecture": .string(architecture.path),
        ])
        // With the files gone, preparing, re-reading at another setting and running still work.
        try FileManager.default.removeItem(at: device)
        try FileManager.default.removeItem(at: architecture)
        let preparation = try RunPreparation(run)
        let report = try preparation.run(run.setting(false, at: "readNoise"))
        #expect(report.images == 5 && report.agreement == 1)
    }

    @Test("the configuration's baseline reaches the report: DaDianNao's I/O is HyperTransport, Eyeriss's DRAM, each named")
    func pickedBaseline() throws {
        let run = try RunConfiguration(json: ["images": 5, "calibrationImages": 100, "device": ["preset": "ideal"]])
        let preparation = try RunPreparation(run)
        let dadiannao = try preparation.run(run.setting("dadiannao", at: "baseline.kind")).cost
        #expect(dadiannao.digital.ioComponent == "hyperTransport")
        #expect(dadiannao.digital.name.hasPrefix("DaDianNao: 16 tiles"))
        #expect(dadiannao.digital.ioEnergyPerInferenceJoules == dadiannao.digital.energyByComponentJoules["hyperTransport"])
        let eyeriss = try preparation.run(run.setting("eyeriss", at: "baseline.kind").setting(4, at: "baseline.batchSize")).cost
        #expect(eyeriss.digital.ioComponent == "dram" && eyeriss.digital.batchSize == 4)
        #expect(eyeriss.digital.name.hasPrefix("Eyeriss-style row-stationary, 12×14 PEs"))
        // The analog side does not depend on the baseline.
        #expect(eyeriss.energyPerInferenceJoules == dadiannao.energyPerInferenceJoules)
        #expect(eyeriss.analogToDigitalEnergyRatio == eyeriss.energyPerInferenceJoules / eyeriss.digital.energyPerInferenceJoules)
    }

    @Test("an ideal chip agrees with the digital baseline on every image, and the JSON has the documented keys")
    func idealRun() throws {
        let run = try RunConfiguration(json: configuration)
        let report = try RunPreparation(run).run(run)
        #expect(report.images == 20)
        #expect(report.agreement == 1)
        #expect(report.analogAccuracy == report.digitalAccuracy)
        let json = try report.json(includingTiming: false)
        for path in [
            "accuracy.analog", "accuracy.digital", "accuracy.float", "agreement", "images", "energyPerInferenceJoules",
            "energyByComponentJoules.adc", "energyByComponentJoules.array", "latencyPerInferenceSeconds", "throughputInferencesPerSecond",
            "areaSquareMillimetres", "mapping.arrays", "mapping.tiles", "mapping.utilization", "programming.energyJoules",
            "programming.timeSeconds", "configuration.adc.bits", "configuration.device.preset", "checklist.technologyNodeMetres",
            "topsPerWatt", "ledger.conv1.actions.adcConversion", "energyByComponentJoules.buffers",
            "energyByComponentJoules.interconnect", "energyByComponentJoules.digital", "staticEnergyPerInferenceJoules",
            "digital.energyPerInferenceJoules", "analogToDigitalEnergyRatio", "chip.peakTopsPerWatt",
            "onChipEnergyPerInferenceJoules", "ioEnergyPerInferenceJoules", "onChipAnalogToDigitalEnergyRatio", "onChipTopsPerWatt",
            "digital.name", "digital.onChipEnergyPerInferenceJoules", "digital.ioEnergyPerInferenceJoules",
        ] {
            #expect(json.value(at: path) != nil, "missing \(path)")
        }
        #expect(json.value(at: "timing") == nil)
        // The breakdown by kind and by chip component both add up to the total.
        let total = report.cost.energyPerInferenceJoules
        #expect(abs(report.cost.energyByComponentJoules.values.reduce(0, +) - total) <= 1e-12 * total)
        #expect(abs(report.cost.energyByChipComponentJoules.values.reduce(0, +) - total) <= 1e-12 * total)
        #expect(report.cost.analogToDigitalEnergyRatio == total / report.cost.digitalEnergyPerInferenceJoules)
        // On chip + I/O = total; the I/O is the off-chip links' share, the baseline's its DRAM.
        let cost = report.cost
        #expect(abs(cost.onChipEnergyPerInferenceJoules + cost.ioEnergyPerInferenceJoules - total) <= 1e-12 * total)
        #expect(cost.ioEnergyPerInferenceJoules > 0)
        #expect(cost.ioEnergyPerInferenceJoules == cost.energyByChipComponentJoules["offChipLink"])
        // LeNet-5's 28×28 8-bit image read from DRAM and its 10 32-bit logits written (weights and activations fit the SRAMs).
        let dram = Double(784 * 8 + 10 * 32) * HorowitzFigures.dramEnergyPerBitJoules
        #expect(abs(cost.digital.ioEnergyPerInferenceJoules - dram) <= 1e-12 * dram)
        let digitalTotal = cost.digitalEnergyPerInferenceJoules
        #expect(abs(cost.digital.onChipEnergyPerInferenceJoules + dram - digitalTotal) <= 1e-12 * digitalTotal)
        #expect(cost.onChipAnalogToDigitalEnergyRatio == cost.onChipEnergyPerInferenceJoules / cost.digital.onChipEnergyPerInferenceJoules)
        #expect(report.onChipTopsPerWatt == report.operationsPerInference / cost.onChipEnergyPerInferenceJoules / 1e12)
        // The default baseline, sized to LeNet-5: 61,470 bytes of weights → 61 KiB; conv1's 784 + 4,704 bytes in and out → 6 KiB.
        #expect(cost.digital.name == "16×16 MAC array, weight-stationary with a line buffer, 61 KB weight SRAM + 6 KB activation SRAM, DRAM off-chip, at 32 nm")
        #expect(try report.json(includingTiming: true).value(at: "timing.inferenceSeconds") != nil)
        #expect(try RunConfiguration(json: json.value(at: "configuration")!) == run)
        // 2 operations per multiply-accumulate of LeNet-5: 784·25·6 + 100·150·16 + 400·120 + 120·84 + 84·10.
        #expect(report.operationsPerInference == 2 * Double(784 * 25 * 6 + 100 * 150 * 16 + 400 * 120 + 120 * 84 + 84 * 10))
    }

    @Test("a prepared chip runs at other read-time settings, not at others; equal runs give equal reports")
    func readTime() throws {
        let run = try RunConfiguration(json: ["images": 10, "calibrationImages": 100, "device": ["preset": "pcm"], "cells": ["bits": 2]])
        let preparation = try RunPreparation(run)
        let first = try preparation.run(run).json(includingTiming: false)
        #expect(try preparation.run(run).json(includingTiming: false) == first)
        let later = try run.setting(86400, at: "driftTimeSeconds")
        let drifted = try preparation.run(later)
        #expect(drifted.configuration.driftTimeSeconds == 86400)
        #expect {
            try preparation.run(try run.setting(6, at: "adc.bits"))
        } throws: { error in
            "\(error)".contains("'adc.bits': differs from the prepared configuration")
        }
    }

    @Test("latency and throughput follow the pipeline formulas for LeNet-5 on ISAAC")
    func performance() throws {
        let run = try RunConfiguration(json: configuration)
        let report = try RunPreparation(run).run(run)
        let stages = report.performance.stages
        // One 100 ns slice per input bit (128 columns at 1.28 GS/s), 8 bits, every layer fully
        // replicated: conv1 784/784, conv2 100/100 and the dense layers one vector each.
        for stage in stages {
            #expect(abs(stage.sliceSeconds - 100e-9) < 1e-15)
            #expect(stage.slicesPerVector == 8)
            #expect(abs(stage.seconds - 800e-9) < 1e-15)
        }
        // Input: 784 8-bit pixels; output: 10 32-bit values; 4 links of 6.4 GB/s.
        let link = 4 * 6.4e9 * 8
        let expected = 5 * 800e-9 + 784 * 8 / link + 10 * 32 / link
        #expect(abs(report.performance.latencySeconds - expected) < 1e-15)
        #expect(abs(report.performance.throughputInferencesPerSecond - 1 / 800e-9) < 1e-3)
    }

    @Test("an STT-MRAM run warns once the column wire reaches a tenth of the column's 1/(N·G_max)")
    func columnWireWarning() throws {
        // 128 rows at G_max = 714 µS: R_col = 1/(128 · 714 µS) = 10.9 Ω, so the threshold is
        // 1.09 Ω of wire, 8.5 mΩ per cell: 1 Ω per cell is far above it, 1 mΩ (0.13 Ω) below.
        func warnings(ohms: Double) throws -> [String] {
            let run = try RunConfiguration(json: [
                "network": "mlp", "images": 2, "calibrationImages": 10, "device": ["preset": "sttmram"],
                "wire": ["resistanceOhms": .number(ohms)],
            ])
            return try RunPreparation(run).run(run).warnings
        }
        #expect(try warnings(ohms: 1).contains { $0.contains("wire resistance dominates") })
        #expect(try !warnings(ohms: 0.001).contains { $0.contains("wire resistance dominates") })
    }
}
