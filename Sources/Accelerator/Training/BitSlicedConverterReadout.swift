import Circuit
import Network
import Numerics

/// One training step's products on a bit-sliced chip through its converters (effect `periphery`
/// on a bit-sliced chip): each Dense/Conv2D input vector quantized as the integer pipeline
/// quantizes the layer's input (``ActivationQuantization``, scales fitted on the calibration
/// images at the start), cut into the layer's DAC slices (``InputSlicing``), and for every array
/// of every row block the slices' column values on the step's sensed levels (``BitSlicedWeightNoise``'s
/// draw: (G⁺ − G⁻)/Δ per sensed column) converted and recombined by that array's
/// ``CrossbarCore`` (``CrossbarCore/readout(currents:inputs:variances:reads:inputGram:threads:)``:
/// ADC range, resolution and clipping, its columns' static offset, gain and DNL errors, the
/// offset scheme's unit column, shift-and-add), the integer dot products summed over row blocks
/// and scaled back by s_x·s_w[n]·α (a layer the mapping runs digitally multiplies by the step's
/// effective weights). The cores are the starting chip's, programmed and their ADC
/// ranges calibrated once as `crossbar run` calibrates them; only their readout is used, so the
/// step's cells, not the starting chip's, are what is converted. Conversions are noise-free (the
/// read noise is already in the step's cells); the backward pass is straight-through.
struct BitSlicedConverterReadout: FloatMatrixMultiplier {
    /// What one matrix layer's products need.
    struct Layer: Sendable {
        /// Where its arrays sit.
        let mapping: LayerMapping
        /// Its input's quantization.
        let input: ActivationQuantization
        /// Its DAC slicing.
        let slicing: InputSlicing
        /// One calibrated core per array, in ``LayerMapping/arrays`` order (the converters).
        let cores: [CrossbarCore]
    }

    /// Every matrix layer, in mapping order.
    let layers: [Layer]
    /// The step's effective weights (K × N), which a layer that runs digitally multiplies by.
    let effectiveWeights: [Matrix<Float>]
    /// The step's sensed levels of every array, `[layer][array]` (block rows × sensed columns).
    let sensedLevels: [[Matrix<Float>]]
    /// The step's per-output-channel weight scales s_w, `[layer][output]`.
    let weightScales: [[Float]]
    /// The step's drift-compensation gain of every layer.
    let gains: [Double]

    func multiply(_ inputs: Matrix<Float>, layerIndex l: Int, images: Range<Int>) throws -> Matrix<Float> {
        let layer = layers[l]
        if layer.mapping.runsDigitally {
            var product = Matrix<Float>(rows: inputs.rows, columns: effectiveWeights[l].columns)
            GEMM.multiply(inputs.view, effectiveWeights[l].view, into: &product, threads: 1)
            return product
        }
        let outputs = layer.mapping.shape.outputSize
        var sums = Matrix<Int64>(rows: inputs.rows, columns: outputs)
        for (r, rows) in layer.mapping.rowBlocks.enumerated() {
            let block = Matrix<Int32>(rows: inputs.rows, columns: rows.count) { m, k in Int32(layer.input.quantize(inputs[m, rows.lowerBound + k])) }
            let sliced = try layer.slicing.slice(block.view)
            for array in layer.mapping.arrays where array.rowBlock == r {
                let core = layer.cores[array.index]
                var currents = Matrix<Float>(rows: sliced.codes.rows, columns: core.sensedLevels.columns)
                GEMM.multiply(sliced.codes.view, sensedLevels[l][array.index].view, into: &currents, threads: 1)
                let products = try core.readout(currents: currents.view, inputs: sliced, variances: nil, reads: nil, threads: 1).outputs
                for m in 0..<inputs.rows {
                    for (o, n) in array.outputs.enumerated() { sums[m, n] += products[m, o] }
                }
            }
        }
        let scale = Double(layer.input.scale) * gains[l]
        return Matrix(rows: inputs.rows, columns: outputs) { m, n in Float(Double(sums[m, n]) * scale * Double(weightScales[l][n])) }
    }
}
