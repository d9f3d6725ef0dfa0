import Foundation
import Numerics

/// The parameter-free element-wise and reduction layers: ReLU, softmax and global average
/// pooling, forward and backward.
enum Activation {
    /// max(x, 0) element-wise.
    static func relu(_ input: Tensor<Float>) -> Tensor<Float> {
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] = Swift.max(y[i], 0) }
        }
        return output
    }

    /// dx = dy where the ReLU's output is positive, else 0.
    static func reluBackward(output: Tensor<Float>, outputGradient: Tensor<Float>) -> Tensor<Float> {
        var dx = outputGradient
        dx.withUnsafeMutableBufferPointer { dx in
            output.withUnsafeBufferPointer { y in
                for i in 0..<dx.count where y[i] <= 0 { dx[i] = 0 }
            }
        }
        return dx
    }

    /// Softmax over each row of a `[B, C]` batch, yᵢ = exp(xᵢ − max x)/Σⱼ exp(xⱼ − max x).
    static func softmax(_ input: Tensor<Float>) -> Tensor<Float> {
        let classes = input.shape[1]
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for row in 0..<input.batchSize {
                let values = y.baseAddress! + row * classes
                var largest = -Float.infinity
                for c in 0..<classes { largest = Swift.max(largest, values[c]) }
                var sum: Float = 0
                for c in 0..<classes {
                    values[c] = Foundation.exp(values[c] - largest)
                    sum += values[c]
                }
                for c in 0..<classes { values[c] /= sum }
            }
        }
        return output
    }

    /// dxᵢ = yᵢ·(dyᵢ − Σⱼ dyⱼ·yⱼ), row by row.
    static func softmaxBackward(output: Tensor<Float>, outputGradient: Tensor<Float>) -> Tensor<Float> {
        let classes = output.shape[1]
        var dx = outputGradient
        dx.withUnsafeMutableBufferPointer { dx in
            output.withUnsafeBufferPointer { y in
                for row in 0..<output.batchSize {
                    let base = row * classes
                    var dot: Float = 0
                    for c in 0..<classes { dot += dx[base + c] * y[base + c] }
                    for c in 0..<classes { dx[base + c] = y[base + c] * (dx[base + c] - dot) }
                }
            }
        }
        return dx
    }

    /// The mean of every channel plane: `[B, C, H, W]` → `[B, C, 1, 1]`.
    static func globalAveragePool(_ input: Tensor<Float>) -> Tensor<Float> {
        let planes = input.shape[0] * input.shape[1]
        let pixels = input.shape[2] * input.shape[3]
        var means = [Float]()
        means.reserveCapacity(planes)
        input.withUnsafeBufferPointer { x in
            for plane in 0..<planes {
                var sum: Float = 0
                for p in 0..<pixels { sum += x[plane * pixels + p] }
                means.append(sum / Float(pixels))
            }
        }
        return Tensor(shape: [input.shape[0], input.shape[1], 1, 1], elements: means)
    }

    /// Spreads each plane's gradient evenly over its H·W pixels.
    static func globalAveragePoolBackward(inputShape: [Int], outputGradient: Tensor<Float>) -> Tensor<Float> {
        let pixels = inputShape[2] * inputShape[3]
        var dx = [Float]()
        dx.reserveCapacity(inputShape.reduce(1, *))
        for g in outputGradient.elements {
            dx.append(contentsOf: repeatElement(g / Float(pixels), count: pixels))
        }
        return Tensor(shape: inputShape, elements: dx)
    }
}
