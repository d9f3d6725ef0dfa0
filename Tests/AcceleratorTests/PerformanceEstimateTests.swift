import Testing

@testable import Accelerator

/// The pipeline's latency and throughput for a batch, on a two-layer case worked by hand.
@Suite("Pipeline latency per batch")
struct PerformanceEstimateTests {
    /// Layer a: ⌈10 vectors / 2 copies⌉ = 5 vectors × 8 slices × 100 ns = 4 µs per image;
    /// layer b: 3 vectors × 4 slices × 50 ns = 0.6 µs; the image in 1 µs, the logits out 0.2 µs.
    static let stages = [
        PerformanceEstimate.Stage(name: "a", sliceSeconds: 100e-9, slicesPerVector: 8, vectorsPerImage: 10, replication: 2),
        PerformanceEstimate.Stage(name: "b", sliceSeconds: 50e-9, slicesPerVector: 4, vectorsPerImage: 3, replication: 1),
    ]

    @Test("a batch of 5 takes the pipeline fill plus 4 slowest stages: 5.8 µs + 4 × 4 µs = 21.8 µs")
    func batchOfFive() {
        let estimate = PerformanceEstimate(stages: Self.stages, inputTransferSeconds: 1e-6, outputTransferSeconds: 0.2e-6)
        #expect(abs(estimate.latencySeconds - 5.8e-6) < 1e-15)
        #expect(abs(estimate.bottleneckSeconds - 4e-6) < 1e-15)
        #expect(abs(estimate.runSeconds(images: 5) - 21.8e-6) < 1e-15)
        // 5 images / 21.8 µs = 229,357.8 per second; the steady state 1 / 4 µs = 250,000.
        #expect(abs(estimate.batchThroughputInferencesPerSecond(batchSize: 5) - 5 / 21.8e-6) < 1e-6)
        #expect(abs(estimate.throughputInferencesPerSecond - 250_000) < 1e-6)
        // A batch of one is the single image's latency.
        #expect(abs(estimate.runSeconds(images: 1) - 5.8e-6) < 1e-15)
    }

    @Test("an off-chip link slower than every layer is the slowest stage: 9.8 µs + 4 × 5 µs")
    func linkBound() {
        let estimate = PerformanceEstimate(stages: Self.stages, inputTransferSeconds: 5e-6, outputTransferSeconds: 0.2e-6)
        #expect(abs(estimate.bottleneckSeconds - 5e-6) < 1e-15)
        #expect(abs(estimate.runSeconds(images: 5) - 29.8e-6) < 1e-15)
    }
}
