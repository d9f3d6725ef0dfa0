import Accelerator
import DataFiles
import Experiment
import Foundation
import Numerics
import Testing

/// The sweep evaluator of Crossbar's accelerator, on LeNet-5 with a few images (ideal or
/// STT-MRAM cells, whose programming is quick in a debug build).
@Suite("Run evaluator")
struct RunEvaluatorTests {
    /// A small run: LeNet-5 on `images` images, calibrated on 20 training images.
    static func configuration(device: String, images: Int = 4, extra: [String: JSONValue] = [:]) -> JSONValue {
        var tree: JSONValue = [
            "network": "lenet5", "images": .number(Double(images)), "calibrationImages": 20, "device": ["preset": .string(device)],
        ]
        for (path, value) in extra.sorted(by: { $0.key < $1.key }) { try! tree.set(value, at: path) }
        return tree
    }

    @Test("validation names the path of a misspelled, out-of-range or sweep-owned setting")
    func validation() throws {
        let evaluator = RunEvaluator()
        func message(_ configuration: JSONValue) -> String? {
            do {
                try evaluator.validate(configuration)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(message(Self.configuration(device: "reram")) == nil)
        #expect(message(Self.configuration(device: "reram", extra: ["adc.bitz": 3]))?
            .hasPrefix("configuration: 'adc.bitz' is not a setting; allowed here: adc.bits, ") == true)
        #expect(message(Self.configuration(device: "reram", extra: ["adc.bits": 40]))
            == "configuration: 'adc.bits' = 40 is out of range; allowed: an integer in 1...16")
        #expect(message(Self.configuration(device: "reram", extra: ["seed": 3]))?.hasPrefix("configuration: 'seed': a sweep gives every point its own seed") == true)
        #expect(message(Self.configuration(device: "reram", extra: ["network": "missing-model.onnx"]))
            == "configuration: 'network': no bundled model (lenet5, mlp), zoo architecture (alexnet, vgg16, googlenet, resnet18, resnet50, vgg8, vgg11, vgg13, vgg16c, vgg19, msra-a, msra-b, msra-c) "
                + "or ONNX file named 'missing-model.onnx'")
        #expect(message(Self.configuration(device: "reram", extra: ["network": "vgg8"])) == nil)
        #expect(message(Self.configuration(device: "reram", extra: ["dataset": "/no/such/folder"]))
            == "configuration: 'dataset': no folder '/no/such/folder' (or 'mnist', the bundled MNIST)")
        #expect(
            RunEvaluator().readTimePaths == [
                "driftTimeSeconds", "driftCompensation", "readNoise", "adc.noiseLSB", "adc.inlPeakLSB", "adc.dnlSigmaLSB", "adc.offsetSigmaLSB",
                "adc.gainErrorSigmaRelative", "adc.recalibrateAtReadTime", "baseline.kind", "baseline.batchSize", "pipeline.batchSize",
            ])
    }

    @Test("a point's metrics are the run report without timing, and an ideal chip equals the digital baseline")
    func idealPoint() throws {
        let evaluator = RunEvaluator(threads: 2)
        let configuration = Self.configuration(device: "ideal")
        let metrics = try evaluator.evaluate(configuration, seed: 11, preparation: try evaluator.prepare(configuration, seed: 11))
        let analog = try #require(metrics.value(at: "accuracy.analog")?.numberValue)
        #expect(analog == metrics.value(at: "accuracy.digital")?.numberValue)
        #expect(metrics.value(at: "agreement")?.numberValue == 1)
        #expect(metrics.value(at: "images")?.numberValue == 4)
        #expect(metrics.value(at: "timing") == nil)
        #expect(metrics.value(at: "energyPerInferenceJoules")?.numberValue ?? 0 > 0)
        // The report's configuration shows the seed that ran.
        #expect(metrics.value(at: "configuration.seed")?.numberValue == 11)
        #expect(metrics.value(at: "configuration.device.preset") == "ideal")
    }

    @Test("the point's seed programs the chip: metrics equal a run configured with that seed, not the default one")
    func seedIsThePoints() throws {
        let evaluator = RunEvaluator(threads: 2)
        let configuration = Self.configuration(device: "sttmram", extra: ["device.d2dSigmaRelative": 0.3])
        let metrics = try evaluator.evaluate(configuration, seed: 7, preparation: try evaluator.prepare(configuration, seed: 7))
        func direct(seed: Int) throws -> JSONValue {
            let run = try RunConfiguration(json: configuration.setting(.number(Double(seed)), at: "seed"))
            return try RunPreparation(run, threads: 1).run(run, threads: 1).json(includingTiming: false)
        }
        // The array read energy sums V²·G·t over every cell read: the programmed conductances.
        let key = "energyByComponentJoules.array"
        #expect(metrics == (try direct(seed: 7)))
        #expect(metrics.value(at: key) != (try direct(seed: 1)).value(at: key))
    }

    @Test("a preparation serves every point that differs only in read-time settings")
    func sharedPreparation() throws {
        let evaluator = RunEvaluator(threads: 2)
        let noisy = Self.configuration(device: "sttmram", extra: ["readNoise": true])
        let quiet = Self.configuration(device: "sttmram", extra: ["readNoise": false])
        let shared = try evaluator.prepare(noisy, seed: 3)
        let fresh = try evaluator.prepare(quiet, seed: 3)
        #expect(try evaluator.evaluate(quiet, seed: 3, preparation: shared) == evaluator.evaluate(quiet, seed: 3, preparation: fresh))
        #expect(try evaluator.evaluate(noisy, seed: 3, preparation: shared).value(at: "configuration.readNoise") == true)
    }

    @Test("the estimate evaluator: a point without images, within a budget whose fields it checks by path")
    func estimatePoint() throws {
        let evaluator = EstimateEvaluator()
        // One off-chip link: ISAAC's four HyperTransport links alone leak more than 1 W (λ = 10 % of 10.4 W).
        var configuration: JSONValue = [
            "network": "lenet5", "images": 100, "device": ["preset": "reram"], "architectureOverrides": ["offChipLinks": 1],
        ]
        let plain = try evaluator.evaluate(configuration, seed: 1, preparation: ())
        #expect(try #require(plain.value(at: "operationsPerInference")?.numberValue) == Double(2 * 416_520))
        #expect(plain.value(at: "chip") == "isaac, reram")
        #expect(plain.value(at: "budget") == nil)
        try configuration.set(["watts": 1, "squareMillimetres": 25], at: "budget")
        try evaluator.validate(configuration)
        let budgeted = try evaluator.evaluate(configuration, seed: 1, preparation: ())
        #expect(budgeted.value(at: "budget.fits") == true)
        #expect((budgeted.value(at: "budget.framesPerSecond")?.numberValue ?? 0) > 0)
        try configuration.set(-1, at: "budget.watts")
        #expect("\(try #require(throws: RunConfigurationError.self) { try evaluator.validate(configuration) })".contains("'budget.watts'"))
        try configuration.set(["watts": 1], at: "budget")
        #expect("\(try #require(throws: RunConfigurationError.self) { try evaluator.validate(configuration) })".contains("'budget'"))
    }
}
