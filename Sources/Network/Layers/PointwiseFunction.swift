import Foundation
import Numerics

/// A parameter-free function applied to every element, as the ONNX operator of the same name
/// defines it (ReLU has its own ``Layer/relu`` case, which training and fusion know).
public enum PointwiseFunction: Sendable, Equatable {
    /// min(max(x, minimum), maximum) (ONNX `Clip`; ReLU6 is `clip(0, 6)`).
    case clip(minimum: Float, maximum: Float)
    /// 1 / (1 + e^−x).
    case sigmoid
    /// max(0, min(1, α·x + β)) (ONNX `HardSigmoid`, default α = 0.2, β = 0.5; PyTorch's is α = 1/6).
    case hardSigmoid(alpha: Float, beta: Float)
    /// x·max(0, min(1, x/6 + 1/2)) (ONNX `HardSwish`, PyTorch's `Hardswish`).
    case hardSwish
    /// tanh(x).
    case tanh
    /// x for x ≥ 0, α·x otherwise (ONNX `LeakyRelu`, default α = 0.01).
    case leakyReLU(alpha: Float)

    /// The function at `x`, in `Float`.
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .clip(let minimum, let maximum): Swift.min(Swift.max(x, minimum), maximum)
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .hardSigmoid(let alpha, let beta): Swift.max(0, Swift.min(1, alpha * x + beta))
        case .hardSwish: x * Swift.max(0, Swift.min(1, x / 6 + 0.5))
        case .tanh: Foundation.tanh(x)
        case .leakyReLU(let alpha): x >= 0 ? x : alpha * x
        }
    }

    /// The ONNX operator name.
    public var operatorName: String {
        switch self {
        case .clip: "Clip"
        case .sigmoid: "Sigmoid"
        case .hardSigmoid: "HardSigmoid"
        case .hardSwish: "HardSwish"
        case .tanh: "Tanh"
        case .leakyReLU: "LeakyRelu"
        }
    }

    /// The function applied to every element of a batch.
    func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] = self(y[i]) }
        }
        return output
    }
}
