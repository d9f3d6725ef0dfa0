import Circuit
import DataFiles
import Network
import Testing

@testable import Accelerator

/// The estimate from the mapping alone: boards of chips, operation counts and precision by hand.
@Suite("Workload estimate")
struct WorkloadEstimateTests {
    /// The small CNN (conv 1→4 3×3 on 10×10, dense 100→10) on ISAAC cut to one 32×32 array per
    /// IMA, one IMA per tile and two tiles per chip, at 8-bit weights and inputs.
    private func estimate(chips: Int? = nil, images: Int = 1) throws -> WorkloadEstimate {
        let (network, images0) = try AcceleratorTestSupport.smallCNN(images: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images0)
        let spec = try AcceleratorTestSupport.architecture(
            "isaac", ["arrayRows": 32, "arrayColumns": 32, "inputBits": 8, "arraysPerIMA": 1, "imasPerTile": 1, "tilesPerChip": 2])
        return try WorkloadEstimate(network: quantized, networkName: "small", architecture: spec, device: nil, images: images, chips: chips)
    }

    @Test("a network larger than a chip runs on the fewest chips that hold it; a larger board can be asked for, a smaller one cannot")
    func board() throws {
        // conv: K = 9 rows, 4 outputs: one array. dense: 100 rows in 4 row blocks of 32; 8-bit
        // weights in 4 two-bit cells, offset encoding: ⌊(32 − 2)/4⌋ = 7 outputs per array, so
        // 2 column blocks: 8 arrays. 9 arrays = 9 IMAs = 9 tiles: ⌈9/2⌉ = 5 chips.
        let fewest = try estimate()
        #expect(fewest.chips == 5)
        #expect(fewest.mapping.architecture.tilesPerChip == 10)
        #expect(fewest.mapping.architecture.offChipLinks == 5 * 4)
        #expect(try estimate(chips: 6).mapping.architecture.tilesPerChip == 12)
        #expect(throws: CostModelError.self) { try estimate(chips: 4) }
        // 2 operations per MAC: conv 100 outputs × 9 × 4, dense 100 × 10.
        #expect(fewest.operationsPerInference == 2 * (100 * 9 * 4 + 100 * 10))
    }

    @Test("dynamic energy per inference does not depend on how many inferences fill the pipeline")
    func linear() throws {
        let one = try estimate(images: 1), many = try estimate(images: 7)
        let a = one.cost.energy.totalDynamicJoules, b = many.cost.energy.totalDynamicJoules / 7
        #expect(abs(a - b) <= 1e-12 * a)
        #expect(one.cost.energy.totalDynamicJoules > 0)
    }

    @Test("the baseline's work at another precision: every weight and activation re-sized, the last layer's accumulators kept")
    func precision() throws {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 2)
        let workload = NetworkWorkload(try AcceleratorTestSupport.quantized(network, images: images)).atPrecision(weightBits: 16, inputBits: 16)
        #expect(workload.matrixLayers.map(\.weightBits) == [16, 16])
        #expect(workload.matrixLayers.map(\.inputBits) == [16, 16])
        #expect(workload.matrixLayers.map(\.outputBits) == [16, nil])
        #expect(workload.poolings.map(\.bits) == [16])
        #expect(workload.inputBits == 16)
        #expect(workload.macsPerImage == 100 * 9 * 4 + 100 * 10)
    }
}

/// The edge budget's chip: tiles from the area, frames from the pipeline or the power.
@Suite("Edge budget")
struct EdgeBudgetTests {
    /// The small CNN of ``WorkloadEstimateTests`` (9 tiles for one copy) on the one-array-per-tile ISAAC.
    private func outcome(watts: Double, tiles: Double) throws -> (EdgeBudget.Outcome, tileArea: Double, chipLevelArea: Double) {
        let (network, images) = try AcceleratorTestSupport.smallCNN(images: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        let spec = try AcceleratorTestSupport.architecture(
            "isaac", ["arrayRows": 32, "arrayColumns": 32, "inputBits": 8, "arraysPerIMA": 1, "imasPerTile": 1, "tilesPerChip": 2])
        let rollUp = try ChipCostModel(architecture: spec).rollUp()
        let tileArea = rollUp.tileAreaSquareMetres * 1e6
        let chipLevelArea = rollUp.chipAreaSquareMetres * 1e6 - 2 * tileArea
        let budget = try EdgeBudget(watts: watts, squareMillimetres: chipLevelArea + tiles * tileArea)
        return (try budget.evaluate(network: quantized, networkName: "small", architecture: spec, device: nil, images: 100), tileArea, chipLevelArea)
    }

    @Test("⌊(A − A_chip)/A_tile⌋ tiles fit; a network needing more gets no frames, and the area it needs is reported")
    func area() throws {
        let (short, tileArea, chipLevelArea) = try outcome(watts: 100, tiles: 8.5)
        #expect(short.tiles == 8)
        #expect(!short.fits && short.limit == .area && short.framesPerSecond == 0)
        #expect(abs(short.neededSquareMillimetres - (chipLevelArea + 9 * tileArea)) <= 1e-9 * short.neededSquareMillimetres)
        let (enough, _, _) = try outcome(watts: 100, tiles: 9.5)
        #expect(enough.tiles == 9 && enough.fits)
    }

    @Test("with power to spare the pipeline sets the frames; a tight budget sets (P − P_static)/E_dynamic and powers fewer tiles")
    func power() throws {
        let (generous, _, _) = try outcome(watts: 1000, tiles: 30)
        #expect(generous.limit == .pipeline)
        #expect(generous.framesPerSecond == generous.estimate.throughputInferencesPerSecond)
        #expect(generous.estimate.cost.poweredTiles > 9 && generous.estimate.cost.poweredTiles <= 30)
        // One copy's 9 tiles leak λ = 10 % of their peak power, P_s, and run at f₉ frames per
        // second for E per frame: a budget of P_s + E·f₉/2 pays for half of f₉ on those tiles, and
        // more tiles only leak more.
        let (probe, _, _) = try outcome(watts: 1000, tiles: 9.5)
        let energy = probe.estimate.cost.energy
        let leakage = energy.totalStaticJoules / probe.estimate.performance.runSeconds(images: 100)
        let perFrame = energy.totalDynamicJoules / 100
        let f9 = probe.estimate.throughputInferencesPerSecond
        let (tight, _, _) = try outcome(watts: leakage + perFrame * f9 / 2, tiles: 30)
        #expect(tight.limit == .power)
        #expect(tight.estimate.cost.poweredTiles == 9)
        let expected = f9 / 2
        #expect(abs(tight.framesPerSecond - expected) <= 1e-9 * expected)
    }
}
