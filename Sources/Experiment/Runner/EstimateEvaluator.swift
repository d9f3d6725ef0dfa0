import Accelerator
import DataFiles

/// Evaluates sweep points with ``WorkloadEstimate``: a network's energy, throughput and area from
/// its mapping at full activity, without images or programming — what an experiment over
/// networks too large to simulate (an edge-scaling study) needs. A spec selects it with
/// `"evaluation": "estimate"`.
///
/// A point's tree is a run configuration (``RunConfiguration``; its network, architecture and
/// settings, device, bits, and `images` as the inferences through the pipeline) plus an optional
/// `budget` {`watts`, `squareMillimetres`}: the chip is then cut to the tiles that fit the area and
/// run within the power (``EdgeBudget``). Metrics: ``WorkloadEstimate/json`` with, under a budget,
/// `budget` (``EdgeBudget/json(_:)``), the `device` {`name`, `technology`} and `chip`
/// ("architecture, device": a series label for plots). Estimates draw no random numbers; the point's seed only
/// enters the structure network's seeded weights.
public struct EstimateEvaluator: SweepEvaluator {
    /// An evaluator.
    public init() {}

    /// Throws ``RunConfigurationError`` naming the path of the first problem of `configuration`
    /// (the run configuration's checks, then the budget's).
    public func validate(_ configuration: JSONValue) throws {
        let (run, budget) = Self.parts(configuration)
        try RunEvaluator().validate(run)
        _ = try Self.budget(budget)
    }

    /// The estimate of the point, under its budget if it has one.
    public func evaluate(_ configuration: JSONValue, seed: UInt64, preparation: Void) throws -> JSONValue {
        let (tree, budgetTree) = Self.parts(configuration)
        let run = try RunEvaluator.runConfiguration(tree, seed: seed)
        let device = try run.makeDevice()
        var metrics: JSONValue
        if let budget = try Self.budget(budgetTree) {
            let (name, network, architecture) = try WorkloadEstimate.structure(of: run)
            let outcome = try budget.evaluate(
                network: network, networkName: name, architecture: architecture, device: device, images: run.images,
                baseline: run.baselineKind, baselineBatchSize: run.baselineBatchSize)
            metrics = outcome.estimate.json
            try metrics.set(budget.json(outcome), at: "budget")
        } else {
            metrics = try WorkloadEstimate(configuration: run, device: device).json
        }
        try metrics.set(["name": .string(device.name), "technology": .string(device.technology.rawValue)], at: "device")
        try metrics.set(.string("\(run.architectureAsFiled.name), \(device.name)"), at: "chip")
        return metrics
    }

    /// The run configuration and the budget subtree of a point's tree.
    private static func parts(_ configuration: JSONValue) -> (run: JSONValue, budget: JSONValue?) {
        guard case .object(var members) = configuration else { return (configuration, nil) }
        let budget = members.removeValue(forKey: "budget")
        return (.object(members), budget)
    }

    /// The budget a `budget` subtree gives, checked.
    private static func budget(_ tree: JSONValue?) throws -> EdgeBudget? {
        guard let tree else { return nil }
        guard case .object(let members) = tree, Set(members.keys) == ["watts", "squareMillimetres"] else {
            throw RunConfigurationError.rejected(path: "budget", reason: "an object with exactly 'watts' and 'squareMillimetres'")
        }
        func positive(_ key: String) throws -> Double {
            guard let value = members[key]?.numberValue, value.isFinite, value > 0 else {
                throw RunConfigurationError.outOfRange(path: "budget." + key, value: members[key]!.canonicalJSON(), allowed: "a number > 0")
            }
            return value
        }
        return try EdgeBudget(watts: positive("watts"), squareMillimetres: positive("squareMillimetres"))
    }
}
