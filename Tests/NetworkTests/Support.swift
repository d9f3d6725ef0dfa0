import Foundation
import Numerics

@testable import Network

/// Fixtures and small generators shared by the Network tests.
enum Support {
    /// `Tests/NetworkTests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The repository root (for the bundled dataset and models).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture made by `Fixtures/make_fixtures.py`: an input batch and onnxruntime's output.
    struct Reference: Decodable {
        let model: String
        let operators: [String]
        let inputShape: [Int]
        let input: [Float]
        let outputShape: [Int]
        let output: [Float]

        var inputTensor: Tensor<Float> { Tensor(shape: inputShape, elements: input) }
        var outputTensor: Tensor<Float> { Tensor(shape: outputShape, elements: output) }
    }

    /// The model and reference of fixture `name`.
    static func fixture(_ name: String) throws -> (network: Network, reference: Reference) {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent(name + ".json")))
        return (try ONNXFile.read(contentsOf: fixtures.appendingPathComponent(name + ".onnx")), reference)
    }

    /// The raw bytes of fixture file `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// ‖a − b‖∞ / ‖b‖∞.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count)
        let difference = zip(a, b).map { Double(abs($0 - $1)) }.max() ?? 0
        let scale = b.map { Double(abs($0)) }.max() ?? 0
        return difference / max(scale, .leastNormalMagnitude)
    }

    /// A tensor of uniform values in [low, high) from the stream (seed, key).
    static func uniform(_ shape: [Int], low: Float = -1, high: Float = 1, seed: UInt64 = 1, key: String = "test") -> Tensor<Float> {
        var tensor = Tensor<Float>(shape: shape)
        var stream = RandomStream(seed: seed, key: key)
        tensor.withUnsafeMutableBufferPointer { stream.fillUniform($0) }
        return tensor.map { low + (high - low) * $0 }
    }

    /// A matrix of uniform values in [−scale, scale).
    static func matrix(_ rows: Int, _ columns: Int, scale: Float = 1, key: String) -> Matrix<Float> {
        let t = uniform([rows, columns], low: -scale, high: scale, key: key)
        return Matrix(rows: rows, columns: columns, elements: t.elements)
    }

    /// A chain network: `layers[i]` reads the previous value.
    static func chain(inputShape: [Int], _ layers: [Layer]) throws -> Network {
        var nodes = [Node]()
        var previous = "x"
        for (index, layer) in layers.enumerated() {
            nodes.append(Node(name: "n\(index)", layer: layer, inputs: [previous], output: "v\(index)"))
            previous = "v\(index)"
        }
        return try Network(inputName: "x", inputShape: inputShape, nodes: nodes, outputName: previous)
    }
}
