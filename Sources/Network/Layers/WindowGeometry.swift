import Numerics

/// The sliding window of a convolution or pooling layer over an NCHW input: kernel size,
/// strides, dilations and zero padding, in pixels, and the rounding of the output size.
///
/// An output pixel (oh, ow) covers input rows `oh·strideHeight − padTop + i·dilationHeight` for
/// i in 0..<kernelHeight, and columns likewise. With the dilated extent
/// E = dilationHeight·(kernelHeight − 1) + 1 the output has
/// `⌊(H + padTop + padBottom − E) / strideHeight⌋ + 1` rows (ONNX `ceil_mode = 0`), or with
/// ``ceilMode`` the ceiling of that quotient plus 1, less one if the last window would start
/// at or past `H + padTop` (PyTorch's and onnxruntime's rule: every window starts inside the
/// input or its leading padding). Window positions past the padded input count as padding.
public struct WindowGeometry: Sendable, Equatable {
    /// Kernel rows.
    public let kernelHeight: Int
    /// Kernel columns.
    public let kernelWidth: Int
    /// Step between windows, rows.
    public let strideHeight: Int
    /// Step between windows, columns.
    public let strideWidth: Int
    /// Zero rows added above the input.
    public let padTop: Int
    /// Zero columns added left of the input.
    public let padLeft: Int
    /// Zero rows added below the input.
    public let padBottom: Int
    /// Zero columns added right of the input.
    public let padRight: Int
    /// Step between kernel taps, rows (1: adjacent pixels).
    public let dilationHeight: Int
    /// Step between kernel taps, columns.
    public let dilationWidth: Int
    /// Whether the output size rounds up (ONNX/PyTorch `ceil_mode`).
    public let ceilMode: Bool

    /// A window; strides and dilations default to 1, padding to 0, rounding down.
    public init(
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
        padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0,
        dilationHeight: Int = 1, dilationWidth: Int = 1, ceilMode: Bool = false
    ) {
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.ceilMode = ceilMode
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.padBottom = padBottom
        self.padRight = padRight
    }

    /// A square window of side `kernel`, stride `stride` and equal padding `padding` on all sides.
    public init(kernel: Int, stride: Int = 1, padding: Int = 0) {
        self.init(
            kernelHeight: kernel, kernelWidth: kernel, strideHeight: stride, strideWidth: stride,
            padTop: padding, padLeft: padding, padBottom: padding, padRight: padding)
    }

    /// Checks every field; `node` names the layer in errors.
    public func validate(node: String) throws {
        let fields: [(String, Int, ClosedRange<Int>)] = [
            ("kernel height", kernelHeight, 1...1024), ("kernel width", kernelWidth, 1...1024),
            ("stride height", strideHeight, 1...1024), ("stride width", strideWidth, 1...1024),
            ("top padding", padTop, 0...1024), ("left padding", padLeft, 0...1024),
            ("bottom padding", padBottom, 0...1024), ("right padding", padRight, 0...1024),
            ("dilation height", dilationHeight, 1...1024), ("dilation width", dilationWidth, 1...1024),
        ]
        for (field, value, allowed) in fields where !allowed.contains(value) {
            throw NetworkError.invalidParameter(node: node, field: field, value: "\(value)", allowed: "\(allowed.lowerBound)…\(allowed.upperBound)")
        }
    }

    /// Output rows and columns for an input of `height` × `width`, or `nil` if the window
    /// does not fit.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        func size(_ input: Int, _ kernel: Int, _ dilation: Int, _ stride: Int, _ before: Int, _ after: Int) -> Int? {
            let span = input + before + after - (dilation * (kernel - 1) + 1)
            guard span >= 0 else { return nil }
            guard ceilMode else { return span / stride + 1 }
            let count = (span + stride - 1) / stride + 1
            return (count - 1) * stride >= input + before ? count - 1 : count
        }
        guard let rows = size(height, kernelHeight, dilationHeight, strideHeight, padTop, padBottom),
            let columns = size(width, kernelWidth, dilationWidth, strideWidth, padLeft, padRight)
        else { return nil }
        return (rows, columns)
    }

    /// The extent of the padded input, rows and columns: taps beyond it (reachable only in
    /// ``ceilMode``) are outside even the padding.
    func paddedExtent(height: Int, width: Int) -> (height: Int, width: Int) {
        (height + padTop + padBottom, width + padLeft + padRight)
    }

    /// For every output pixel (row-major), the offsets within one input plane of `height` ×
    /// `width` of the input pixels its window covers (padding excluded), in window order, and the
    /// number of its taps inside the padded input (pixels and padding: the divisor of an average
    /// that counts padding, as PyTorch's `count_include_pad`).
    func windowOffsets(height: Int, width: Int) -> [(offsets: [Int], paddedTaps: Int)] {
        guard let output = outputSize(height: height, width: width) else { return [] }
        let padded = paddedExtent(height: height, width: width)
        var windows = [(offsets: [Int], paddedTaps: Int)]()
        windows.reserveCapacity(output.height * output.width)
        for oh in 0..<output.height {
            for ow in 0..<output.width {
                var offsets = [Int]()
                forEachTap(oh: oh, ow: ow, height: height, width: width) { offset in
                    if let offset { offsets.append(offset) }
                }
                func inside(_ start: Int, _ kernel: Int, _ dilation: Int, _ extent: Int) -> Int {
                    (0..<kernel).filter { start + $0 * dilation < extent }.count
                }
                let rows = inside(oh * strideHeight, kernelHeight, dilationHeight, padded.height)
                let columns = inside(ow * strideWidth, kernelWidth, dilationWidth, padded.width)
                windows.append((offsets, rows * columns))
            }
        }
        return windows
    }

    /// The im2col matrix of an NCHW input `[B, C, H, W]`: one row per output pixel, ordered
    /// (b, oh, ow), and one column per (c, i, j) of the window, ordered channel-major then
    /// kernel row then kernel column, so `(B·OH·OW) × (C·kernelHeight·kernelWidth)`. Padding
    /// contributes zeros.
    public func im2col<T>(_ input: Tensor<T>) -> Matrix<T> {
        precondition(input.rank == 4, "im2col needs an NCHW tensor, got shape \(input.shape)")
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        guard let output = outputSize(height: height, width: width) else { preconditionFailure("window does not fit \(input.shape)") }
        var result = Matrix<T>(rows: batch * output.height * output.width, columns: channels * kernelHeight * kernelWidth)
        input.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { out in
                forEachEntry(inputShape: input.shape) { entry, pixel in out[entry] = x[pixel] }
            }
        }
        return result
    }

    /// The adjoint of ``im2col(_:)``: adds every element of `columns` back onto the input
    /// pixel it was copied from, giving a tensor of `inputShape` `[B, C, H, W]`.
    public func col2im(_ columns: Matrix<Float>, inputShape: [Int]) -> Tensor<Float> {
        let (batch, channels, height, width) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        guard let output = outputSize(height: height, width: width) else { preconditionFailure("window does not fit \(inputShape)") }
        precondition(columns.rows == batch * output.height * output.width && columns.columns == channels * kernelHeight * kernelWidth)
        var result = Tensor<Float>(shape: inputShape)
        result.withUnsafeMutableBufferPointer { x in
            columns.withUnsafeBufferPointer { cols in
                forEachEntry(inputShape: inputShape) { entry, pixel in x[pixel] += cols[entry] }
            }
        }
        return result
    }

    /// Rearranges a `(B·P) × C` matrix (rows ordered (b, pixel)) into an NCHW tensor
    /// `[B, C, height, width]` with P = height·width.
    public static func rowsToChannels<T>(_ matrix: Matrix<T>, batch: Int, height: Int, width: Int) -> Tensor<T> {
        let pixels = height * width
        let channels = matrix.columns
        precondition(matrix.rows == batch * pixels, "\(matrix.rows) rows for \(batch) × \(pixels) pixels")
        var result = Tensor<T>(shape: [batch, channels, height, width])
        result.withUnsafeMutableBufferPointer { out in
            matrix.withUnsafeBufferPointer { m in transposeBlocks(m, into: out, blocks: batch, rows: pixels, columns: channels) }
        }
        return result
    }

    /// The inverse of ``rowsToChannels(_:batch:height:width:)``: an NCHW tensor as a
    /// `(B·H·W) × C` matrix.
    public static func channelsToRows<T>(_ tensor: Tensor<T>) -> Matrix<T> {
        let (batch, channels, pixels) = (tensor.shape[0], tensor.shape[1], tensor.shape[2] * tensor.shape[3])
        var result = Matrix<T>(rows: batch * pixels, columns: channels)
        result.withUnsafeMutableBufferPointer { out in
            tensor.withUnsafeBufferPointer { x in transposeBlocks(x, into: out, blocks: batch, rows: channels, columns: pixels) }
        }
        return result
    }

    /// Calls `tap` for each kernel position (i, j) of the window of output pixel (`oh`, `ow`)
    /// over a `height` × `width` plane, in window order, with the offset h·width + w of the input
    /// pixel it covers, or `nil` where it falls in the padding.
    @inline(__always)
    private func forEachTap(oh: Int, ow: Int, height: Int, width: Int, _ tap: (Int?) -> Void) {
        for i in 0..<kernelHeight {
            let h = oh * strideHeight - padTop + i * dilationHeight
            for j in 0..<kernelWidth {
                let w = ow * strideWidth - padLeft + j * dilationWidth
                tap(h >= 0 && h < height && w >= 0 && w < width ? h * width + w : nil)
            }
        }
    }

    /// Calls `body(entry, pixel)` for every element of the im2col matrix of an NCHW input of
    /// `inputShape` that is not padding: `entry` its row-major index in the matrix, `pixel` the
    /// index of the input element it holds.
    @inline(__always)
    private func forEachEntry(inputShape: [Int], _ body: (_ entry: Int, _ pixel: Int) -> Void) {
        let (batch, channels, height, width) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        guard let output = outputSize(height: height, width: width) else { return }
        var entry = 0
        for b in 0..<batch {
            for oh in 0..<output.height {
                for ow in 0..<output.width {
                    for c in 0..<channels {
                        let plane = (b * channels + c) * height * width
                        forEachTap(oh: oh, ow: ow, height: height, width: width) { offset in
                            if let offset { body(entry, plane + offset) }
                            entry += 1
                        }
                    }
                }
            }
        }
    }

    /// Transposes each of `blocks` consecutive `rows` × `columns` row-major blocks of `source`
    /// into the same place of `destination`, reading `source` in order.
    @inline(__always)
    private static func transposeBlocks<T>(
        _ source: UnsafeBufferPointer<T>, into destination: UnsafeMutableBufferPointer<T>, blocks: Int, rows: Int, columns: Int
    ) {
        for block in 0..<blocks {
            let base = block * rows * columns
            for row in 0..<rows {
                for column in 0..<columns { destination[base + column * rows + row] = source[base + row * columns + column] }
            }
        }
    }
}
