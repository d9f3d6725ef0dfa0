import Device
import Network
import Numerics

/// The weights aihwkit analog tiles hold (executionModel `analogTile`), drawn afresh for each
/// training step as ``AnalogTile`` programs and reads them: each matrix layer split into tiles
/// as ``AnalogTileChip`` splits it; per tile s = G_max/max|W|, each weight on a differential pair
/// written with the device's ``ConductanceProgrammable/program(targetSiemens:using:)``
/// (W_p = (G⁺ − G⁻)/s); read at the step's time as ``AnalogTile/readWeights(atSeconds:device:readNoise:using:)``
/// does (rescaled onto one cell of the pair with s′ = G_max/max|W_p|, drift from the cell's own
/// exponent, read noise, clip at 0); and, when the run compensates drift, multiplied by the
/// global drift-compensation gain α = mean|W_p|/mean|W(t)| — what ``AnalogTileReadout``'s one-hot
/// reference reads give through a noise-free periphery (the output noise it adds there is not drawn).
struct AnalogTileWeightNoise: Sendable {
    /// The device.
    let device: any ConductanceProgrammable
    /// Most rows and columns of a tile (the architecture's array size).
    let tileRows: Int, tileColumns: Int
    /// The injected effects (stuck-at faults: aihwkit's devices have none).
    let effects: Set<HardwareAwareEffect>
    /// Multiplier on the programming error and the read noise σ.
    let noiseScale: Double
    /// The tiles' periphery (DAC, ADC, noise management, output noise), the architecture's.
    let periphery: TilePeriphery
    /// Whether the architecture itself compensates drift (the run may ask for it as well).
    let architectureCompensatesDrift: Bool

    /// The input and output splits of a K × N layer (``AnalogTileChip``'s).
    func splits(_ weight: Matrix<Float>) -> (inputs: [Range<Int>], outputs: [Range<Int>]) {
        (AnalogTileChip.splits(weight.rows, maximum: tileRows), AnalogTileChip.splits(weight.columns, maximum: tileColumns))
    }

    /// The tiles of one K × N layer `l` for one step read at `seconds`: each tile's weights
    /// W(t) (`weights[i][j]`, the rows and columns of ``splits(_:)``) and its drift-compensation
    /// gain, tile (i, j) drawn from the stream `(seed, "hwa/step<step>/layer<l>/tile<i>/<j>")`.
    func tiles(
        _ weight: Matrix<Float>, layer l: Int, atSeconds seconds: Double, compensates: Bool, seed: UInt64, step: Int
    ) -> (weights: [[Matrix<Float>]], gains: [[Double]]) {
        let gMax = device.conductanceMaxSiemens
        let reads = effects.contains(.drift) || effects.contains(.read)
        let (inputSplits, outputSplits) = splits(weight)
        var weights: [[Matrix<Float>]] = []
        var gains: [[Double]] = []
        for (i, rows) in inputSplits.enumerated() {
            var rowWeights: [Matrix<Float>] = []
            var rowGains: [Double] = []
            for (j, columns) in outputSplits.enumerated() {
                var stream = RandomStream(seed: seed, key: "hwa/step\(step)/layer\(l)/tile\(i)/\(j)")
                var largest = 0.0
                for k in rows { for n in columns { largest = max(largest, Double(abs(weight[k, n]))) } }
                let scale = gMax / max(largest, 1e-12)
                var cells: [ProgrammedCell] = []
                var programmed: [Double] = []
                cells.reserveCapacity(2 * rows.count * columns.count)
                programmed.reserveCapacity(rows.count * columns.count)
                for k in rows {
                    for n in columns {
                        let target = scale * Double(weight[k, n])
                        let positive = program(min(gMax, max(0, target)), using: &stream)
                        let negative = program(min(gMax, max(0, -target)), using: &stream)
                        cells.append(positive)
                        cells.append(negative)
                        programmed.append((positive.conductanceSiemens - negative.conductanceSiemens) / scale)
                    }
                }
                var read = programmed
                if reads {
                    let rescale = gMax / max(programmed.reduce(0) { max($0, abs($1)) }, 1e-12)
                    for (index, w) in programmed.enumerated() where w != 0 {
                        var cell = cells[w > 0 ? 2 * index : 2 * index + 1]
                        cell.conductanceSiemens = min(gMax, abs(w) * rescale)
                        let time = effects.contains(.drift) ? seconds : 0
                        var g = device.conductance(of: cell, atSeconds: time)
                        if effects.contains(.read) {
                            g = max(0, g + noiseScale * device.readNoiseStandardDeviation(of: cell, atSeconds: time) * stream.nextNormal())
                        }
                        read[index] = (w > 0 ? g : -g) / rescale
                    }
                }
                let meanRead = read.reduce(0) { $0 + abs($1) }
                rowGains.append(compensates && meanRead > 0 ? programmed.reduce(0) { $0 + abs($1) } / meanRead : 1)
                rowWeights.append(Matrix(rows: rows.count, columns: columns.count) { k, n in Float(read[k * columns.count + n]) })
            }
            weights.append(rowWeights)
            gains.append(rowGains)
        }
        return (weights, gains)
    }

    /// A cell written to `goal`: the device's programmed conductance, its error from the goal
    /// scaled by ``noiseScale``, or the goal itself without ``HardwareAwareEffect/programming``.
    private func program(_ goal: Double, using stream: inout RandomStream) -> ProgrammedCell {
        var cell = device.program(targetSiemens: goal, using: &stream)
        cell.conductanceSiemens = effects.contains(.programming) ? max(0, goal + noiseScale * (cell.conductanceSiemens - goal)) : goal
        return cell
    }
}
