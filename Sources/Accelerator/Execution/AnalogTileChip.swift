import Device
import Network
import Numerics

/// A network's Dense and Conv2D layers programmed on aihwkit analog tiles (``AnalogTile``), as
/// `convert_to_analog` places `Linear` and `Conv2d` on `AnalogLinear` and `AnalogConv2d`: each
/// layer's K × N matrix (a convolution's is its unfolded kernel, K = inChannels·kH·kW in the
/// channel, kernel-row, kernel-column order of torch's `weight.view(N, -1)` and of ``WindowGeometry/im2col(_:)``;
/// every output pixel's patch is one input vector, as aihwkit's `unfold`) split as aihwkit's
/// `TileModuleArray` splits it, into ⌈K/rows⌉ × ⌈N/columns⌉
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

    /// The float network whose matrix layers the tiles hold (its pass runs with an ``AnalogTileReadout``).
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

    /// Programs the matrix layers of `network` for `architecture` on `device`; throws
    /// ``RunConfigurationError`` when the network has a grouped convolution (aihwkit's
    /// `AnalogConv2d` holds one weight matrix) or the device cannot be programmed to an
    /// arbitrary conductance.
    public init(network: Network, architecture: ArchitectureSpec, device: any MemoryDevice, seed: UInt64) throws {
        guard let programmable = device as? any ConductanceProgrammable else {
            throw RunConfigurationError.rejected(
                path: "device.preset", reason: "\(device.name) cannot be programmed to an arbitrary conductance, which executionModel \"analogTile\" needs (use pcm-aihwkit or reram-aihwkit)")
        }
        var matrices: [Matrix<Float>] = []
        for node in network.nodes {
            switch node.layer {
            case .dense(let dense): matrices.append(dense.weight)
            case .conv2D(let convolution):
                guard convolution.groups == 1 else {
                    throw RunConfigurationError.rejected(
                        path: "architecture",
                        reason: "executionModel \"analogTile\" maps ungrouped convolutions only; \(node.name) has \(convolution.groups) groups")
                }
                matrices.append(convolution.weight)
            default: break
            }
        }
        self.network = network
        self.device = programmable
        periphery = architecture.tilePeriphery
        driftCompensation = architecture.driftCompensation
        self.seed = seed
        let rows = architecture.arrayRows, columns = architecture.arrayColumns
        layers = matrices.enumerated().map { index, weight in
            let inputs = Self.splits(weight.rows, maximum: rows)
            let outputs = Self.splits(weight.columns, maximum: columns)
            let tiles = inputs.enumerated().map { i, inputRange in
                outputs.enumerated().map { j, outputRange in
                    var block = Matrix<Float>(rows: inputRange.count, columns: outputRange.count)
                    for (r, k) in inputRange.enumerated() {
                        for (c, n) in outputRange.enumerated() { block[r, c] = weight[k, n] }
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
