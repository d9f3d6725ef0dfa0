import Numerics

/// Max or average pooling over windows of each channel of an NCHW input.
///
/// Max pooling ignores padded positions (ONNX `MaxPool`). Average pooling divides by the
/// number of the window's taps inside the padded input when ``Kind/average(countsPadding:)``
/// counts padding (PyTorch's default, ONNX `count_include_pad = 1`; the kernel area except for
/// windows that ``WindowGeometry/ceilMode`` lets run past the padding), else by the number of
/// real pixels in the window.
public struct Pool2D: Sendable, Equatable {
    /// The reduction over a window.
    public enum Kind: Sendable, Equatable {
        /// The largest value.
        case max
        /// The mean; `countsPadding` says whether padded zeros count in the divisor.
        case average(countsPadding: Bool)
    }

    /// Max or average.
    public let kind: Kind
    /// Kernel size, strides and padding.
    public let window: WindowGeometry

    /// A pooling layer.
    public init(kind: Kind, window: WindowGeometry) {
        self.kind = kind
        self.window = window
    }

    /// The per-sample output shape `[C, OH, OW]` for an input `[C, H, W]`.
    func outputShape(_ input: [Int], node: String) throws -> [Int] {
        try window.validate(node: node)
        guard input.count == 3 else {
            throw NetworkError.shapeMismatch(node: node, reason: "pooling needs samples of shape [C, H, W], got \(input)")
        }
        guard let size = window.outputSize(height: input[1], width: input[2]),
            window.padTop < window.kernelHeight && window.padBottom < window.kernelHeight
                && window.padLeft < window.kernelWidth && window.padRight < window.kernelWidth
        else {
            throw NetworkError.shapeMismatch(node: node, reason: "the pooling window does not fit an input of \(input[1])×\(input[2])")
        }
        return [input[0], size.height, size.width]
    }

    /// The divisor of the average over a window holding `pixels` real pixels and `paddedTaps`
    /// taps inside the padded input.
    func divisor(pixels: Int, paddedTaps: Int) -> Int {
        if case .average(countsPadding: true) = kind { return paddedTaps }
        return pixels
    }

    /// Pools every window: `reduce(offsets, divisor, plane)` gets the offsets of the window's
    /// pixels within the plane that starts at `plane` and the window's average divisor; the
    /// results fill an NCHW tensor.
    func pool<T, R>(_ input: Tensor<T>, _ reduce: (_ offsets: [Int], _ divisor: Int, _ plane: UnsafePointer<T>) -> R) -> Tensor<R> {
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let size = window.outputSize(height: height, width: width)!
        let windows = window.windowOffsets(height: height, width: width)
        var output = [R]()
        output.reserveCapacity(batch * channels * windows.count)
        input.withUnsafeBufferPointer { x in
            for plane in 0..<(batch * channels) {
                let start = x.baseAddress! + plane * height * width
                for window in windows {
                    output.append(reduce(window.offsets, divisor(pixels: window.offsets.count, paddedTaps: window.paddedTaps), start))
                }
            }
        }
        return Tensor(shape: [batch, channels, size.height, size.width], elements: output)
    }

    /// The pooled batch.
    func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        switch kind {
        case .max:
            return pool(input) { offsets, _, plane in offsets.dropFirst().reduce(plane[offsets[0]]) { Swift.max($0, plane[$1]) } }
        case .average:
            return pool(input) { offsets, divisor, plane in offsets.reduce(Float(0)) { $0 + plane[$1] } / Float(divisor) }
        }
    }

    /// The gradient with respect to the input: max pooling routes each output's gradient to
    /// the first pixel of its window holding the maximum; average pooling spreads it evenly.
    func backward(input: Tensor<Float>, outputGradient: Tensor<Float>) -> Tensor<Float> {
        let (height, width) = (input.shape[2], input.shape[3])
        let windows = window.windowOffsets(height: height, width: width)
        var dx = Tensor<Float>(shape: input.shape)
        dx.withUnsafeMutableBufferPointer { dx in
            input.withUnsafeBufferPointer { x in
                outputGradient.withUnsafeBufferPointer { dy in
                    for plane in 0..<(input.shape[0] * input.shape[1]) {
                        let base = plane * height * width
                        for (w, (offsets, paddedTaps)) in windows.enumerated() {
                            let g = dy[plane * windows.count + w]
                            switch kind {
                            case .max:
                                var best = offsets[0]
                                for offset in offsets.dropFirst() where x[base + offset] > x[base + best] { best = offset }
                                dx[base + best] += g
                            case .average:
                                let share = g / Float(divisor(pixels: offsets.count, paddedTaps: paddedTaps))
                                for offset in offsets { dx[base + offset] += share }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
