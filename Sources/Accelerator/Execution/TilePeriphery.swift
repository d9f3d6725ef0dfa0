import Numerics

/// The DAC, ADC and their management of one aihwkit analog tile: IBM aihwkit 1.1.0's
/// IO-managed forward pass (`AnalogMVM.matmul`, `aihwkit/simulator/tiles/analog_mvm.py`, the
/// torch mirror of RPUCuda's `ForwardBackwardPassIOManaged`) with `mv_type` ONE_PASS.
///
/// For one input vector x (one image's inputs to the tile), in aihwkit's order:
/// 1. noise management: s = max|xₖ| under ``NoiseManagement/absMax`` (1 under
///    ``NoiseManagement/none``); under ``NoiseManagement/absMax`` an all-zero x reads exactly 0,
///    with no output noise, as aihwkit 1.1.0's C++ `InferenceTile` does (checked: a zero row of a
///    batch reads 0 beside a non-zero row; its torch tile would add output noise with s = 1) —
///    common for convolutions, whose patches of an image's blank background are all zero;
/// 2. bound management round r = 1, 2, 4, …: x̂ = clamp(round(xₖ/(s·r)/Δᵢ)·Δᵢ, −1, 1), the DAC
///    step Δᵢ = 2·``inputResolution`` (input bound 1); rounding is half to even (`torch.round`);
/// 3. y = W·x̂ + ``outputNoise``·z, z standard normal per output, drawn afresh every round;
/// 4. ŷ = round(y/Δₒ)·Δₒ, Δₒ = 2·``outputBound``·``outputResolution``, clamped to ±``outputBound``;
/// 5. under ``BoundManagement/iterative`` the round is repeated with r doubled while any output
///    clipped, until r > ``boundManagementMaxFactor`` or r > ``boundManagementMaxResolution``/Δᵢ
///    (1000 and 0.25/(2/254) = 31.75: at most r = 32);
/// 6. the result is ŷ·s·r.
///
/// Units: W in weight units (aihwkit does not rescale the weights of a tile, mapping's
/// `weight_scaling_omega` = 0), inputs normalised to the DAC range, so ``outputBound`` and
/// ``outputNoise`` are in weight units.
///
/// Bound management is decided per input vector, as aihwkit's C++ `InferenceTile` does
/// (checked with aihwkit 1.1.0: W = (10, 10), inputs (1, 1) and (1, 0.1) in one batch give
/// 20.2205 and 11.0551, the second the same as alone); aihwkit's torch tile decides it for the
/// whole batch instead.
public struct TilePeriphery: Sendable, Equatable {
    /// How inputs are scaled to the DAC range before conversion.
    public enum NoiseManagement: String, Sendable, CaseIterable {
        /// No scaling: inputs beyond ±1 clip.
        case none
        /// Divide each input vector by its largest magnitude (aihwkit `ABS_MAX`).
        case absMax
    }

    /// What happens when an output exceeds the ADC's bound.
    public enum BoundManagement: String, Sendable, CaseIterable {
        /// Outputs clip.
        case none
        /// Repeat with the input halved while any output clips (aihwkit `ITERATIVE`).
        case iterative
    }

    /// DAC resolution as a fraction of the input range [−1, 1] (aihwkit `inp_res`, 1/254 at 8 bits).
    public let inputResolution: Double
    /// ADC resolution as a fraction of the output range (aihwkit `out_res`, 1/254 at 8 bits).
    public let outputResolution: Double
    /// Output bound, weight units (aihwkit `out_bound`).
    public let outputBound: Double
    /// σ of the output noise, weight units (aihwkit `out_noise`).
    public let outputNoise: Double
    /// Input scaling.
    public let noiseManagement: NoiseManagement
    /// Clipping handling.
    public let boundManagement: BoundManagement
    /// Largest input reduction (aihwkit `max_bm_factor`).
    public let boundManagementMaxFactor: Double
    /// Reduction limit relative to the DAC step (aihwkit `max_bm_res`).
    public let boundManagementMaxResolution: Double

    /// A periphery with the given parameters (see ``ArchitectureSpec/tilePeriphery``).
    public init(
        inputResolution: Double, outputResolution: Double, outputBound: Double, outputNoise: Double,
        noiseManagement: NoiseManagement, boundManagement: BoundManagement,
        boundManagementMaxFactor: Double, boundManagementMaxResolution: Double
    ) {
        self.inputResolution = inputResolution
        self.outputResolution = outputResolution
        self.outputBound = outputBound
        self.outputNoise = outputNoise
        self.noiseManagement = noiseManagement
        self.boundManagement = boundManagement
        self.boundManagementMaxFactor = boundManagementMaxFactor
        self.boundManagementMaxResolution = boundManagementMaxResolution
    }

    /// DAC step Δᵢ in normalised input units.
    public var inputStep: Double { 2 * inputResolution }
    /// ADC step Δₒ in weight units.
    public var outputStep: Double { 2 * outputBound * outputResolution }

    /// The tile's outputs for one input vector `x` (K values) and weights `weights` (K × N,
    /// row k holds input k's weights), adding into `output` (N values) scaled by `gain` (the
    /// drift compensation); output noise from `stream`.
    public func accumulate(
        _ x: UnsafeBufferPointer<Float>, weights: Matrix<Float>, gain: Double, into output: UnsafeMutableBufferPointer<Float>,
        using stream: inout RandomStream
    ) {
        let k = weights.rows, n = weights.columns
        precondition(x.count == k && output.count == n)
        var scale = 1.0
        if noiseManagement == .absMax {
            scale = Double(x.reduce(Float(0)) { max($0, abs($1)) })
            if scale <= 0 { return }
        }
        let inStep = inputStep, outStep = outputStep
        var quantized = [Double](repeating: 0, count: k)
        var y = [Double](repeating: 0, count: n)
        var reduction = 1.0
        weights.withUnsafeBufferPointer { w in
            while true {
                let factor = 1 / (scale * reduction)
                for i in 0..<k {
                    let level = (Double(x[i]) * factor / inStep).rounded(.toNearestOrEven) * inStep
                    quantized[i] = min(1, max(-1, level))
                }
                for j in 0..<n { y[j] = 0 }
                for i in 0..<k where quantized[i] != 0 {
                    let xi = quantized[i]
                    let row = i * n
                    for j in 0..<n { y[j] += xi * Double(w[row + j]) }
                }
                var clipped = false
                for j in 0..<n {
                    var value = y[j] + outputNoise * stream.nextNormal()
                    value = (value / outStep).rounded(.toNearestOrEven) * outStep
                    if value > outputBound || value < -outputBound { clipped = true }
                    y[j] = min(outputBound, max(-outputBound, value))
                }
                let done = !clipped || boundManagement == .none || reduction > boundManagementMaxFactor
                    || reduction > boundManagementMaxResolution / inStep
                if done { break }
                reduction *= 2
            }
        }
        let back = scale * reduction * gain
        for j in 0..<n { output[j] += Float(y[j] * back) }
    }
}
