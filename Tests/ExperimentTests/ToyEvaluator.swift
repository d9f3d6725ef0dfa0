import DataFiles
import Experiment
import Foundation
import Numerics
import Synchronization

/// A small deterministic evaluator with the accelerator's shape: `prepare` "programs a chip"
/// from everything but the drift time, `evaluate` "reads" it at that drift time.
///
/// It checks the runner's contract as it goes: `evaluate` throws if the preparation it is
/// handed was made for a configuration that differs in more than the read-time paths, or for
/// another seed. It logs every call, and can fail after a number of evaluations to stand in
/// for a killed sweep.
struct ToyEvaluator: SweepEvaluator {
    /// The chip: a programmed gain and what it was programmed from.
    struct Chip {
        let gain: Double
        let programmingKey: String
    }

    enum Failure: Error, CustomStringConvertible {
        case unknownSetting(String)
        case wrongType(String, expected: String)
        case wrongPreparation
        case interrupted

        var description: String {
            switch self {
            case .unknownSetting(let path): "\(path) is not a setting"
            case .wrongType(let path, let expected): "\(path) must be \(expected)"
            case .wrongPreparation: "the chip was programmed for another configuration"
            case .interrupted: "interrupted"
            }
        }
    }

    /// Every call, shared by copies of the evaluator.
    final class Calls: Sendable {
        private let state = Mutex((preparations: 0, evaluations: [String]()))
        var preparations: Int { state.withLock { $0.preparations } }
        /// `seed|configuration` of each evaluation, in order.
        var evaluations: [String] { state.withLock { $0.evaluations } }
        func prepared() { state.withLock { $0.preparations += 1 } }
        /// Records an evaluation; returns how many there were before it.
        func evaluating(_ key: String) -> Int {
            state.withLock { state in
                state.evaluations.append(key)
                return state.evaluations.count - 1
            }
        }
    }

    /// The settings the toy understands and their JSON types.
    static let schema: [String: String] = [
        "network": "a string", "images": "a number", "device.preset": "a string",
        "device.d2dSigmaRelative": "a number", "adc.bits": "a number", "array.rows": "a number",
        "driftTimeSeconds": "a number",
    ]

    let calls = Calls()
    /// Evaluations allowed before every further one throws ``Failure/interrupted``.
    var failAfter: Int? = nil

    var readTimePaths: [String] { ["driftTimeSeconds"] }

    func validate(_ configuration: JSONValue) throws {
        for (path, value) in configuration.flattened() {
            guard let expected = Self.schema[path] else { throw Failure.unknownSetting(path) }
            guard value.typeName == expected else { throw Failure.wrongType(path, expected: expected) }
        }
    }

    func prepare(_ configuration: JSONValue, seed: UInt64) throws -> Chip {
        calls.prepared()
        var stream = RandomStream(seed: seed, key: "toy/program")
        let sigma = configuration.value(at: "device.d2dSigmaRelative")?.numberValue ?? 0
        return Chip(gain: 1 + sigma * stream.nextNormal(), programmingKey: Self.programmingKey(configuration, seed: seed))
    }

    func evaluate(_ configuration: JSONValue, seed: UInt64, preparation chip: Chip) throws -> JSONValue {
        let before = calls.evaluating(String(seed) + "|" + configuration.canonicalJSON())
        if let failAfter, before >= failAfter { throw Failure.interrupted }
        guard chip.programmingKey == Self.programmingKey(configuration, seed: seed) else { throw Failure.wrongPreparation }
        var stream = RandomStream(seed: seed, key: "toy/read")
        let bits = configuration.value(at: "adc.bits")?.numberValue ?? 8
        let drift = configuration.value(at: "driftTimeSeconds")?.numberValue ?? 1
        let accuracy = 0.98 - 0.02 * max(0, 8 - bits) - 0.01 * abs(chip.gain - 1) * log10(drift + 1)
            + 0.002 * stream.nextNormal()
        let adc = bits * 1e-12
        let array = chip.gain * 3e-12
        return [
            "accuracy": ["analog": .number(accuracy), "digital": 0.98],
            "energyByComponentJoules": ["adc": .number(adc), "array": .number(array), "dac": 5e-13],
            "energyPerInferenceJoules": .number(adc + array + 5e-13),
        ]
    }

    /// What a chip depends on: the configuration without the drift time, and the seed.
    static func programmingKey(_ configuration: JSONValue, seed: UInt64) -> String {
        var programming = configuration
        programming.removeValue(at: "driftTimeSeconds")
        return programming.canonicalJSON() + "#" + String(seed)
    }
}
