import Foundation
import Numerics

/// A folder that per-image logits are written to as NPY float32 files of shape N×classes
/// (`crossbar eval` and `crossbar run --save-logits`: `float.npy`, `digital.npy`, `analog.npy`),
/// readable with `numpy.load`.
///
/// Opening it creates the folder if needed and checks that a file can be written there, so a
/// long run fails before it starts rather than after.
public struct LogitsFolder: Sendable {
    /// The folder.
    public let folder: URL

    /// Opens (creating if needed) the folder at `path` and checks it is writable; throws
    /// ``DatasetError/unwritableFolder(folder:reason:)`` otherwise.
    public init(path: String) throws {
        folder = try OutputFolder(URL(fileURLWithPath: path)).folder
    }

    /// Writes `logits` (`[N, classes…]`, flattened per image) as `<name>.npy`, float32 N×classes.
    public func write(_ logits: Tensor<Float>, name: String) throws {
        let count = logits.batchSize
        let classes = count == 0 ? 0 : logits.count / count
        try NPYFile(shape: [count, classes], floats: logits.elements).write(to: folder.appendingPathComponent(name + ".npy"))
    }
}
