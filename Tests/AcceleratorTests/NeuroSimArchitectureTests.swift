import Circuit
import DataFiles
import Testing

@testable import Accelerator

@Suite("NeuroSim V1.3's architecture and periphery: organisation, closed forms, absent elsewhere")
struct NeuroSimArchitectureTests {
    /// |ours/reference − 1| ≤ tolerance.
    private func within(_ ours: Double, _ reference: Double, _ tolerance: Double = 1e-9) -> Bool { abs(ours / reference - 1) <= tolerance }

    @Test("neurosim.json loads NeuroSim's defaults; its roll-up counts follow subarray → PE (IMA) → tile → 64 tiles")
    func organisation() throws {
        let spec = try ArchitectureSpec.load("neurosim")
        // DNN+NeuroSim V1.3 Param.cpp: 128×128 subarrays, cellBit 2, levelOutput 32, numColMuxed 8, 22 nm.
        #expect(spec.arrayRows == 128 && spec.arrayColumns == 128 && spec.bitsPerCell == 2)
        #expect(spec.adcBits == 5 && spec.columnsPerADC == 8 && spec.adcArchitecture == .flash)
        #expect(spec.weightBits == 8 && spec.inputBits == 8 && spec.dacBits == 1)
        #expect(spec.rowDriver == .switchMatrix && spec.columnReadout == .multiplexer)
        let model = try ChipCostModel(architecture: spec)
        func count(_ name: String) throws -> Double { model.count(try model.table.component(named: name)) }
        // A PE of 4×4 subarrays, 128/8 = 16 ADCs and muxes per subarray, one switch matrix each.
        #expect(try count("array") == 16)
        #expect(try count("adc") == 16 * 16)
        #expect(try count("columnMux") == 16 * 16)
        #expect(try count("switchMatrix") == 16)
        #expect(try count("dac") == 0 && count("sampleAndHold") == 0)
        // Adder trees: 4 PEs × 64 trees × 3 adders + the tile's 64 trees × 3 adders = 960.
        #expect(try count("adderTree") == 4 * 64 * 3 + 64 * 3)
        #expect(try count("tileShiftAdd") == 0)
        #expect(spec.arraysPerChip == 64 * 4 * 16)
        // The runs' actions are priced by NeuroSim's units, not ISAAC's.
        #expect(model.component(pricing: .sampleAndHold)?.name == "columnMux")
        #expect(model.component(pricing: .dacConversion)?.name == "switchMatrix")
        #expect(model.component(pricing: .partialSumAdd)?.name == "adderTree")
        // Peak: 4096 arrays × 128 rows × 32 weights per row × 2 ops per 8 bit-slices of 10 ns.
        #expect(within(model.rollUp().peakOperationsPerSecond, 4096.0 * 128 * 32 * 2 / (8 * 10e-9)))
    }

    @Test("the mux, switch matrix and adder tree price NeuroSim's closed forms at 22 nm")
    func closedForms() throws {
        let model = try ChipCostModel(architecture: try ArchitectureSpec.load("neurosim"))
        // 22 nm LSTP (Technology.cpp): C'_g = 5.245e-10·1.2 + 3·8.004e-10 F/m, V_dd 0.85 V; W_n = 44 nm,
        // W_p = 44 nm·791.9/600.2; V_read 0.5 V, V_access 1.1 V (Param.cpp); C_drain = C_gate,n.
        let perMetre = 5.245e-10 * 1.2 + 3 * 8.004e-10
        let (wn, wp) = (44e-9, 44e-9 * 791.9 / 600.2)
        let (cn, cp) = (perMetre * wn, perMetre * wp)
        let vdd2 = 0.85 * 0.85
        // Mux.cpp: C_g,n·V_dd² + 2·C_d·V_read² ≈ 0.163 fJ.
        let mux = try model.figures("columnMux")
        #expect(within(mux.energyPerActionJoules[.sampleAndHold]!, cn * vdd2 + 2 * cn * 0.25))
        #expect(within(mux.energyPerActionJoules[.sampleAndHold]!, 0.163e-15, 2e-3))
        #expect(within(mux.latencySeconds, 1e-9) && mux.staticPowerWatts == 0)
        // NewSwitchMatrix.cpp: 2·C_d·1.1² + 5·C_d·0.5² + 3·(C_g,n + C_g,p)·V_dd² ≈ 1.16 fJ per driven row.
        let matrix = try model.figures("switchMatrix")
        #expect(within(matrix.energyPerActionJoules[.dacConversion]!, 2 * cn * 1.21 + 5 * cn * 0.25 + 3 * (cn + cp) * vdd2))
        #expect(within(matrix.energyPerActionJoules[.dacConversion]!, 1.160e-15, 2e-3))
        #expect(within(matrix.latencySeconds, 10e-9))
        // Adder.cpp, 20 bits: δ·V_dd²·[(14·C_in + 7·C_out) + 19·(13·C_in + 7·C_out)], C_in = C'_g·(2·W_n + W_p),
        // C_out = C'_g·(2·W_n + 2·W_p), δ = 0.15: ≈ 21.9 fJ.
        let (cin, cout) = (perMetre * (2 * wn + wp), perMetre * (2 * wn + 2 * wp))
        let adder = try model.figures("adderTree")
        #expect(within(adder.energyPerActionJoules[.partialSumAdd]!, 0.15 * vdd2 * ((14 * cin + 7 * cout) + 19 * (13 * cin + 7 * cout))))
        #expect(within(adder.energyPerActionJoules[.partialSumAdd]!, 21.9e-15, 2e-3))
        #expect(within(adder.latencySeconds, 1e-9))
    }

    @Test("ISAAC, PRIME and aihwkit have none of NeuroSim's units; a switch matrix takes only 1-bit slices")
    func absentElsewhere() throws {
        for name in ["isaac", "prime", "aihwkit"] {
            let model = try ChipCostModel(architecture: try ArchitectureSpec.load(name))
            for unit in ["columnMux", "switchMatrix", "adderTree"] {
                #expect(model.count(try model.table.component(named: unit)) == 0, "\(name) \(unit)")
            }
            #expect(model.component(pricing: .sampleAndHold)?.name == "sampleAndHold")
            // PRIME's rows are driven by its multi-level wordline drivers.
            #expect(model.component(pricing: .dacConversion)?.name == (name == "prime" ? "wordlineDriver" : "dac"))
        }
        let spec = try ArchitectureSpec.load("neurosim")
        #expect(
            throws: ArchitectureSpecError.outOfRange(
                file: spec.file, field: "parameters.dacBits", value: "2 (override)",
                allowed: "1 under rowDriver \"switchMatrix\" (a switch connects a row to the read voltage or not)")
        ) {
            try spec.overriding(["dacBits": .number(2)])
        }
    }
}
