import Numerics

/// The matrix product of a Dense layer in a float forward pass
/// (``Network/outputs(for:multiplier:batchSize:threads:)``): where an analog model that keeps
/// float weights (aihwkit's analog tile) replaces `inputs · weight`. The bias is added by the
/// pass, digitally. It is called concurrently for different batches.
public protocol FloatMatrixMultiplier: Sendable {
    /// `inputs · dense.weight` (M × N, without the bias) for the Dense layer that is matrix
    /// layer `layerIndex` of the network (0 for the first Dense/Conv2D), whose M input rows
    /// are those of the dataset images `images`.
    func multiply(_ inputs: Matrix<Float>, dense: Dense, layerIndex: Int, images: Range<Int>) throws -> Matrix<Float>
}
