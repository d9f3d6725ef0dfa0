import Foundation
import Numerics

/// A Conv2D or Dense layer in integer form (BatchNorm already folded in): what the digital
/// baseline computes and what an analog accelerator maps onto crossbars.
///
/// The arithmetic, for input integers X (M × K, see ``MatrixProductRequest``) with real value
/// s_x·X (``input``), and output channel n:
///
/// 1. Weights, symmetric per output channel with B = ``weightBits``:
///    s_w[n] = max_k |W[k, n]| / (2^(B−1) − 1) (1 if the column is zero) and
///    Q[k, n] = round_half_even(W[k, n] / s_w[n]) ∈ ±(2^(B−1) − 1) (``weights``, ``weightScales``).
/// 2. Bias: β[n] = round_half_even(b[n] / (s_x·s_w[n])) in Int32 (``bias``); 0 for the
///    network's last layer, whose bias stays real (``outputBias``, step 5), so that a bias large
///    against tiny activations (random-weight networks) cannot overflow the accumulator.
/// 3. Accumulate: A[m, n] = Σ_k X[m, k]·Q[k, n] + β[n], exactly (``accumulatorBound`` < 2³¹).
/// 4. Requantize (when ``output`` is set): with M[n] = s_x·s_w[n]/s_y computed in `Double` and
///    represented by ``requantizers``[n] (see ``Requantizer``), the output integer is
///    q = clamp((A·m + 2^(e−1)) >> e, lo, hi), where [lo, hi] is the output range — lo = 0
///    when ``appliesReLU`` (a following ReLU fused into the layer). The real output is s_y·q.
/// 5. For the network's last layer (``output`` is `nil`) the result is instead dequantized:
///    y = Float(Double(A)·``accumulatorScales``[n] + Double(b[n])), accumulatorScales[n] =
///    Double(s_x)·Double(s_w[n]) (then max(y, 0) when ``appliesReLU``).
///
/// A grouped convolution (G = ``groups`` > 1, depthwise when G = C_in) is one matrix whose
/// G blocks lie on the diagonal: ``weights`` is `(C_in·kH·kW) × C_out`, block g covering rows
/// `g·K_g ..< (g+1)·K_g` (K_g = C_in/G·kH·kW, the im2col columns of group g's input channels)
/// and columns `g·N_g ..< (g+1)·N_g` (N_g = C_out/G), zero elsewhere. Every multiplier sees
/// an ordinary K × N product whose exact result equals the G separate products; one that
/// exploits the structure (``DigitalMatrixMultiplier``, or an accelerator placing the blocks
/// on separate arrays) multiplies only the blocks (``groupBlock(_:)``). Scales are per output
/// channel, so each block is quantized as its own convolution would be.
public struct QuantizedMatrixLayer: Sendable {
    /// The shape of the matrix product.
    public enum Kind: Sendable, Equatable {
        /// Dense: one input row per image, K = input features.
        case dense
        /// Conv2D: im2col rows, K = inChannels·kH·kW; spatial sizes of one image in and out.
        case conv2D(inChannels: Int, window: WindowGeometry, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int)
    }

    /// Name of the node in the (BatchNorm-folded) float network.
    public let name: String
    /// Dense or Conv2D, with the convolution's geometry.
    public let kind: Kind
    /// Name of the value the layer reads.
    public let inputValue: String
    /// Name of the value the layer writes (the fused ReLU's output when ``appliesReLU``).
    public let outputValue: String
    /// Integer weights Q, K × N (`(C_in·kH·kW) × C_out` for a convolution).
    public let weights: Matrix<Int16>
    /// s_w[n], real weight per integer step, per output channel.
    public let weightScales: [Float]
    /// B, the weight bit width (sign included).
    public let weightBits: Int
    /// β[n], the bias in accumulator units (0 when ``output`` is `nil`).
    public let bias: [Int32]
    /// b[n], the real bias added after dequantization when ``output`` is `nil` (else empty).
    public let outputBias: [Float]
    /// Quantization of the input X.
    public let input: ActivationQuantization
    /// Quantization of the output, or `nil` for the network's last layer (dequantized output).
    public let output: ActivationQuantization?
    /// (m[n], e[n]) for M[n] = s_x·s_w[n]/s_y; empty when ``output`` is `nil`.
    public let requantizers: [Requantizer]
    /// s_x·s_w[n], the real value of one accumulator step.
    public let accumulatorScales: [Double]
    /// Whether a ReLU is fused (outputs clamp at 0).
    public let appliesReLU: Bool
    /// G, the groups of a grouped convolution (1 for Dense and ordinary convolutions).
    public let groups: Int

    /// K, the rows of the weight matrix.
    public var inputSize: Int { weights.rows }
    /// N, the output channels.
    public var outputSize: Int { weights.columns }
    /// K_g = K/G, the weight rows of one group's block (the products summed per output).
    public var groupInputSize: Int { inputSize / groups }
    /// N_g = N/G, the columns of one group's block.
    public var groupOutputSize: Int { outputSize / groups }

    /// Rows and columns of ``weights`` that block `group` of a grouped convolution occupies.
    public func groupBlock(_ group: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        (group * groupInputSize ..< (group + 1) * groupInputSize, group * groupOutputSize ..< (group + 1) * groupOutputSize)
    }

    /// The largest |A| possible: K_g·max|X|·max|Q| + max|β|.
    public var accumulatorBound: Double {
        let largestWeight = weights.elements.map { abs(Int($0)) }.max() ?? 0
        let largestBias = bias.map { abs(Double($0)) }.max() ?? 0
        return Double(groupInputSize) * Double(input.maximum) * Double(largestWeight) + largestBias
    }

    /// Quantizes a float Conv2D/Dense layer (weights K_g × N, biases N; G groups as in
    /// ``Conv2D``).
    init(
        name: String, kind: Kind, inputValue: String, outputValue: String, weight: Matrix<Float>, bias floatBias: [Float],
        groups: Int = 1, weightBits: Int, input: ActivationQuantization, output: ActivationQuantization?, appliesReLU: Bool
    ) throws {
        let steps = Float((1 << (weightBits - 1)) - 1)
        var scales = [Float](repeating: 0, count: weight.columns)
        weight.withUnsafeBufferPointer { w in
            for k in 0..<weight.rows {
                for n in 0..<weight.columns { scales[n] = max(scales[n], abs(w[k * weight.columns + n])) }
            }
        }
        scales = scales.map { $0 > 0 ? $0 / steps : 1 }
        let (blockRows, blockColumns) = (weight.rows, weight.columns / groups)
        self.weights = Matrix(rows: weight.rows * groups, columns: weight.columns) { k, n in
            guard k / blockRows == n / blockColumns else { return 0 }
            return Int16(max(-steps, min(steps, (weight[k % blockRows, n] / scales[n]).rounded(.toNearestOrEven))))
        }
        self.groups = groups
        let accumulatorScales = scales.map { Double(input.scale) * Double($0) }
        self.accumulatorScales = accumulatorScales
        self.bias = try zip(floatBias, accumulatorScales).map { b, scale in
            guard output != nil else { return 0 }
            let q = (Double(b) / scale).rounded(.toNearestOrEven)
            guard abs(q) < 0x1p31 else { throw QuantizationError.accumulatorOverflow(node: name, bound: abs(q)) }
            return Int32(q)
        }
        self.outputBias = output == nil ? floatBias : []
        self.requantizers = try output.map { output in
            try accumulatorScales.map { try Requantizer(real: $0 / Double(output.scale), node: name) }
        } ?? []
        self.name = name
        self.kind = kind
        self.inputValue = inputValue
        self.outputValue = outputValue
        self.weightScales = scales
        self.weightBits = weightBits
        self.input = input
        self.output = output
        self.appliesReLU = appliesReLU
        guard accumulatorBound < 0x1p31 else { throw QuantizationError.accumulatorOverflow(node: name, bound: accumulatorBound) }
    }

    /// The quantized input as the M × K matrix of the product: the batch `[B, K]` itself for
    /// Dense, its im2col rows for Conv2D.
    public func inputMatrix(_ activations: Tensor<Int16>) -> Matrix<Int16> {
        switch kind {
        case .dense: activations.matrix
        case .conv2D(_, let window, _, _, _, _): window.im2col(activations)
        }
    }

    /// Steps 3–5 on the accumulators `products` (M × N, without bias): the requantized output
    /// integers, or for the last layer the dequantized outputs; shaped `[B, N]` or `[B, N, OH, OW]`.
    func finish(_ products: Matrix<Int32>, batch: Int) -> (integers: Tensor<Int16>?, reals: Tensor<Float>?) {
        precondition(products.columns == outputSize, "the multiplier returned \(products.columns) columns for \(outputSize) outputs")
        let columns = outputSize
        func shaped<T>(_ matrix: Matrix<T>) -> Tensor<T> {
            switch kind {
            case .dense: Tensor(matrix)
            case .conv2D(_, _, _, _, let height, let width): WindowGeometry.rowsToChannels(matrix, batch: batch, height: height, width: width)
            }
        }
        guard let output else {
            let reals = Matrix<Float>(rows: products.rows, columns: columns) { m, n in
                let value = Float(Double(products[m, n]) * accumulatorScales[n] + Double(outputBias[n]))
                return appliesReLU ? max(value, 0) : value
            }
            return (nil, shaped(reals))
        }
        let low = Int64(appliesReLU ? 0 : output.minimum)
        let high = Int64(output.maximum)
        var integers = Matrix<Int16>(rows: products.rows, columns: columns)
        integers.withUnsafeMutableBufferPointer { q in
            products.withUnsafeBufferPointer { a in
                for m in 0..<products.rows {
                    for n in 0..<columns {
                        let value = requantizers[n].apply(Int64(a[m * columns + n]) + Int64(bias[n]))
                        q[m * columns + n] = Int16(min(max(value, low), high))
                    }
                }
            }
        }
        return (shaped(integers), nil)
    }
}
