import DataFiles
import Experiment
import Foundation
import Numerics
import Testing

/// The experiment specs shipped in `Experiments/`: each loads with the validator of its
/// evaluation (a run or an estimate), so `crossbar sweep` accepts every point before it runs any.
@Suite("Shipped experiment specs")
struct StandardExperimentsTests {
    /// The standard experiments of issue 8, by file name.
    static let standard = ["adc-resolution", "device-variation", "energy-breakdown", "ir-drop", "pcm-drift", "edge-scaling"]

    /// Every `*.json` spec in `Experiments/` and `Experiments/slurm/`.
    static func specFiles() throws -> [URL] {
        let experiments = try ProjectDirectory.experiments()
        return try [experiments, experiments.appendingPathComponent("slurm")].flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
        }.sorted { $0.path < $1.path }
    }

    @Test("every shipped spec loads and every point is a valid configuration of its evaluation")
    func specsLoad() throws {
        let files = try Self.specFiles()
        #expect(Set(files.map { $0.deletingPathExtension().lastPathComponent }).isSuperset(of: Self.standard))
        for file in files {
            let spec: ExperimentSpec
            switch try ExperimentSpec.evaluationKind(of: file) {
            case .run: spec = try ExperimentSpec.load(file, validate: { try RunEvaluator().validate($0) })
            case .estimate: spec = try ExperimentSpec.load(file, validate: { try EstimateEvaluator().validate($0) })
            }
            #expect(spec.pointCount >= 2, "\(file.lastPathComponent)")
            if Self.standard.contains(file.deletingPathExtension().lastPathComponent) {
                #expect(spec.name == file.deletingPathExtension().lastPathComponent)
                #expect(file.deletingLastPathComponent().lastPathComponent == "Experiments")
            }
        }
    }

    @Test("the experiments drawn with error bars repeat every point with different seeds")
    func errorBarsHaveRepetitions() throws {
        let experiments = try ProjectDirectory.experiments()
        for name in ["device-variation", "adc-resolution", "pcm-drift"] {
            let spec = try ExperimentSpec.load(experiments.appendingPathComponent(name + ".json"), validate: { _ in })
            #expect(spec.repetitions >= 2, "\(name)")
            let seeds = Set(spec.points(readTimePaths: RunEvaluator().readTimePaths).map(\.seed))
            // pcm-drift sweeps only read-time settings: one chip (seed) per repetition.
            #expect(seeds.count == (name == "pcm-drift" ? spec.repetitions : spec.pointCount), "\(name)")
        }
    }
}
