import Foundation
import Numerics
import Synchronization
import Testing

@testable import Network

/// The integer forward pass against an independent implementation of its documented
/// arithmetic (direct convolution loops in Int64, no im2col or GEMM), bit for bit.
@Suite("Integer forward pass")
struct IntegerPassTests {
    /// A reference multiplier: the plain triple loop in Int64, recording what it was asked.
    final class RecordingMultiplier: IntegerMatrixMultiplier {
        let calls = Mutex<[(layer: Int, rows: Int, columns: Int, images: Range<Int>)]>([])

        func multiply(_ request: MatrixProductRequest) throws -> (products: Matrix<Int32>, record: Void) {
            calls.withLock { $0.append((request.layerIndex, request.inputs.rows, request.inputs.columns, request.images)) }
            let x = request.inputs, w = request.layer.weights
            let products = Matrix<Int32>(rows: x.rows, columns: w.columns) { m, n in
                Int32((0..<x.columns).reduce(Int64(0)) { $0 + Int64(x[m, $1]) * Int64(w[$1, n]) })
            }
            return (products, ())
        }
    }

    /// Requantization as documented: clamp((A·m + 2^(e−1)) >> e).
    private func requantize(_ a: Int64, _ r: Requantizer, low: Int, high: Int) -> Int16 {
        Int16(min(max((a * r.multiplier + (1 << (r.shift - 1))) >> r.shift, Int64(low)), Int64(high)))
    }

    /// Every step of `quantized` recomputed directly from its published integer data.
    private func direct(_ quantized: QuantizedNetwork, images: Tensor<Float>) -> (values: [String: Tensor<Int16>], output: [Float]) {
        let input = quantized.inputQuantization
        var values = [quantized.float.inputName: images.map { x -> Int16 in
            Int16(min(max((x / input.scale).rounded(.toNearestOrEven), Float(input.minimum)), Float(input.maximum)))
        }]
        var output: [Float] = []
        for step in quantized.steps {
            let x = values[step.inputs[0]]!
            let batch = x.shape[0]
            func at(_ b: Int, _ c: Int, _ h: Int, _ w: Int) -> Int64 {
                guard h >= 0 && h < x.shape[2] && w >= 0 && w < x.shape[3] else { return 0 }
                return Int64(x.elements[((b * x.shape[1] + c) * x.shape[2] + h) * x.shape[3] + w])
            }
            switch step.operation {
            case .matrix(let layer):
                var accumulators: [[Int64]] = []  // per output element, in NCHW / [B, N] order
                switch layer.kind {
                case .dense:
                    let k = layer.inputSize
                    for b in 0..<batch {
                        for n in 0..<layer.outputSize {
                            accumulators.append([(0..<k).reduce(Int64(layer.bias[n])) { $0 + Int64(x.elements[b * k + $1]) * Int64(layer.weights[$1, n]) }])
                        }
                    }
                case .conv2D(let channels, let g, _, _, let oh, let ow):
                    for b in 0..<batch {
                        for n in 0..<layer.outputSize {
                            for r in 0..<oh {
                                for s in 0..<ow {
                                    var sum = Int64(layer.bias[n])
                                    for c in 0..<channels {
                                        for i in 0..<g.kernelHeight {
                                            for j in 0..<g.kernelWidth {
                                                let tap = (c * g.kernelHeight + i) * g.kernelWidth + j
                                                sum += at(b, c, r * g.strideHeight - g.padTop + i, s * g.strideWidth - g.padLeft + j) * Int64(layer.weights[tap, n])
                                            }
                                        }
                                    }
                                    accumulators.append([sum])
                                }
                            }
                        }
                    }
                }
                let perImage = accumulators.count / batch
                let plane = perImage / layer.outputSize
                let channel = { (index: Int) in (index % perImage) / plane }
                if let q = layer.output {
                    let low = layer.appliesReLU ? 0 : q.minimum
                    let ints = accumulators.enumerated().map { requantize($0.element[0], layer.requantizers[channel($0.offset)], low: low, high: q.maximum) }
                    values[step.output] = Tensor(shape: [batch] + quantized.float.shapes[step.output]!, elements: ints)
                } else {
                    output = accumulators.enumerated().map { index, a in
                        let y = Float(Double(a[0]) * layer.accumulatorScales[channel(index)] + Double(layer.outputBias[channel(index)]))
                        return layer.appliesReLU ? max(y, 0) : y
                    }
                }
            case .maxPool(let pool), .averagePool(let pool):
                let g = pool.window
                let shape = quantized.float.shapes[step.output]!
                var out = [Int16]()
                for b in 0..<batch {
                    for c in 0..<shape[0] {
                        for r in 0..<shape[1] {
                            for s in 0..<shape[2] {
                                var pixels: [Int64] = []
                                for i in 0..<g.kernelHeight {
                                    for j in 0..<g.kernelWidth {
                                        let (h, w) = (r * g.strideHeight - g.padTop + i, s * g.strideWidth - g.padLeft + j)
                                        if h >= 0 && h < x.shape[2] && w >= 0 && w < x.shape[3] { pixels.append(at(b, c, h, w)) }
                                    }
                                }
                                if case .maxPool = step.operation {
                                    out.append(Int16(pixels.max()!))
                                } else {
                                    let divisor = pool.kind == .average(countsPadding: true) ? g.kernelHeight * g.kernelWidth : pixels.count
                                    let mean = Double(pixels.reduce(0, +)) / Double(divisor)
                                    out.append(Int16(mean.rounded(.toNearestOrAwayFromZero)))
                                }
                            }
                        }
                    }
                }
                values[step.output] = Tensor(shape: [batch] + shape, elements: out)
            case .globalAveragePool:
                let pixels = x.shape[2] * x.shape[3]
                let means = stride(from: 0, to: x.count, by: pixels).map { start in
                    Int16((Double(x.elements[start..<start + pixels].reduce(0) { $0 + Int($1) }) / Double(pixels)).rounded(.toNearestOrAwayFromZero))
                }
                values[step.output] = Tensor(shape: [batch, x.shape[1], 1, 1], elements: means)
            case .digital:
                Issue.record("the reference pass covers the integer-arithmetic layers only")
            case .relu:
                values[step.output] = x.map { max($0, 0) }
            case .reshape(let shape):
                values[step.output] = x.reshaped([batch] + shape)
            case .add(let left, let right, let relu):
                let y = values[step.inputs[1]]!
                let q = quantized.quantization[step.output]!
                let sums = zip(x.elements, y.elements).map { a, b -> Int16 in
                    let total = (Int64(a) * left.multiplier + (1 << (left.shift - 1))) >> left.shift
                        + (Int64(b) * right.multiplier + (1 << (right.shift - 1))) >> right.shift
                    return Int16(min(max(total, Int64(relu ? 0 : q.minimum)), Int64(q.maximum)))
                }
                values[step.output] = Tensor(shape: x.shape, elements: sums)
            }
        }
        if output.isEmpty {
            let q = quantized.quantization[quantized.outputValue]!
            output = values[quantized.outputValue]!.elements.map { q.scale * Float($0) }
        }
        return (values, output)
    }

    @Test("every integer activation equals the direct computation bit for bit", arguments: ["lenet5", "residual_cnn", "mlp"])
    func exactness(name: String) throws {
        let (network, reference) = try Support.fixture(name)
        for (weightBits, activationBits) in [(8, 8), (4, 6), (12, 9)] {
            let images = reference.inputTensor
            let quantized = try QuantizedNetwork(
                quantizing: network, calibrationImages: images, settings: QuantizationSettings(weightBits: weightBits, activationBits: activationBits))
            let result = try quantized.forward(images, multiplier: DigitalMatrixMultiplier(), recording: true)
            let expected = direct(quantized, images: images)
            #expect(Set(result.activations.keys) == Set(expected.values.keys))
            for (value, tensor) in expected.values {
                #expect(result.activations[value] == tensor, "\(name) \(weightBits)/\(activationBits): value \(value)")
            }
            #expect(result.outputs.elements == expected.output)
        }
    }

    @Test("a plugged-in multiplier gets every matrix layer once per batch with M×K inputs and image indices")
    func pluggableMultiplier() throws {
        let (network, reference) = try Support.fixture("residual_cnn")
        let images = reference.inputTensor
        let quantized = try QuantizedNetwork(quantizing: network, calibrationImages: images, settings: QuantizationSettings())
        let recorder = RecordingMultiplier()
        let plugged = try quantized.forward(images, multiplier: recorder, firstImage: 100)
        let digital = try quantized.forward(images, multiplier: DigitalMatrixMultiplier())
        #expect(plugged.outputs == digital.outputs)
        let calls = recorder.calls.withLock { $0 }
        let layers = quantized.matrixLayers
        #expect(calls.map(\.layer) == Array(layers.indices))
        #expect(layers.map(\.name).count == 4)
        for (call, layer) in zip(calls, layers) {
            #expect(call.columns == layer.inputSize)
            #expect(call.images == 100..<104)
            if case .conv2D(_, _, _, _, let oh, let ow) = layer.kind {
                #expect(call.rows == 4 * oh * ow)
            } else {
                #expect(call.rows == 4)
            }
        }
        // BatchNorm is folded: three convolutions and the classifier remain, ReLUs fused.
        #expect(layers.filter(\.appliesReLU).count == 2)
        #expect(layers.last?.output == nil)
    }
}
