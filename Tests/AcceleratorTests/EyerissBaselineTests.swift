import Network
import Numerics
import Testing

@testable import Accelerator

@Suite("Eyeriss baseline: row-stationary access counts worked by hand")
struct EyerissBaselineTests {
    @Test("a 3×3 convolution of a 5×5 input into 2 channels: RF, array, GLB and DRAM accesses")
    func handCountedConvolution() throws {
        let workload = try AcceleratorTestSupport.handConvWorkload()
        let baseline = try EyerissBaseline(workload: workload, technologyNodeMetres: 45e-9, clockHz: 200e6, leakageFraction: 0)
        let c = baseline.counts
        // C = 1, M = 2, R = S = 3, E = F = 3, H = W = 5. PE set R × E = 3 × 3; q = min(1, 12/3) = 1
        // channel and p = min(2, 24, 224/3) = 2 filters per PE, so one set (t_m = 1, r = 1) does
        // the layer in one pass. 162 MACs, each 4 RF accesses.
        #expect(c.macs == 162)
        #expect(c.rfFilterReads == 162 && c.rfIfmapReads == 162 && c.rfPsumReads == 162 && c.rfPsumWrites == 162)
        // Array: each of the 3 × 3 PEs receives one 5-wide ifmap row (45 words); each PE column
        // receives the 2 filters' 3 rows of 3 (2·9·3 = 54); each psum row of 3 climbs 2 hops in
        // each of 3 columns for 2 filters (2·3·3·2 = 36).
        #expect(c.arrayIfmaps == 45)
        #expect(c.arrayFilters == 54)
        #expect(c.arrayPsums == 36)
        #expect(c.rfFills == 45 + 54)
        // GLB: the 25 input pixels written (from DRAM) and read once; no partial sums leave the
        // array; the 18 outputs written once.
        #expect(c.glbIfmapWrites == 25 && c.glbIfmapReads == 25)
        #expect(c.glbPsumReads == 0 && c.glbPsumWrites == 0 && c.glbOutputWrites == 18)
        // DRAM: 18 weights, 25 pixels in, 18 outputs out.
        #expect(c.dramFilterReads == 18 && c.dramIfmapReads == 25 && c.dramOutputWrites == 18)
        // 9 active PEs, 18 MACs each (S·F·p·q = 3·3·2·1).
        #expect(baseline.cyclesPerInference == 18)
        // Energy per bit at 45 nm: k × (16×16 multiply + 16-bit add) / 16 with Horowitz's power
        // laws through 8 and 32 bits, whose 16-bit values are the geometric means of the two
        // points: √(0.2·3.1) = 0.787 pJ and √(0.03·0.1) = 0.0548 pJ.
        let anchor = ((0.2e-12 * 3.1e-12).squareRoot() + (0.03e-12 * 0.1e-12).squareRoot()) / 16
        let e = baseline.energyByComponentJoules
        let array = 2 * anchor * (45 * 8 + 54 * 8 + 36 * 32)
        #expect(abs(e["array"]! - array) <= 1e-9 * array)
        let glb = 6 * anchor * (25 * 8 + 25 * 8 + 18 * 32)
        #expect(abs(e["globalBuffer"]! - glb) <= 1e-9 * glb)
    }

    @Test("a Dense 40→20 layer: channel sets, cross-set psums and a batch sharing the filters")
    func handCountedDense() throws {
        let network = try AcceleratorTestSupport.dense40x20()
        let images = Tensor(shape: [4, 40], elements: (0..<160).map { Float($0 % 13) / 13 })
        let workload = NetworkWorkload(try AcceleratorTestSupport.quantized(network, images: images))
        let one = try EyerissBaseline(workload: workload, technologyNodeMetres: 32e-9, clockHz: 1e9, leakageFraction: 0)
        // A 1 × 1 convolution with C = 40, M = 20: PE set 1 × 1, t = 168 sets; q = 12 channels,
        // p = min(20, 24, 224/12) = 18 filters per PE; t_m = ⌈20/18⌉ = 2 filter sets,
        // r = min(168/2, ⌈40/12⌉) = 4 channel sets; one filter pass, one channel pass.
        let c = one.counts
        #expect(c.macs == 800)
        #expect(c.arrayIfmaps == 40 * 2)  // every input to both filter groups
        #expect(c.arrayFilters == 800)  // every weight to its PE
        #expect(c.arrayPsums == 20 * 3)  // 4 channel sets summed: 3 hops per output
        #expect(c.glbIfmapReads == 40 && c.glbPsumWrites == 0 && c.glbOutputWrites == 20)
        #expect(one.cyclesPerInference == 100)  // 800 MACs on 2·4 active PEs
        let four = try EyerissBaseline(workload: workload, technologyNodeMetres: 32e-9, clockHz: 1e9, leakageFraction: 0, batchSize: 4)
        #expect(four.counts.dramFilterReads == 800 / 4 && four.counts.arrayFilters == 800 / 4)
        #expect(four.counts.arrayIfmaps == c.arrayIfmaps)
    }
}
