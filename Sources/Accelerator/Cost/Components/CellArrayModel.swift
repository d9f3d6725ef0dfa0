import Circuit
import Device

/// The crossbar arrays (`cell-array`): every cell read every cycle, passive (no leakage), one
/// read cycle per action.
///
/// With a device, the read energy per cell is V_read²·(G_min + G_max)/2·t_read (a mid-level
/// cell driven at full scale) — for SRAM, whose cells discharge a bitline instead, half a
/// conducting cell's bitline charge and the cell's leakage, C·V_pre·ΔV + I_leak·V_pre·t with
/// ΔV = I_read·t/(2C) (``BitlineDischarge/energyJoules(swingVolts:cells:seconds:)``) — and the
/// area the device's cell footprint; without one, the
/// table's (ISAAC: 0.3 mW per array at 100 ns, about 1.83 fJ per cell, 1.49 F² per cell),
/// area ∝ cells, scaled to the node under the cell-array rule. A run prices the arrays with
/// the ledger's physical Σ Vᵀ·Y·V·t instead (``ChipCostModel/price(_:images:runSeconds:poweredTiles:)``).
struct CellArrayModel: ChipComponentModel {
    func count(_ o: ArchitectureSpec) -> Double { Double(o.arraysPerIMA) }

    func label(_ name: String, _ o: ArchitectureSpec) -> String { "\(name) (\(o.arrayRows)×\(o.arrayColumns))" }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        let o = activity.architecture
        return [.cellRead: Double(o.arrayRows) * Double(o.arrayColumns) / activity.cycleSeconds]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        let o = c.architecture
        if let device = c.device {
            let t = device.readPulseSeconds
            var cellRead = device.readVoltageVolts * device.readVoltageVolts * (device.conductanceMinSiemens + device.conductanceMaxSiemens) / 2 * t
            var rule = "V²·(G_min + G_max)/2·t_read"
            if let sram = device as? SRAMDevice {
                let swing = sram.conductanceMaxSiemens * sram.readVoltageVolts * t / (2 * sram.bitline.capacitanceFarads)
                cellRead = sram.bitline.energyJoules(swingVolts: swing, cells: 1, seconds: t)
                rule = "C·V_pre·ΔV + I_leak·V_pre·t of half a conducting cell's bitline drop"
            }
            let model = try CrossbarArrayModel(
                rows: o.arrayRows, columns: o.arrayColumns, cellAreaFeatureSquared: device.cellAreaFeatureSquared, readPulseSeconds: t,
                nominalCellReadJoules: cellRead, technologyNodeMetres: o.technologyNodeMetres)
            return try ComponentFigures(
                name: model.name, technologyNodeMetres: model.technologyNodeMetres, energyPerActionJoules: model.energyPerActionJoules,
                staticPowerWatts: 0, areaSquareMetres: model.areaSquareMetres, latencySeconds: o.readCycleSeconds,
                source: "device \(device.name): cell read \(rule), \(device.cellAreaFeatureSquared) F² per cell")
        }
        let reference = c.reference
        let isaac = c.table.architecture
        let cells = Double(isaac.arrayRows * isaac.arrayColumns)
        let node = c.table.technologyNodeMetres
        let model = try CrossbarArrayModel(
            rows: o.arrayRows, columns: o.arrayColumns, cellAreaFeatureSquared: reference.areaSquareMetres / cells / (node * node),
            readPulseSeconds: isaac.readCycleSeconds, nominalCellReadJoules: reference.peakPowerWatts * isaac.readCycleSeconds / cells,
            technologyNodeMetres: node)
        let figures = try ComponentFigures(
            name: model.name, technologyNodeMetres: node, energyPerActionJoules: model.energyPerActionJoules, staticPowerWatts: 0,
            areaSquareMetres: model.areaSquareMetres, latencySeconds: o.readCycleSeconds,
            source: reference.source + "; per cell read P·T/(128·128), area per cell A/(128·128), passive (no leakage)")
        return try figures.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cellArray).withLatency(o.readCycleSeconds)
    }
}
