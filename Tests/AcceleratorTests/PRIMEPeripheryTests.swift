import Circuit
import Testing

@testable import Accelerator

@Suite("PRIME as main-memory PIM: its organisation and the periphery priced from circuit figures")
struct PRIMEPeripheryTests {
    /// |ours/expected − 1| ≤ tolerance.
    private func within(_ ours: Double, _ expected: Double, _ tolerance: Double) -> Bool { abs(ours / expected - 1) <= tolerance }

    private func prime() throws -> ChipCostModel { try ChipCostModel(architecture: ArchitectureSpec.load("prime")) }

    @Test("the organisation is PRIME's: 256×256 mats with eight sense amplifiers, 2 FF subarrays and 1 Buffer subarray per bank, 8 banks")
    func organisation() throws {
        let model = try prime()
        let o = model.architecture
        func count(_ name: String) throws -> Double { model.count(try model.table.component(named: name)) }
        // Chi et al., ISCA 2016, §V.A: 256×256 cells and eight 6-bit SAs per mat; 2 FF + 1 Buffer subarray per bank.
        #expect(o.arrayRows == 256 && o.arrayColumns == 256 && o.adcBits == 6)
        #expect(o.adcsPerArray == 8)
        #expect(try count("adc") == Double(o.arraysPerIMA * 8))
        #expect(o.imasPerTile == 2 && o.tilesPerChip == 8)
        #expect(try count("bufferSubarray") == 1)
        // 3-bit inputs driven by wordline drivers, one per row; no DACs.
        #expect(try count("wordlineDriver") == Double(o.arraysPerIMA * 256) && (try count("dac")) == 0)
        #expect(model.component(pricing: .dacConversion)?.name == "wordlineDriver")
    }

    @Test("PRIME has no eDRAM, no HyperTransport and no routers: the Buffer subarray and the memory bus price their actions")
    func noISAACUnits() throws {
        let model = try prime()
        func count(_ name: String) throws -> Double { model.count(try model.table.component(named: name)) }
        #expect(try count("tileBuffer") == 0 && (try count("offChipLink")) == 0 && (try count("router")) == 0)
        #expect(model.architecture.routersPerChip == 0)
        #expect(try count("memoryBus") == 8)
        #expect(model.component(pricing: .tileBufferBitRead)?.name == "bufferSubarray")
        #expect(model.component(pricing: .tileBufferBitWrite)?.name == "bufferSubarray")
        #expect(model.component(pricing: .offChipBitTransfer)?.name == "memoryBus")
    }

    @Test("ISAAC keeps its eDRAM, HyperTransport links and DACs; PRIME's units have no instances there")
    func isaacUnchanged() throws {
        let model = try ChipCostModel(architecture: AcceleratorTestSupport.isaac())
        for name in ["memoryBus", "bufferSubarray", "wordlineDriver"] { #expect(model.count(try model.table.component(named: name)) == 0) }
        #expect(model.component(pricing: .offChipBitTransfer)?.name == "offChipLink")
        #expect(model.component(pricing: .tileBufferBitRead)?.name == "tileBuffer")
        #expect(model.component(pricing: .dacConversion)?.name == "dac")
    }

    @Test("memory bus: an SSTL pin, ½(V_DDQ + V_TT)·I per bit time with I = (V_DDQ/2)/(R_on + R_TT)")
    func memoryBus() throws {
        let figures = try prime().figures("memoryBus")
        // DDR3: V_DDQ 1.5 V, 40 Ω driver, 60 Ω termination to 0.75 V: 7.5 mA; 1600 Mb/s per pin.
        let bit = 1 / 1.6e9
        #expect(within(figures.energyPerActionJoules[.offChipBitTransfer]!, 0.5 * (1.5 + 0.75) * 7.5e-3 * bit, 1e-12))
        #expect(within(figures.latencySeconds, bit, 1e-12))
        #expect(figures.staticPowerWatts == 0)
    }

    @Test("Buffer subarray: a bit read is V²·t/R_on plus one comparator decision, a write the SLC write energy; area the cells")
    func bufferSubarray() throws {
        let model = try prime()
        let figures = try model.figures("bufferSubarray")
        // 0.5 V across 1 kΩ for 10 ns; NeuroSim's 1.7 fJ comparator at 22 nm scaled by F·V² to 65 nm.
        let comparator = 1.7e-15 * (65.0 / 22) * (1.1 / 0.85) * (1.1 / 0.85)
        #expect(within(figures.energyPerActionJoules[.tileBufferBitRead]!, 0.25 * 10e-9 / 1000 + comparator, 1e-12))
        #expect(figures.energyPerActionJoules[.tileBufferBitWrite] == 3e-12)
        let mats = Double(model.architecture.arraysPerIMA)
        #expect(within(figures.areaSquareMetres, mats * 256 * 256 * 4 * 65e-9 * 65e-9, 1e-12))
        #expect(figures.latencySeconds == 10e-9)
    }

    @Test("wordline driver: the row wire, 256 cells of pitch 2F at 0.2 fF/µm, charged to 0.5 V from V_DD")
    func wordlineDriver() throws {
        let figures = try prime().figures("wordlineDriver")
        // C = 256 · 2 · 65 nm · 0.2 fF/µm = 6.656 fF; V_DD(65 nm) = 1.1 V.
        let capacitance = 256 * 2 * 65e-9 * 0.2e-15 / 1e-6
        #expect(within(figures.energyPerActionJoules[.dacConversion]!, capacitance * 0.5 * 1.1, 1e-12))
        // 23 % of a mat of 256×256 cells of 4F², per row.
        #expect(within(figures.areaSquareMetres, 0.23 * 256 * 256 * 4 * 65e-9 * 65e-9 / 256, 1e-12))
        #expect(figures.latencySeconds == 100e-9)
    }
}
