import Network
import Numerics

/// One read of an ``AnalogTileChip`` at one time after programming: every tile's weights W(t)
/// (drift and read noise drawn once for this read, ``AnalogTile/readWeights(atSeconds:device:readNoise:using:)``)
/// and its drift-compensation gain; the Dense and Conv2D products of a float pass through the tiles'
/// periphery (``TilePeriphery``), summed digitally over input splits.
///
/// Global drift compensation, as aihwkit's `GlobalDriftCompensation` (`inference/compensation/drift.py`,
/// `simulator/tiles/inference.py`): the reference is read at programming through the tile's own
/// noisy periphery — the one-hot inputs eᵢ (`eye(K)`) on the programmed weights W_p, output
/// noise and ADC included — and each read at t repeats it on W(t); the tile's outputs are
/// multiplied by α = max(mean|Y_ref|, 10⁻⁴)/max(mean|Y(t)|, 10⁻⁴), means over all K·N outputs.
///
/// Random streams (all from the chip's seed): tile (l, i, j)'s read noise from
/// `analog-tile-read/<t>/l/i/j`, its reference read from `analog-tile-reference/l/i/j`, the
/// compensation read at t from `analog-tile-compensation/<t>/l/i/j`, and the output noise of
/// image m from `analog-tile-output/<t>/l/i/j/m`, drawn in the order of the image's input vectors
/// (one for a Dense layer, one per output pixel for a convolution): results do not depend on batches or threads,
/// and reads at different times are independent.
public struct AnalogTileReadout: FloatMatrixMultiplier {
    /// Seconds after programming.
    public let seconds: Double
    /// Every matrix layer's input and output splits (its tiles' rows and columns).
    public let splits: [(inputs: [Range<Int>], outputs: [Range<Int>])]
    /// The tiles' periphery (DAC, ADC, noise management, output noise).
    public let periphery: TilePeriphery
    /// Seed of the output-noise streams.
    public let seed: UInt64
    /// Weights of every tile at this read, `weights[l][i][j]`.
    public let weights: [[[Matrix<Float>]]]
    /// Drift-compensation gain of every tile (1 without compensation).
    public let gains: [[[Double]]]

    /// Reads `chip` at `seconds` after programming, with read noise unless `readNoise` is false
    /// and with drift compensation when the chip's architecture or `driftCompensation` asks for it.
    public init(chip: AnalogTileChip, atSeconds seconds: Double, readNoise: Bool, driftCompensation: Bool) {
        let compensate = driftCompensation || chip.driftCompensation
        var weights: [[[Matrix<Float>]]] = []
        var gains: [[[Double]]] = []
        for (l, layer) in chip.layers.enumerated() {
            var layerWeights: [[Matrix<Float>]] = []
            var layerGains: [[Double]] = []
            for (i, row) in layer.tiles.enumerated() {
                var rowWeights: [Matrix<Float>] = []
                var rowGains: [Double] = []
                for (j, tile) in row.enumerated() {
                    var stream = RandomStream(seed: chip.seed, key: "analog-tile-read/\(seconds)/\(l)/\(i)/\(j)")
                    let read = tile.readWeights(atSeconds: seconds, device: chip.device, readNoise: readNoise, using: &stream)
                    rowWeights.append(read)
                    guard compensate else {
                        rowGains.append(1)
                        continue
                    }
                    var referenceStream = RandomStream(seed: chip.seed, key: "analog-tile-reference/\(l)/\(i)/\(j)")
                    var currentStream = RandomStream(seed: chip.seed, key: "analog-tile-compensation/\(seconds)/\(l)/\(i)/\(j)")
                    let reference = Self.oneHotReadout(tile.programmedWeights, chip.periphery, using: &referenceStream)
                    let current = Self.oneHotReadout(read, chip.periphery, using: &currentStream)
                    rowGains.append(reference / current)
                }
                layerWeights.append(rowWeights)
                layerGains.append(rowGains)
            }
            weights.append(layerWeights)
            gains.append(layerGains)
        }
        self.init(
            atSeconds: seconds, splits: chip.layers.map { ($0.inputSplits, $0.outputSplits) }, periphery: chip.periphery, seed: chip.seed,
            weights: weights, gains: gains)
    }

    /// A read whose tile weights and gains are given (hardware-aware training draws them,
    /// ``HardwareAwareNoise``): `weights[l][i][j]` is tile (i, j) of layer l, its rows
    /// `splits[l].inputs[i]` and columns `splits[l].outputs[j]`.
    public init(
        atSeconds seconds: Double, splits: [(inputs: [Range<Int>], outputs: [Range<Int>])], periphery: TilePeriphery, seed: UInt64,
        weights: [[[Matrix<Float>]]], gains: [[[Double]]]
    ) {
        self.seconds = seconds
        self.splits = splits
        self.periphery = periphery
        self.seed = seed
        self.weights = weights
        self.gains = gains
    }

    /// max(mean|Y|, 10⁻⁴) of the outputs Y of the one-hot inputs e₁ … e_K through `periphery`
    /// on `weights` (aihwkit `GlobalDriftCompensation.readout` of `eye(K)`).
    static func oneHotReadout(_ weights: Matrix<Float>, _ periphery: TilePeriphery, using stream: inout RandomStream) -> Double {
        let k = weights.rows, n = weights.columns
        var input = [Float](repeating: 0, count: k)
        var output = [Float](repeating: 0, count: n)
        var sum = 0.0
        for i in 0..<k {
            input[i] = 1
            for j in 0..<n { output[j] = 0 }
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    periphery.accumulate(x, weights: weights, gain: 1, into: y, using: &stream)
                }
            }
            sum += output.reduce(0.0) { $0 + abs(Double($1)) }
            input[i] = 0
        }
        return max(sum / Double(k * n), 1e-4)
    }

    public func multiply(_ inputs: Matrix<Float>, layerIndex: Int, images: Range<Int>) throws -> Matrix<Float> {
        let (inputSplits, outputSplits) = splits[layerIndex]
        let rowsPerImage = inputs.rows / max(images.count, 1)
        let outputCount = outputSplits.last!.upperBound
        var result = Matrix<Float>(rows: inputs.rows, columns: outputCount)
        var y = [Float]()
        inputs.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                for (offset, image) in images.enumerated() {
                    let rows = (offset * rowsPerImage)..<((offset + 1) * rowsPerImage)
                    for (i, inputRange) in inputSplits.enumerated() {
                        for (j, outputRange) in outputSplits.enumerated() {
                            // One stream per image and tile, drawn in the order of the image's input vectors.
                            var stream = RandomStream(seed: seed, key: "analog-tile-output/\(seconds)/\(layerIndex)/\(i)/\(j)/\(image)")
                            for m in rows {
                                let start = m * inputs.columns
                                let x = UnsafeBufferPointer(rebasing: input[(start + inputRange.lowerBound)..<(start + inputRange.upperBound)])
                                y = [Float](repeating: 0, count: outputRange.count)
                                y.withUnsafeMutableBufferPointer { ys in
                                    periphery.accumulate(x, weights: weights[layerIndex][i][j], gain: gains[layerIndex][i][j], into: ys, using: &stream)
                                }
                                for (c, n) in outputRange.enumerated() { out[m * outputCount + n] += y[c] }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
