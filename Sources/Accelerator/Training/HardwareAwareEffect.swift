/// A non-ideality of the chip that hardware-aware training injects into its forward pass
/// (``HardwareAwareNoise``); the CLI's `--inject` names them.
public enum HardwareAwareEffect: String, Sendable, CaseIterable, Comparable {
    /// The programmed conductance's error: write-verify residual, device-to-device variation,
    /// aihwkit's programming noise — whatever the device's `program` draws.
    case programming
    /// Stuck-at cells at the preset's fault rate (what the device's `program` draws as faults).
    case faults
    /// Conductance change between programming and the read time (PCM drift, ReRAM relaxation,
    /// retention), followed by the run's global drift compensation when it applies one.
    case drift
    /// The device's read noise at the read time (its frozen and per-conversion parts together).
    case read
    /// Each product through the chip's converters, straight-through in the backward pass: on
    /// analog tiles (executionModel `analogTile`) the tile periphery — noise management, DAC,
    /// output noise, ADC range and bound; on bit-sliced chips the layer input's quantization, the
    /// DAC slices and every array's ADC conversions and shift-and-add
    /// (``BitSlicedConverterReadout``), except with ISAAC's column flip, SRAM cells or BatchNorm.
    case periphery
    /// On bit-sliced chips with resistive wires or access transistors, IR drop as a fixed
    /// perturbation of each cell's conductance: the ratio G_eff/G (for a cell at 0 S, G_eff added) of the exact solution
    /// (``IRDropSolver``) of each array programmed at its nominal conductances with the starting
    /// weights, applied to every step's cells. Nothing on ideal wires or on analog tiles.
    case irDrop = "irdrop"

    /// Order of declaration.
    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
