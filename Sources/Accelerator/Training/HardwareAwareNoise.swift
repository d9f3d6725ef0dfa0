import Circuit
import Device
import Foundation
import Network
import Numerics
import Synchronization

/// The chip a network will run on, as hardware-aware training injects it: for each training
/// step, every Dense and Conv2D layer's weights replaced by the weights the chip of a
/// ``RunConfiguration`` would hold — quantized, encoded and bit-sliced over cells whose
/// conductances the device model draws (``BitSlicedWeightNoise``), or on aihwkit analog tiles for
/// executionModel `analogTile` (``AnalogTileWeightNoise``) — read at a time drawn from
/// ``readTime`` and drift-compensated as the run compensates. ``Trainer`` runs each step's
/// forward and backward pass on that network and applies the gradients to the float weights
/// (straight-through: ∂L/∂w = ∂L/∂w_eff).
///
/// On analog tiles the forward pass also runs through the tile periphery (effect `periphery`:
/// noise management, DAC, output noise, ADC range and bound), straight-through in the backward
/// pass; on bit-sliced chips through their DACs and ADCs (``BitSlicedConverterReadout``), but
/// not with ISAAC's column flip (the converters' recombination is fixed by the starting
/// weights' flips, which training may change), SRAM cells or BatchNorm layers. On bit-sliced
/// chips with resistive wires, IR drop enters as a fixed perturbation of each cell (effect
/// `irdrop`: the exact solution's G_eff/G at the starting weights). The injected weights use the range the
/// mapping will (each output channel or tile over its own max |w|); the trainer's weight
/// clipping (``TrainingConfiguration/weightClipSigma``) narrows that range so that outliers do
/// not set it.
///
/// Deterministic by seed: step s reads at the time drawn from `(seed, "hwa/read-time/step<s>")`
/// and each array or tile draws from its own stream, so results do not depend on threads.
public struct HardwareAwareNoise: Sendable {
    /// The chip: device, architecture, bits, drift compensation.
    public let configuration: RunConfiguration
    /// What is injected: the effects asked for, without `periphery` where a bit-sliced chip's
    /// converters cannot be (see ``init(configuration:network:effects:noiseScale:readTime:seed:calibrationImages:)``)
    /// and without `irdrop` on analog tiles, ideal wires or SRAM, so that a model's metadata
    /// names only what it saw.
    public let effects: Set<HardwareAwareEffect>
    /// Multiplier on the programming error (G − G_target) and the read-noise σ the device draws
    /// (1: the device's own statistics; drift and faults are not scaled).
    public let noiseScale: Double
    /// When each step reads the chip (drift).
    public let readTime: ReadTimeDistribution
    /// Seed of every draw.
    public let seed: UInt64
    /// The range ±R ``WeightRangeScaling`` puts each layer's weights in before training when the
    /// user does not choose: 1 on analog tiles (aihwkit's weight unit: their output noise and
    /// bound are in it), 0 — the network's own scale — on bit-sliced chips, whose quantizer maps
    /// each layer's own range onto its levels (the result does not depend on the scale).
    public static func defaultWeightRange(for configuration: RunConfiguration) throws -> Double {
        try configuration.architectureSpec().executionModel == .analogTile ? 1 : 0
    }
    /// How the weights are held.
    private let model: Model

    /// The two ways a chip holds weights (on a bit-sliced chip with effect `periphery`, with the
    /// converters of every matrix layer).
    private enum Model: Sendable {
        case bitSliced(BitSlicedWeightNoise, converters: [BitSlicedConverterReadout.Layer]?)
        case analogTile(AnalogTileWeightNoise)
    }

    /// The injection for `network` (its matrix layers, in order, are what the mapping places) on
    /// the chip `configuration` describes. `noiseScale` must be finite and ≥ 0 (the CLI checks).
    /// On a bit-sliced chip effect `periphery` needs `calibrationImages` (the layer inputs'
    /// quantization and the ADC ranges are fitted on them, as `crossbar run` fits them), a
    /// resistive device, no column flip and no BatchNorm (whose folding changes the matrix
    /// layers the chip holds); without them it is not injected.
    public init(
        configuration: RunConfiguration, network: Network, effects: Set<HardwareAwareEffect>, noiseScale: Double,
        readTime: ReadTimeDistribution, seed: UInt64, calibrationImages: Tensor<Float>? = nil
    ) throws {
        precondition(noiseScale >= 0 && noiseScale.isFinite, "noise scale \(noiseScale)")
        let architecture = try configuration.architectureSpec()
        let device = try configuration.makeDevice()
        if architecture.executionModel == .analogTile {
            guard let programmable = device as? any ConductanceProgrammable else {
                throw RunConfigurationError.rejected(
                    path: "device.preset", reason: "\(device.name) cannot be programmed to an arbitrary conductance, which executionModel \"analogTile\" needs")
            }
            model = .analogTile(
                AnalogTileWeightNoise(
                    device: programmable, tileRows: architecture.arrayRows, tileColumns: architecture.arrayColumns, effects: effects, noiseScale: noiseScale,
                    periphery: architecture.tilePeriphery, architectureCompensatesDrift: architecture.driftCompensation))
            self.effects = effects.subtracting([.irDrop])
        } else {
            let image = Tensor<Float>(shape: [1] + network.inputShape, elements: [Float](repeating: 1, count: network.inputShape.reduce(1, *)))
            let quantized = try RunPreparation.quantize(network, configuration, calibrationImages: calibrationImages ?? image)
            let mapping = try Mapping(network: quantized, architecture: architecture)
            let settings = try ChipReadout.Settings(configuration: configuration)
            let wires = settings.wires
            var injected = effects
            // SRAM bit-cells discharge a bitline: no resistive network to solve (the run refuses wires there).
            if wires == .ideal || device is SRAMDevice { injected.remove(.irDrop) }
            let convertible = calibrationImages != nil && !(device is SRAMDevice) && !mapping.layers.contains { $0.encoding.columnFlip }
                && !network.nodes.contains { if case .batchNorm = $0.layer { true } else { false } }
            if !convertible { injected.remove(.periphery) }
            var converters: [BitSlicedConverterReadout.Layer]?
            if injected.contains(.periphery), let calibrationImages {
                let chip = try ProgrammedChip(network: quantized, mapping: mapping, device: device, seed: seed)
                let readout = try ChipReadout(
                    chip: chip, network: quantized, settings: settings,
                    calibrationInputs: try RunPreparation.layerCalibrationInputs(quantized, calibrationImages, threads: nil))
                converters = zip(readout.layers, quantized.matrixLayers).map { layer, quantizedLayer in
                    BitSlicedConverterReadout.Layer(mapping: layer.mapping, input: quantizedLayer.input, slicing: layer.slicing, cores: layer.cores)
                }
            }
            model = .bitSliced(
                try BitSlicedWeightNoise(
                    mapping: mapping, device: device, effects: injected, noiseScale: noiseScale, seed: seed, weights: Self.matrixWeights(network),
                    wires: wires),
                converters: converters)
            self.effects = injected
        }
        self.configuration = configuration
        self.noiseScale = noiseScale
        self.readTime = readTime
        self.seed = seed
    }

    /// The read time of step `step`: drawn from ``readTime`` when drift is injected, else 0 s.
    public func readSeconds(step: Int) -> Double {
        guard effects.contains(.drift) else { return 0 }
        var stream = RandomStream(seed: seed, key: "hwa/read-time/step\(step)")
        return readTime.sample(using: &stream)
    }

    /// One training step's forward pass on the chip: `network` with every matrix layer's weights
    /// replaced by the chip's for step `step`, and for executionModel `analogTile` the multiplier
    /// that runs each product through the tiles' periphery as ``AnalogTileReadout`` does (noise
    /// management, DAC, output noise, ADC range and bound, drift-compensation gain), for a
    /// bit-sliced chip with effect `periphery` the one that runs them through its DACs and ADCs
    /// (``BitSlicedConverterReadout``), its backward pass straight-through on the network's
    /// weights (`nil` without `periphery`). On `threads` threads; the result does not depend on them.
    public func chipForward(_ network: Network, step: Int, threads: Int? = nil) throws -> (network: Network, multiplier: (any FloatMatrixMultiplier)?) {
        let seconds = readSeconds(step: step)
        let matrixNodes = network.nodes.indices.filter { network.nodes[$0].layer.isMatrixLayer }
        let weights = Self.matrixWeights(network)
        let drifts = effects.contains(.drift)
        let effective: [Matrix<Float>]
        var multiplier: (any FloatMatrixMultiplier)?
        switch model {
        case .bitSliced(let noise, let converters):
            let chip = try noise.effectiveWeights(
                weights, atSeconds: seconds, compensates: drifts && configuration.driftCompensation, seed: seed, step: step, threads: threads)
            effective = chip.weights
            if let converters {
                multiplier = BitSlicedConverterReadout(
                    layers: converters, effectiveWeights: chip.weights, sensedLevels: chip.sensedLevels, weightScales: chip.weightScales, gains: chip.gains)
            }
        case .analogTile(let noise):
            let compensates = drifts && (configuration.driftCompensation || noise.architectureCompensatesDrift)
            let results = Mutex([Int: (weights: [[Matrix<Float>]], gains: [[Double]])]())
            Parallel.forEach(weights.count, threads: threads) { l in
                let tiles = noise.tiles(weights[l], layer: l, atSeconds: seconds, compensates: compensates, seed: seed, step: step)
                results.withLock { $0[l] = tiles }
            }
            let finished = results.withLock { $0 }
            let tiles = weights.indices.map { finished[$0]! }
            let splits = weights.map(noise.splits)
            effective = weights.indices.map { l in
                var assembled = Matrix<Float>(rows: weights[l].rows, columns: weights[l].columns)
                for (i, rows) in splits[l].inputs.enumerated() {
                    for (j, columns) in splits[l].outputs.enumerated() {
                        let gain = Float(tiles[l].gains[i][j])
                        for (k, row) in rows.enumerated() {
                            for (n, column) in columns.enumerated() { assembled[row, column] = gain * tiles[l].weights[i][j][k, n] }
                        }
                    }
                }
                return assembled
            }
            if effects.contains(.periphery) {
                multiplier = AnalogTileReadout(
                    atSeconds: seconds, splits: splits, periphery: noise.periphery, seed: stepSeed(step),
                    weights: tiles.map(\.weights), gains: tiles.map(\.gains))
            }
        }
        var layers = network.nodes.map(\.layer)
        for (l, index) in matrixNodes.enumerated() {
            switch layers[index] {
            case .dense(var dense):
                dense.weight = effective[l]
                layers[index] = .dense(dense)
            case .conv2D(var convolution):
                convolution.weight = effective[l]
                layers[index] = .conv2D(convolution)
            default: break
            }
        }
        return (network.replacingLayers(layers), multiplier)
    }

    /// The weight matrices of `network`'s Dense and Conv2D layers, in node order (the mapping's).
    private static func matrixWeights(_ network: Network) -> [Matrix<Float>] {
        network.nodes.compactMap { node in
            switch node.layer {
            case .dense(let dense): dense.weight
            case .conv2D(let convolution): convolution.weight
            default: nil
            }
        }
    }

    /// The seed of step `step`'s output-noise streams: drawn from `(seed, "hwa/output/step<step>")`.
    private func stepSeed(_ step: Int) -> UInt64 {
        var stream = RandomStream(seed: seed, key: "hwa/output/step\(step)")
        return stream.next()
    }

    /// Prefix of the ONNX `metadata_props` keys a hardware-aware-trained model carries.
    public static let metadataPrefix = "crossbar.hardwareAware."

    /// What a model trained with this injection records in its ONNX metadata (keys under
    /// ``metadataPrefix``): the device, architecture and chip configuration, effects, noise
    /// scale, read times, seed, epochs, learning rate, weight clipping, the range the weights were
    /// scaled to (with the factor the logits carry) and the network it started from.
    public func metadata(training: TrainingConfiguration, startedFrom network: String, rangeScaling: WeightRangeScaling?) -> [String: String] {
        var values = [
            "device": configuration.devicePreset, "architecture": configuration.architecture,
            "effects": effects.sorted().map(\.rawValue).joined(separator: ","), "noiseScale": "\(noiseScale)",
            "readTimeSeconds": readTime.description, "seed": "\(seed)", "epochs": "\(training.epochs)", "learningRate": "\(training.learningRate)",
            "weightClipSigma": "\(training.weightClipSigma)",
            "startedFrom": network, "configuration": configuration.json.canonicalJSON(),
        ]
        if let rangeScaling {
            values["weightRange"] = "\(rangeScaling.range)"
            values["logitScale"] = "\(rangeScaling.logitScale)"
        }
        return Dictionary(uniqueKeysWithValues: values.map { (Self.metadataPrefix + $0.key, $0.value) })
    }

    /// One line naming what a model was trained hardware-aware for, from its metadata
    /// (``metadata(training:startedFrom:rangeScaling:)``), or `nil` if it was not.
    public static func summary(_ metadata: [String: String]) -> String? {
        func value(_ key: String) -> String { metadata[metadataPrefix + key] ?? "?" }
        guard metadata[metadataPrefix + "device"] != nil else { return nil }
        return "trained hardware-aware for \(value("device")) on \(value("architecture")) (effects \(value("effects")), noise scale "
            + "\(value("noiseScale")), read time \(value("readTimeSeconds")) s, \(value("epochs")) epochs at learning rate \(value("learningRate"))"
            + (metadata[metadataPrefix + "weightClipSigma"].map { $0 == "0.0" ? "" : ", weights clipped at \($0) σ" } ?? "")
            + (metadata[metadataPrefix + "weightRange"].map { range in
                let logits = metadata[metadataPrefix + "logitScale"].flatMap(Double.init).map { String(format: "%.4g", $0) } ?? "?"
                return ", weights scaled to ±\(range) (logits ×\(logits))"
            } ?? "")
            + ", seed \(value("seed")), from \(value("startedFrom")))"
    }
}
