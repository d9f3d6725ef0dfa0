import Numerics

/// One integer matrix product of the integer forward pass: the quantized inputs of a Conv2D or
/// Dense layer (im2col rows for a convolution) times the layer's integer weights.
public struct MatrixProductRequest: Sendable {
    /// The layer, with its integer weights (K × N) and scales.
    public let layer: QuantizedMatrixLayer
    /// Position of the layer among the network's matrix layers (0 for the first).
    public let layerIndex: Int
    /// The quantized inputs, M × K: one row per image (Dense) or per output pixel of each image
    /// (Conv2D, rows ordered image, output row, output column), values in the layer's
    /// ``QuantizedMatrixLayer/input`` range.
    public let inputs: Matrix<Int16>
    /// Dataset indices of the images whose rows these are, in row order.
    public let images: Range<Int>
    /// Rows per image (1 for Dense, OH·OW for Conv2D).
    public var rowsPerImage: Int { inputs.rows / max(images.count, 1) }

    /// A request.
    public init(layer: QuantizedMatrixLayer, layerIndex: Int, inputs: Matrix<Int16>, images: Range<Int>) {
        self.layer = layer
        self.layerIndex = layerIndex
        self.inputs = inputs
        self.images = images
    }
}

/// The step of the integer forward pass that computes a layer's matrix product — the one
/// place where an analog accelerator replaces digital arithmetic.
///
/// An implementation returns the M × N accumulators `inputs · weights` (without the bias, which
/// the shared pipeline adds) and a ``Record`` of the product, which the forward pass hands back
/// with its outputs (``QuantizedNetwork/ForwardResult/records``). The digital baseline,
/// ``DigitalMatrixMultiplier``, computes the accumulators exactly and records nothing; an analog
/// model returns its (possibly noisy) digitized estimate and what the chip did. It is called
/// concurrently for different batches, so it must be safe to share between threads.
public protocol IntegerMatrixMultiplier: Sendable {
    /// What the multiplier reports about one product besides its accumulators.
    associatedtype Record: Sendable = Void
    /// The accumulators of `request.inputs · request.layer.weights`, M × N, and the product's record.
    func multiply(_ request: MatrixProductRequest) throws -> (products: Matrix<Int32>, record: Record)
}

/// The exact digital matrix product (``IntegerGEMM``): the digital baseline. A grouped
/// convolution's product is computed block by block (``QuantizedMatrixLayer/groupBlock(_:)``):
/// the same integers as the full product, without multiplying the zeros off the diagonal.
public struct DigitalMatrixMultiplier: IntegerMatrixMultiplier {
    /// Threads per product (1 by default: batches already run in parallel).
    public let threads: Int?

    /// A digital multiplier.
    public init(threads: Int? = 1) {
        self.threads = threads
    }

    public func multiply(_ request: MatrixProductRequest) throws -> (products: Matrix<Int32>, record: Void) {
        let layer = request.layer
        guard layer.groups > 1 else { return (IntegerGEMM.multiply(request.inputs.view, layer.weights.view, threads: threads), ()) }
        let rows = request.inputs.rows
        var result = Matrix<Int32>(rows: rows, columns: layer.outputSize)
        result.withUnsafeMutableBufferPointer { out in
            for group in 0..<layer.groups {
                let block = layer.groupBlock(group)
                let product = IntegerGEMM.multiply(
                    MatrixView(request.inputs, rows: 0..<rows, columns: block.rows), MatrixView(layer.weights, rows: block.rows, columns: block.columns),
                    threads: threads)
                product.withUnsafeBufferPointer { p in
                    for m in 0..<rows {
                        for n in 0..<block.columns.count { out[m * layer.outputSize + block.columns.lowerBound + n] = p[m * block.columns.count + n] }
                    }
                }
            }
        }
        return (result, ())
    }
}
