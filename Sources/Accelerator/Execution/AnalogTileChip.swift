import Device
import Network
import Numerics

/// A network's Dense layers programmed on aihwkit analog tiles (``AnalogTile``): each layer of
/// K inputs and N outputs split as aihwkit's `TileModuleArray` splits it, into ⌈K/rows⌉ × ⌈N/columns⌉
/// tiles of near-equal size (`get_split_sizes`: the first K mod n splits one larger), rows and
/// columns the architecture's `arrayRows` and `arrayColumns` (aihwkit `max_input_size`,
/// `max_output_size`: 512). Biases stay digital (aihwkit `digital_bias`).
///
/// Tile (l, i, j) — layer l, input split i, output split j — is programmed from the stream
/// keyed `analog-tile/l/i/j` of the seed, so a tile's cells do not depend on the others.
public struct AnalogTileChip: Sendable {
    /// One layer's tiles.
    public struct Layer: Sendable {
        /// Input ranges of the splits.
        public let inputSplits: [Range<Int>]
        /// Output ranges of the splits.
        public let outputSplits: [Range<Int>]
        /// Tiles, `tiles[i][j]` for input split i and output split j.
        public let tiles: [[AnalogTile]]
    }

    /// The float network whose Dense layers the tiles hold (its pass runs with an ``AnalogTileReadout``).
    public let network: Network
    /// The device every cell is written with.
    public let device: any ConductanceProgrammable
    /// The tile periphery (DAC, ADC, management).
    public let periphery: TilePeriphery
    /// Whether reads apply global drift compensation.
    public let driftCompensation: Bool
    /// The seed the tiles were programmed with (reads draw from streams of it too).
    public let seed: UInt64
    /// The matrix layers, in network order.
    public let layers: [Layer]

    /// Programs the Dense layers of `network` for `architecture` on `device`; throws
    /// ``RunConfigurationError`` when the network has a convolution or the device cannot be
    /// programmed to an arbitrary conductance.
    public init(network: Network, architecture: ArchitectureSpec, device: any MemoryDevice, seed: UInt64) throws {
        guard let programmable = device as? any ConductanceProgrammable else {
            throw RunConfigurationError.rejected(
                path: "device.preset", reason: "\(device.name) cannot be programmed to an arbitrary conductance, which executionModel \"analogTile\" needs (use pcm-aihwkit or reram-aihwkit)")
        }
        var denses: [Dense] = []
        for node in network.nodes {
            switch node.layer {
            case .dense(let dense): denses.append(dense)
            case .conv2D:
                throw RunConfigurationError.rejected(
                    path: "architecture", reason: "executionModel \"analogTile\" maps Dense layers only; \(node.name) is a Conv2D")
            default: break
            }
        }
        self.network = network
        self.device = programmable
        periphery = architecture.tilePeriphery
        driftCompensation = architecture.driftCompensation
        self.seed = seed
        let rows = architecture.arrayRows, columns = architecture.arrayColumns
        layers = denses.enumerated().map { index, dense in
            let inputs = Self.splits(dense.inFeatures, maximum: rows)
            let outputs = Self.splits(dense.outFeatures, maximum: columns)
            let tiles = inputs.enumerated().map { i, inputRange in
                outputs.enumerated().map { j, outputRange in
                    var block = Matrix<Float>(rows: inputRange.count, columns: outputRange.count)
                    for (r, k) in inputRange.enumerated() {
                        for (c, n) in outputRange.enumerated() { block[r, c] = dense.weight[k, n] }
                    }
                    var stream = RandomStream(seed: seed, key: "analog-tile/\(index)/\(i)/\(j)")
                    return AnalogTile(weights: block, device: programmable, using: &stream)
                }
            }
            return Layer(inputSplits: inputs, outputSplits: outputs, tiles: tiles)
        }
    }

    /// aihwkit's `get_split_sizes`: n = ⌈size/maximum⌉ consecutive ranges, the first size mod n
    /// of them one longer.
    static func splits(_ size: Int, maximum: Int) -> [Range<Int>] {
        let count = (size + maximum - 1) / maximum
        let (base, extra) = size.quotientAndRemainder(dividingBy: count)
        var start = 0
        return (0..<count).map { i in
            let length = base + (i < extra ? 1 : 0)
            defer { start += length }
            return start..<(start + length)
        }
    }
}
