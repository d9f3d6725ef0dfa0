import Foundation
import Numerics

/// Per-channel normalisation of images, x' = (x − mean[c]) / std[c], as torchvision's
/// `Normalize` — read from `normalization.json` beside the data:
/// `{"mean": [0.4914, 0.4822, 0.4465], "std": [0.2470, 0.2435, 0.2616]}` (one entry per channel;
/// values for pixels scaled to [0, 1]).
public struct ChannelNormalization: Sendable, Equatable, Decodable {
    /// The file name looked for in a dataset folder.
    public static let fileName = "normalization.json"

    /// Mean per channel.
    public let mean: [Float]
    /// Standard deviation per channel (positive).
    public let std: [Float]

    /// Reads `normalization.json` in `folder`, or `nil` if there is none.
    public static func read(folder: URL) throws -> ChannelNormalization? {
        let url = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let normalization: ChannelNormalization
        do {
            normalization = try JSONDecoder().decode(ChannelNormalization.self, from: Data(contentsOf: url))
        } catch {
            throw DatasetError.badHeader(file: url.path, field: "contents", value: "\(error)", allowed: "{\"mean\": [numbers], \"std\": [numbers]}")
        }
        guard normalization.mean.count == normalization.std.count, !normalization.mean.isEmpty else {
            throw DatasetError.badHeader(
                file: url.path, field: "mean, std", value: "\(normalization.mean.count) and \(normalization.std.count) entries",
                allowed: "one entry per channel in each")
        }
        if let bad = normalization.std.first(where: { !($0 > 0 && $0.isFinite) }) {
            throw DatasetError.badHeader(file: url.path, field: "std", value: "\(bad)", allowed: "positive finite numbers")
        }
        if let bad = normalization.mean.first(where: { !$0.isFinite }) {
            throw DatasetError.badHeader(file: url.path, field: "mean", value: "\(bad)", allowed: "finite numbers")
        }
        return normalization
    }

    /// The images `[N, C, H, W]` normalised; `file` names the normalisation file in errors.
    func apply(to images: Tensor<Float>, file: String) throws -> Tensor<Float> {
        let channels = images.shape[1]
        guard channels == mean.count else {
            throw DatasetError.badHeader(file: file, field: "mean", value: "\(mean.count) entries", allowed: "\(channels), one per image channel")
        }
        let plane = images.shape[2] * images.shape[3]
        var result = images
        result.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count {
                let c = (i / plane) % channels
                x[i] = (x[i] - mean[c]) / std[c]
            }
        }
        return result
    }
}
