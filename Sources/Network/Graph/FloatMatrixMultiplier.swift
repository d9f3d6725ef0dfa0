import Numerics

/// The matrix product of a Dense or (ungrouped) Conv2D layer in a float forward pass
/// (``Network/outputs(for:multiplier:batchSize:threads:)``): where an analog model that keeps
/// float weights (aihwkit's analog tile) replaces `inputs · weight`. The bias is added by the
/// pass, digitally. It is called concurrently for different batches.
public protocol FloatMatrixMultiplier: Sendable {
    /// `inputs · weight` (M × N, without the bias) for matrix layer `layerIndex` of the network
    /// (0 for the first Dense/Conv2D). Each of the M rows is one input vector of that layer: one
    /// per image for a Dense layer, one per output pixel for a convolution (its im2col rows,
    /// ordered image, output row, output column); the rows are those of the dataset images
    /// `images`, an equal number per image.
    func multiply(_ inputs: Matrix<Float>, layerIndex: Int, images: Range<Int>) throws -> Matrix<Float>
}
