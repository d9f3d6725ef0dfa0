/// Whose model of a technology a preset uses; stored as the preset file's `model` string.
public enum DeviceModel: String, Sendable, Codable, CaseIterable {
    /// Crossbar's own physical model (write-verify with a pulse response, faults, variation; see
    /// the technology's type).
    case crossbar
    /// IBM aihwkit 1.1's statistical inference noise model of the technology, reproduced exactly:
    /// `PCMLikeNoiseModel` (``AIHWKitPCMDevice``) or `ReRamWan2022NoiseModel`
    /// (``AIHWKitReRAMDevice``). Exists for `pcm` and `reram`.
    case aihwkit
}
