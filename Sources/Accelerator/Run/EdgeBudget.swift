import DataFiles
import Device
import Network

/// A power and area budget for an edge accelerator, and what a network gets within it: the
/// question of Xu et al., "Scaling for edge inference of deep neural networks", Nature
/// Electronics 1, 216–222 (2018) — networks grow faster than what an edge chip can hold and feed.
///
/// The chip within the budget is the architecture cut to the tiles that fit its area: n =
/// ⌊(A − A_chip)/A_tile⌋ tiles, A_chip the chip-level components (off-chip links) and A_tile one
/// tile, from the architecture's roll-up with the run's device. A network whose one copy needs
/// more tiles does not fit: its weights would have to be rewritten during inference, which an
/// NVM crossbar cannot afford (write energy and endurance), so it gets no frames. A network that
/// fits is replicated over the n tiles (``WorkloadEstimate``, full activity) and runs at
///
///   f = min(f_pipeline, (P − P_static)/E_dynamic)
///
/// frames per second: the pipeline's rate unless the budget P cannot pay for it, E_dynamic the
/// dynamic energy of one inference and P_static the leakage of the powered tiles. More tiles
/// hold more copies (a faster pipeline) but leak more, so the chip powers the number of tiles m,
/// from one copy's to n, that gives the most frames: f_pipeline grows with m and the power bound
/// falls, and m is found by bisection on their crossing. The digital baseline gets the same power
/// rule at its own area (reported, not cut to the budget).
public struct EdgeBudget: Sendable, Equatable {
    /// Power budget, watts.
    public let watts: Double
    /// Area budget, square millimetres.
    public let squareMillimetres: Double

    /// A budget; throws ``CostModelError`` unless both are finite and positive.
    public init(watts: Double, squareMillimetres: Double) throws {
        try CostModelError.requirePositive(watts, owner: "EdgeBudget", field: "watts")
        try CostModelError.requirePositive(squareMillimetres, owner: "EdgeBudget", field: "squareMillimetres")
        self.watts = watts
        self.squareMillimetres = squareMillimetres
    }

    /// What limits the frames per second.
    public enum Limit: String, Sendable {
        /// The network's one copy needs more tiles than the area allows.
        case area
        /// The budget's power pays for fewer frames than the pipeline delivers.
        case power
        /// The pipeline's slowest stage.
        case pipeline
    }

    /// A network within the budget.
    public struct Outcome: Sendable {
        /// Tiles that fit the area (the chip powers ``WorkloadEstimate/cost``'s `poweredTiles` of them).
        public let tiles: Int
        /// Area one copy of the network needs: the chip-level components and its tiles, square millimetres.
        public let neededSquareMillimetres: Double
        /// Frames (inferences) per second within the budget; 0 when the network does not fit.
        public let framesPerSecond: Double
        /// What sets ``framesPerSecond``.
        public let limit: Limit
        /// The estimate on the budget's chip when the network fits; otherwise on the fewest whole
        /// chips that hold it (its energy per inference, for comparison).
        public let estimate: WorkloadEstimate
        /// Whether one copy of the network fits the budget's area.
        public var fits: Bool { limit != .area }
        /// Frames per second of the digital baseline at the power budget.
        public let digitalFramesPerSecond: Double
    }

    /// `network` (named `networkName`) on `architecture` cut to the budget, with `device` in the
    /// arrays, through a pipeline of `images` inferences.
    public func evaluate(
        network: QuantizedNetwork, networkName: String, architecture: ArchitectureSpec, device: (any MemoryDevice)?, images: Int,
        leakageFraction: Double = ChipCostModel.defaultLeakageFraction, baseline: DigitalBaselineKind = .macArray, baselineBatchSize: Int = 1
    ) throws -> Outcome {
        let rollUp = try ChipCostModel(architecture: architecture, device: device, leakageFraction: leakageFraction).rollUp()
        let tileArea = rollUp.tileAreaSquareMetres * 1e6
        let chipLevelArea = rollUp.chipAreaSquareMetres * 1e6 - Double(architecture.tilesPerChip) * tileArea
        let tiles = max(0, Int(((squareMillimetres - chipLevelArea) / tileArea).rounded(.down)))
        let needed = try Mapping(layers: network.matrixLayers.map(MatrixLayerShape.init), architecture: architecture).tiles
        let neededArea = chipLevelArea + Double(needed) * tileArea
        guard needed <= tiles else {
            let unbounded = try WorkloadEstimate(
                network: network, networkName: networkName, architecture: architecture, device: device, images: images,
                leakageFraction: leakageFraction, baseline: baseline, baselineBatchSize: baselineBatchSize)
            return Outcome(
                tiles: tiles, neededSquareMillimetres: neededArea, framesPerSecond: 0, limit: .area, estimate: unbounded,
                digitalFramesPerSecond: Self.frames(of: unbounded.cost.digital, watts: watts))
        }
        func frames(onTiles m: Int) throws -> (estimate: WorkloadEstimate, frames: Double, limit: Limit) {
            let chip = try architecture.overriding(["tilesPerChip": .number(Double(m))], origin: "the edge budget's tiles")
            let estimate = try WorkloadEstimate(
                network: network, networkName: networkName, architecture: chip, device: device, images: images, chips: 1,
                leakageFraction: leakageFraction, baseline: baseline, baselineBatchSize: baselineBatchSize)
            let energy = estimate.cost.energy
            let runSeconds = estimate.performance.runSeconds(images: images)
            let staticWatts = runSeconds > 0 ? energy.totalStaticJoules / runSeconds : 0
            let powered = max(0, watts - staticWatts) / (energy.totalDynamicJoules / Double(images))
            let pipeline = estimate.throughputInferencesPerSecond
            return (estimate, min(pipeline, powered), powered < pipeline ? .power : .pipeline)
        }
        // The largest m whose pipeline the power still pays for, then the better of it and m + 1.
        var best = try frames(onTiles: needed)
        if best.limit == .pipeline {
            var low = needed, high = tiles
            while low < high {
                let middle = (low + high + 1) / 2
                if try frames(onTiles: middle).limit == .pipeline { low = middle } else { high = middle - 1 }
            }
            best = try frames(onTiles: low)
            if low < tiles {
                let next = try frames(onTiles: low + 1)
                if next.frames > best.frames { best = next }
            }
        }
        return Outcome(
            tiles: tiles, neededSquareMillimetres: neededArea, framesPerSecond: best.frames, limit: best.limit, estimate: best.estimate,
            digitalFramesPerSecond: Self.frames(of: best.estimate.cost.digital, watts: watts))
    }

    /// Frames per second of a digital baseline within `watts`: min(1/latency, (P − P_static)/E_dynamic).
    static func frames(of digital: any DigitalBaselineEstimate, watts: Double) -> Double {
        let staticJoules = digital.energyByComponentJoules["static"] ?? 0
        let staticWatts = staticJoules / digital.latencyPerInferenceSeconds
        return min(1 / digital.latencyPerInferenceSeconds, max(0, watts - staticWatts) / (digital.energyPerInferenceJoules - staticJoules))
    }

    /// `outcome` as JSON: `watts`, `squareMillimetres`, `tiles`, `fits`, `neededSquareMillimetres`,
    /// `framesPerSecond`, `operationsPerSecond` (delivered: 2 per MAC × frames per second; null
    /// when no frames, so that log-scale plots leave the point out),
    /// `limit` (`area`, `power` or `pipeline`), `digitalFramesPerSecond`,
    /// `digitalOperationsPerSecond`, `digitalSquareMillimetres`.
    public func json(_ outcome: Outcome) -> JSONValue {
        let operations = outcome.estimate.operationsPerInference
        return [
            "watts": .number(watts), "squareMillimetres": .number(squareMillimetres), "tiles": .number(Double(outcome.tiles)),
            "fits": .bool(outcome.fits), "neededSquareMillimetres": .number(outcome.neededSquareMillimetres),
            "framesPerSecond": .number(outcome.framesPerSecond),
            "operationsPerSecond": outcome.framesPerSecond > 0 ? .number(outcome.framesPerSecond * operations) : .null,
            "limit": .string(outcome.limit.rawValue), "digitalFramesPerSecond": .number(outcome.digitalFramesPerSecond),
            "digitalOperationsPerSecond": .number(outcome.digitalFramesPerSecond * operations),
            "digitalSquareMillimetres": .number(outcome.estimate.cost.digital.areaSquareMetres * 1e6),
        ]
    }
}
