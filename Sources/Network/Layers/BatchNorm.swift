import Numerics

/// Batch normalization in inference form (Ioffe & Szegedy, ICML 2015), per channel c of axis 1:
/// `y = γ_c·(x − μ_c)/√(σ²_c + ε) + β_c` with fixed running statistics μ, σ².
///
/// When a network is quantized it is folded into the preceding ``Conv2D`` or ``Dense``
/// (see ``Network/foldingBatchNorm()``). Its backward pass treats μ and σ² as constants.
public struct BatchNorm: Sendable {
    /// Scale γ per channel.
    public var scale: [Float]
    /// Offset β per channel.
    public var offset: [Float]
    /// Running mean μ per channel.
    public var mean: [Float]
    /// Running variance σ² per channel (non-negative).
    public var variance: [Float]
    /// ε added to the variance (positive).
    public var epsilon: Float

    /// A batch normalization with the given parameters and statistics.
    public init(scale: [Float], offset: [Float], mean: [Float], variance: [Float], epsilon: Float = 1e-5) {
        self.scale = scale
        self.offset = offset
        self.mean = mean
        self.variance = variance
        self.epsilon = epsilon
    }

    /// Number of channels.
    public var channels: Int { scale.count }

    /// The equivalent per-channel affine map y = a·x + b: a = γ/√(σ²+ε), b = β − a·μ.
    public var affine: (multiplier: [Float], offset: [Float]) {
        var a = [Float](), b = [Float]()
        for c in 0..<channels {
            let multiplier = scale[c] / (variance[c] + epsilon).squareRoot()
            a.append(multiplier)
            b.append(offset[c] - multiplier * mean[c])
        }
        return (a, b)
    }

    /// Checks lengths, finiteness and the ranges of σ² and ε.
    func validate(node: String) throws {
        guard offset.count == channels && mean.count == channels && variance.count == channels else {
            throw NetworkError.shapeMismatch(
                node: node, reason: "batch-norm parameters of lengths \([scale.count, offset.count, mean.count, variance.count])")
        }
        for (name, values) in [("scale", scale), ("offset", offset), ("mean", mean), ("variance", variance), ("epsilon", [epsilon])]
        where !values.allSatisfy(\.isFinite) {
            throw NetworkError.nonFiniteParameter(node: node, parameter: name)
        }
        guard variance.allSatisfy({ $0 >= 0 }) else {
            throw NetworkError.invalidParameter(node: node, field: "variance", value: "negative", allowed: "≥ 0")
        }
        guard epsilon > 0 else { throw NetworkError.invalidParameter(node: node, field: "epsilon", value: "\(epsilon)", allowed: "> 0") }
    }

    /// The per-sample output shape (the input's) after checking the channel count.
    func outputShape(_ input: [Int], node: String) throws -> [Int] {
        guard input.first == channels else {
            throw NetworkError.shapeMismatch(node: node, reason: "batch norm of \(channels) channels gets samples of shape \(input)")
        }
        return input
    }

    /// Applies `body(channel, elementIndex)` to every element, by channel of axis 1.
    private func forEachElement(shape: [Int], _ body: (_ channel: Int, _ index: Int) -> Void) {
        let inner = shape.dropFirst(2).reduce(1, *)
        var index = 0
        for _ in 0..<shape[0] {
            for c in 0..<channels {
                for _ in 0..<inner {
                    body(c, index)
                    index += 1
                }
            }
        }
    }

    /// The normalized batch.
    func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        let (a, b) = affine
        var output = input
        output.withUnsafeMutableBufferPointer { y in forEachElement(shape: input.shape) { c, i in y[i] = a[c] * y[i] + b[c] } }
        return output
    }

    /// Gradients with respect to the input, γ and β.
    func backward(input: Tensor<Float>, outputGradient: Tensor<Float>) -> (input: Tensor<Float>, scale: [Float], offset: [Float]) {
        let (a, _) = affine
        var dx = outputGradient
        var dScale = [Float](repeating: 0, count: channels)
        var dOffset = [Float](repeating: 0, count: channels)
        let inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }
        dx.withUnsafeMutableBufferPointer { dx in
            input.withUnsafeBufferPointer { x in
                forEachElement(shape: input.shape) { c, i in
                    dScale[c] += dx[i] * (x[i] - mean[c]) * inverseDeviation[c]
                    dOffset[c] += dx[i]
                    dx[i] *= a[c]
                }
            }
        }
        return (dx, dScale, dOffset)
    }
}
