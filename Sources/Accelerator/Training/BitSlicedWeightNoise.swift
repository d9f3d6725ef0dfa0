import Circuit
import Device
import Network
import Numerics
import Synchronization

/// The weights a bit-sliced chip holds, drawn afresh for each training step: every matrix
/// layer's float weights quantized as ``QuantizedMatrixLayer`` does (symmetric per output
/// channel, s_w[n] = max_k |W[k, n]|/(2^(B−1) − 1)), each array block of the ``Mapping``
/// encoded with the layer's ``WeightEncoding`` (sign scheme, column flip, bit slices), each cell
/// given a conductance drawn from the device model, and the block decoded back as the chip's
/// shift-and-add reads it (``EncodedWeights/multiplier(ofDataColumn:)``,
/// ``EncodedWeights/unitCoefficient(ofOutput:)``): sensed level L = (G_p − G_q)/Δ, effective
/// integer weight Σ_t m_t·L_t (+ the unit column's coefficient times its L), real weight
/// α·s_w·that, with α the run's per-layer drift-compensation gain
/// Σ_c |Σ_i ΔG_ic(0)| / Σ_c |Σ_i ΔG_ic(t)| when it compensates (``ChipReadout``).
///
/// Cell conductances come from a pool of cells the device model programmed
/// (``MemoryDevice/program(level:levelCount:using:)``, ``poolSize`` per level, the stream
/// `(seed, "hwa/pool/level<k>")`), so their distribution is the device's by construction, write-
/// verify, variation and stuck-at faults included; each cell of each step takes a uniformly drawn
/// member of its level's pool, read at the step's time with the device's
/// ``MemoryDevice/conductance(of:atSeconds:)`` and, when read noise is injected, plus
/// σ·z with σ the device's ``MemoryDevice/readNoiseStandardDeviation(of:atSeconds:)`` (one
/// draw per cell and step: the per-conversion part of the chip's noise is drawn per conversion
/// there, so training sees it as weight noise), clipped at 0 S as a read is. With
/// ``HardwareAwareEffect/irDrop`` each cell's conductance is then perturbed as
/// ``irDropPerturbations`` holds for it.
struct BitSlicedWeightNoise: Sendable {
    /// The network on the architecture (blocks and encodings of every matrix layer).
    let mapping: Mapping
    /// The device.
    let device: any MemoryDevice
    /// Programmed cells per level, `pool[k]`.
    let pool: [[ProgrammedCell]]
    /// Δ, the nominal conductance of one level step (``CrossbarArray/levelStepSiemens``), siemens.
    let levelStepSiemens: Double
    /// The injected effects.
    let effects: Set<HardwareAwareEffect>
    /// Multiplier on the programming error and the read noise σ.
    let noiseScale: Double
    /// IR drop as a fixed perturbation, `[layer][array]`, for every cell of the block (its rows ×
    /// encoded columns, row-major): a cell read at G counts as ratio·G + offset, with ratio =
    /// G_eff/G₀ and offset 0 where the nominal G₀ > 0, ratio 1 and offset G_eff where G₀ = 0 (a
    /// cell at 0 S still passes the current other cells push through the wires). G₀ are the
    /// nominal conductances of the block's levels for the starting weights, placed in the physical
    /// array as ``ProgrammedChip`` places them (unused cells at level 0), G_eff the array's exact
    /// effective conductance with the run's wires (``IRDropSolver/effectiveConductance(_:wires:threads:)``);
    /// empty without ``HardwareAwareEffect/irDrop``.
    let irDropPerturbations: [[[(ratio: Double, offset: Double)]]]

    /// Cells per level in the pool: 2^16 cells in all, at least 1,024 per level.
    static func poolSize(levels: Int) -> Int { max(1024, 65536 / levels) }

    /// Programs the pool: for each level, ``poolSize(levels:)`` cells; without ``HardwareAwareEffect/faults``
    /// a faulty cell is drawn again, without ``HardwareAwareEffect/programming`` a healthy cell
    /// holds its target exactly, and a healthy cell's error from its target is multiplied by `noiseScale`.
    /// With ``HardwareAwareEffect/irDrop``, solves every array of `weights` (the starting float
    /// weights of the matrix layers, in mapping order) with `wires` for ``irDropPerturbations``.
    init(
        mapping: Mapping, device: any MemoryDevice, effects: Set<HardwareAwareEffect>, noiseScale: Double, seed: UInt64,
        weights: [Matrix<Float>], wires: WireResistance, threads: Int? = nil
    ) throws {
        let levels = mapping.layers.first?.encoding.levelCount ?? 2
        let size = Self.poolSize(levels: levels)
        pool = (0..<levels).map { level in
            var stream = RandomStream(seed: seed, key: "hwa/pool/level\(level)")
            let target = device.targetConductance(level: level, levelCount: levels)
            return (0..<size).map { _ in
                var cell = device.program(level: level, levelCount: levels, using: &stream)
                // A device whose every cell is faulty would loop forever; 64 redraws bound it.
                var redraws = 0
                while !effects.contains(.faults) && cell.fault != .none && redraws < 64 {
                    cell = device.program(level: level, levelCount: levels, using: &stream)
                    redraws += 1
                }
                if cell.fault == .none {
                    cell.conductanceSiemens = effects.contains(.programming)
                        ? max(0, target + noiseScale * (cell.conductanceSiemens - target)) : target
                }
                return cell
            }
        }
        levelStepSiemens = (device.targetConductance(level: levels - 1, levelCount: levels) - device.targetConductance(level: 0, levelCount: levels))
            / Double(levels - 1)
        self.mapping = mapping
        self.device = device
        self.effects = effects
        self.noiseScale = noiseScale
        irDropPerturbations = effects.contains(.irDrop)
            ? try Self.irDropPerturbations(mapping: mapping, device: device, weights: weights, wires: wires, threads: threads) : []
    }

    /// ``irDropPerturbations`` for `weights` on `mapping`'s arrays with `wires`.
    private static func irDropPerturbations(
        mapping: Mapping, device: any MemoryDevice, weights: [Matrix<Float>], wires: WireResistance, threads: Int?
    ) throws -> [[[(ratio: Double, offset: Double)]]] {
        let spec = mapping.architecture
        let jobs = mapping.layers.flatMap { layer in layer.arrays.indices.map { (layer: layer.layerIndex, array: $0) } }
        let results = Mutex([Int: Result<[(ratio: Double, offset: Double)], any Error>]())
        Parallel.forEach(jobs.count, threads: threads) { job in
            let (l, a) = jobs[job]
            let result = Result { () throws -> [(ratio: Double, offset: Double)] in
                let layer = mapping.layers[l]
                let steps = Self.steps(layer)
                let values = Self.integerWeights(weights[l], scales: Self.scales(weights[l], steps: steps), steps: steps, block: layer.arrays[a])
                let placed = try layer.encoding.encode(values.view, arrayRows: spec.arrayRows, arrayColumns: spec.arrayColumns)
                let levels = layer.encoding.levelCount
                let nominal = Matrix<Double>(rows: placed.levels.rows, columns: placed.levels.columns) { r, c in
                    device.targetConductance(level: Int(placed.levels[r, c]), levelCount: levels)
                }
                let effective = try IRDropSolver.effectiveConductance(nominal, wires: wires)
                // The block's cells are the placed array's first rows and columns.
                let (rows, columns) = (values.rows, layer.encoding.physicalColumns(outputs: values.columns))
                return (0..<(rows * columns)).map { index in
                    let (r, c) = (index / columns, index % columns)
                    return nominal[r, c] > 0 ? (effective[r, c] / nominal[r, c], 0) : (1, effective[r, c])
                }
            }
            results.withLock { $0[job] = result }
        }
        let finished = results.withLock { $0 }
        var perturbations = mapping.layers.map { _ in [[(ratio: Double, offset: Double)]]() }
        for job in jobs.indices { perturbations[jobs[job].layer].append(try finished[job]!.get()) }
        return perturbations
    }

    /// The largest integer weight of `layer`'s encoding, 2^(B−1) − 1.
    private static func steps(_ layer: LayerMapping) -> Float { Float((1 << (layer.encoding.weightBits - 1)) - 1) }

    /// Per-output-channel scales s_w[n] = max_k |W[k, n]|/steps (1 for an all-zero column).
    private static func scales(_ weight: Matrix<Float>, steps: Float) -> [Float] {
        (0..<weight.columns).map { n in
            let largest = (0..<weight.rows).reduce(Float(0)) { max($0, abs(weight[$1, n])) }
            return largest > 0 ? largest / steps : 1
        }
    }

    /// The integer weights round(W/s_w) of one array block, within ±steps.
    private static func integerWeights(_ weight: Matrix<Float>, scales: [Float], steps: Float, block: ArrayBlock) -> Matrix<Int32> {
        Matrix<Int32>(rows: block.rows.count, columns: block.outputs.count) { r, o in
            let n = block.outputs.lowerBound + o
            return Int32(max(-steps, min(steps, (weight[block.rows.lowerBound + r, n] / scales[n]).rounded(.toNearestOrEven))))
        }
    }

    /// The pool read at `seconds`: each member's conductance, its read-noise σ (scaled) and its
    /// conductance at 0 s (the compensation's reference), `[level][member]`.
    private func poolReading(atSeconds seconds: Double) -> (now: [[Double]], sigma: [[Double]], reference: [[Double]]) {
        let read = effects.contains(.read)
        return (
            pool.map { $0.map { device.conductance(of: $0, atSeconds: seconds) } },
            pool.map { $0.map { read ? noiseScale * device.readNoiseStandardDeviation(of: $0, atSeconds: seconds) : 0 } },
            pool.map { $0.map { device.conductance(of: $0, atSeconds: 0) } })
    }

    /// What one array block contributes: its effective integer weights (block rows × outputs),
    /// its sensed levels (G⁺ − G⁻)/Δ (block rows × sensed columns) and the two sums of the
    /// drift-compensation reference.
    private struct BlockWeights: Sendable {
        let weights: [Double]
        let sensedLevels: Matrix<Float>
        let referenceAtZero: Double
        let referenceNow: Double
    }

    /// One step's chip: every matrix layer's effective weights (K × N, in mapping order), and for
    /// ``BitSlicedConverterReadout`` every array's sensed levels (`[layer][array]`), every layer's
    /// per-output-channel weight scales s_w and drift-compensation gain α.
    struct StepChip: Sendable {
        let weights: [Matrix<Float>]
        let sensedLevels: [[Matrix<Float>]]
        let weightScales: [[Float]]
        let gains: [Double]
    }

    /// The chip of one step read at `seconds` (``StepChip``: the effective weights of every
    /// matrix layer, K × N in mapping order, and what the converters read), cells drawn from the streams `(seed, "hwa/step<step>/layer<l>/array<a>")`
    /// on `threads` threads (the result does not depend on them); `compensates` applies the
    /// drift-compensation gain.
    func effectiveWeights(
        _ weights: [Matrix<Float>], atSeconds seconds: Double, compensates: Bool, seed: UInt64, step: Int, threads: Int?
    ) throws -> StepChip {
        let reading = poolReading(atSeconds: seconds)
        let steps = mapping.layers.map(Self.steps)
        let scales = zip(weights, steps).map(Self.scales)
        let jobs = mapping.layers.flatMap { layer in layer.arrays.indices.map { (layer: layer.layerIndex, array: $0) } }
        let results = Mutex([Int: Result<BlockWeights, any Error>]())
        Parallel.forEach(jobs.count, threads: threads) { job in
            let (l, a) = jobs[job]
            let result = Result {
                try blockWeights(
                    weights[l], scales: scales[l], steps: steps[l], layer: mapping.layers[l], array: a, reading: reading,
                    stream: RandomStream(seed: seed, key: "hwa/step\(step)/layer\(l)/array\(a)"))
            }
            results.withLock { $0[job] = result }
        }
        let finished = results.withLock { $0 }
        var effective = weights
        var referenceAtZero = [Double](repeating: 0, count: weights.count)
        var referenceNow = referenceAtZero
        var blocks = [[BlockWeights]](repeating: [], count: weights.count)
        for job in jobs.indices {
            let block = try finished[job]!.get()
            blocks[jobs[job].layer].append(block)
            referenceAtZero[jobs[job].layer] += block.referenceAtZero
            referenceNow[jobs[job].layer] += block.referenceNow
        }
        var gains = [Double](repeating: 1, count: weights.count)
        for layer in mapping.layers where !layer.runsDigitally {
            let l = layer.layerIndex
            let gain = compensates && referenceNow[l] > 0 ? referenceAtZero[l] / referenceNow[l] : 1
            gains[l] = gain
            for (array, block) in zip(layer.arrays, blocks[l]) {
                let outputs = array.outputs.count
                for (r, k) in array.rows.enumerated() {
                    for (o, n) in array.outputs.enumerated() {
                        effective[l][k, n] = Float(gain * Double(scales[l][n]) * block.weights[r * outputs + o])
                    }
                }
            }
        }
        return StepChip(weights: effective, sensedLevels: blocks.map { $0.map(\.sensedLevels) }, weightScales: scales, gains: gains)
    }

    /// One array block's effective integer weights and compensation sums.
    private func blockWeights(
        _ weight: Matrix<Float>, scales: [Float], steps: Float, layer: LayerMapping, array index: Int,
        reading: (now: [[Double]], sigma: [[Double]], reference: [[Double]]), stream: RandomStream
    ) throws -> BlockWeights {
        var stream = stream
        let values = Self.integerWeights(weight, scales: scales, steps: steps, block: layer.arrays[index])
        let encoded = try layer.encoding.encode(values.view)
        let perturbation = irDropPerturbations.isEmpty ? nil : irDropPerturbations[layer.layerIndex][index]
        let (rows, columns) = (encoded.levels.rows, encoded.levels.columns)
        var now = [Double](repeating: 0, count: rows * columns)
        var drifted = now
        var reference = now
        let size = UInt64(pool[0].count)
        for r in 0..<rows {
            for c in 0..<columns {
                let level = Int(encoded.levels[r, c])
                let member = Int(stream.next() % size)
                let sigma = reading.sigma[level][member]
                let noise = sigma > 0 ? sigma * stream.nextNormal() : 0
                drifted[r * columns + c] = reading.now[level][member]
                now[r * columns + c] = max(0, drifted[r * columns + c] + noise)
                if let (ratio, offset) = perturbation?[r * columns + c] { now[r * columns + c] = ratio * now[r * columns + c] + offset }
                reference[r * columns + c] = reading.reference[level][member]
            }
        }
        let outputs = encoded.outputs
        var result = [Double](repeating: 0, count: rows * outputs)
        var sensed = Matrix<Float>(rows: rows, columns: encoded.sensedColumns)
        let step = levelStepSiemens
        for c in 0..<encoded.sensedColumns {
            let (p, q) = (encoded.positiveColumn[c], encoded.negativeColumn[c])
            for r in 0..<rows {
                let level = (now[r * columns + p] - now[r * columns + q]) / step
                sensed[r, c] = Float(level)
                if c < encoded.dataColumns {
                    result[r * outputs + c % outputs] += encoded.multiplier(ofDataColumn: c) * level
                } else {
                    for o in 0..<outputs { result[r * outputs + o] += encoded.unitCoefficient(ofOutput: o) * level }
                }
            }
        }
        // The compensation's reference reads are noise-free, as the chip's (``ChipReadout``).
        var referenceAtZero = 0.0, referenceNow = 0.0
        for c in 0..<encoded.sensedColumns {
            let (p, q) = (encoded.positiveColumn[c], encoded.negativeColumn[c])
            var atZero = 0.0, current = 0.0
            for r in 0..<rows {
                atZero += reference[r * columns + p] - reference[r * columns + q]
                current += drifted[r * columns + p] - drifted[r * columns + q]
            }
            referenceAtZero += abs(atZero)
            referenceNow += abs(current)
        }
        return BlockWeights(weights: result, sensedLevels: sensed, referenceAtZero: referenceAtZero, referenceNow: referenceNow)
    }
}
