/// The memory technologies Crossbar models; stored as strings in preset files.
public enum DeviceTechnology: String, Sendable, Codable, CaseIterable {
    /// Resistive RAM (filamentary HfOx/TaOx, 1T1R), multi-level.
    case reram
    /// Phase-change memory (GST), multi-level, drifts.
    case pcm
    /// Spin-transfer-torque magnetic RAM, binary.
    case sttmram
    /// SRAM bit-cell used for compute-in-memory, binary.
    case sram
    /// Exact levels, no noise, no faults: for exactness tests.
    case ideal
}
