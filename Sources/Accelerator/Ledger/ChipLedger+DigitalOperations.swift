import Network

/// The digital units' operations of the non-matrix steps, per output element, following the
/// integer pass of ``QuantizedNetwork`` (the convention of `Action+Chip.swift`: a comparison
/// costs one ``Action/digitalAdd``, a shift by a constant is wiring and costs nothing):
/// - requantization of one value, q = clamp((x·m + 2^(e−1)) >> e): 1 multiply, 1 add of the
///   rounding constant, 2 comparisons of the clamp;
/// - residual Add: both operands requantized to the output scale, their sum, the clamp:
///   2 multiplies, 5 adds;
/// - average and global average pooling: besides the window additions of the pooling unit, the
///   division by the divisor as a multiplication by its reciprocal and the rounding add;
/// - every other layer of the digital units (``QuantizedNetwork/Operation/digital(_:)``):
///   1 multiply per input element (dequantization), the layer's own operations per output
///   element (``digitalOperationsPerElement(_:)``) and a requantization per output element;
///   layers that only move elements (``Layer/movesDataOnly``) cost nothing.
extension ChipLedger {
    /// Actions of requantizing one value.
    static let requantization = ActionCounts([.digitalMultiply: 1, .digitalAdd: 3])

    /// Actions of one residual Add output.
    static let residualAddition = ActionCounts([.digitalMultiply: 2, .digitalAdd: 5])

    /// Actions of dividing one average by its divisor.
    static let averageDivision = ActionCounts([.digitalMultiply: 1, .digitalAdd: 1])

    /// `counts` taken `times` times.
    static func repeated(_ counts: ActionCounts, _ times: Int) -> ActionCounts { ActionCounts(counts.counts.mapValues { $0 * times }) }

    /// The operations a layer of the digital units applies per output element, between
    /// dequantization and requantization: Clip 2 comparisons; LeakyRelu 1 comparison and 1
    /// multiply; HardSigmoid α·x + β and a clamp (1 multiply, 3 adds); HardSwish x·clamp(x/6 + ½)
    /// (2 multiplies, 3 adds); Sigmoid and Tanh one ``Action/activation`` (ISAAC's sigmoid unit);
    /// element-wise Add/Sub 1 add, Mul 1 multiply, Div 1 multiply (by the reciprocal: a lower
    /// bound when the divisor is a tensor); an unfolded BatchNorm 1 multiply and 1 add; a Softmax
    /// that is not last one exponential (``Action/activation``), its share of the sum (1 add) and
    /// the normalisation (1 multiply); Concat and Pad nothing beyond the rescaling.
    static func digitalOperationsPerElement(_ layer: Layer) -> ActionCounts {
        switch layer {
        case .pointwise(let function):
            switch function {
            case .clip: ActionCounts([.digitalAdd: 2])
            case .leakyReLU: ActionCounts([.digitalAdd: 1, .digitalMultiply: 1])
            case .hardSigmoid: ActionCounts([.digitalAdd: 3, .digitalMultiply: 1])
            case .hardSwish: ActionCounts([.digitalAdd: 3, .digitalMultiply: 2])
            case .sigmoid, .tanh: ActionCounts([.activation: 1])
            }
        case .arithmetic(let arithmetic):
            switch arithmetic.operation {
            case .add, .subtract: ActionCounts([.digitalAdd: 1])
            case .multiply, .divide: ActionCounts([.digitalMultiply: 1])
            }
        case .batchNorm: ActionCounts([.digitalAdd: 1, .digitalMultiply: 1])
        case .softmax: ActionCounts([.activation: 1, .digitalAdd: 1, .digitalMultiply: 1])
        default: ActionCounts()
        }
    }

    /// The actions of one digital-unit step (``QuantizedNetwork/Operation/digital(_:)``) with
    /// `inputElements` input values (all inputs) and `outputElements` output values.
    static func digitalStepActions(_ layer: Layer, inputElements: Int, outputElements: Int) -> ActionCounts {
        guard !layer.movesDataOnly else { return ActionCounts() }
        return ActionCounts([.digitalMultiply: inputElements]) + repeated(digitalOperationsPerElement(layer) + requantization, outputElements)
    }
}
