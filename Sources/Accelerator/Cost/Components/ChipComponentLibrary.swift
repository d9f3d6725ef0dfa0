import Circuit
import Device
import Foundation

/// The model of every component of a chip with a given architecture: energy per action,
/// static power, area and latency of one instance at the architecture's node.
///
/// Each component starts from its calibration point — ISAAC's Table I at 32 nm
/// (``ISAACCalibration``), NeuroSim's flash ADC at 22 nm, or the device for the cell array —
/// then follows these rules:
/// - **leakage**: a fraction λ (``leakageFraction``) of a component's peak power is static;
///   the rest is dynamic energy per action. For ISAAC's components E = (1 − λ)·P/r at ISAAC's
///   peak rate r and P_static = λ·P, so the peak power stays P whatever λ; for the flash ADC,
///   given by an energy per action, P_static = λ/(1 − λ)·E·r at this architecture's peak.
///   The cell array is passive: no leakage.
/// - **size**: a register or buffer of capacity C scales from its reference C₀ as energy per
///   bit ∝ √(C/C₀) (line lengths), area and leakage ∝ C/C₀; a B-bit SAR ADC as energy and
///   leakage ×1.2^(B−8) and area ×1.413^(B−8) (``ADCModel``, fit to Accelergy's ISAAC
///   table); a d-bit DAC as (2^d − 1) 1-bit DACs; the bus's area and leakage ∝ its wires; an
///   array's area ∝ its cells and its read energy per cell is fixed.
/// - **node**: ``TechnologyScaling`` (CMOS: energy ∝ F·V², area ∝ F², leakage ∝ F·V; the cell
///   array's area ∝ F²; the off-chip link does not scale).
/// - **latency** of one action is set by the architecture: the read cycle for DACs and arrays,
///   1/f_s for ADCs and sample-and-holds, the clock for digital units, storage and routers,
///   one bit time for the off-chip link.
///
/// With a device, the array's read energy per cell is V_read²·(G_min + G_max)/2·t_read (a
/// mid-level cell driven at full scale) and its area the device's cell footprint; without
/// one, ISAAC's (0.3 mW per array at 100 ns, about 1.83 fJ per cell, 1.49 F² per cell).
public struct ChipComponentLibrary: Sendable {
    /// The chip.
    public let architecture: ArchitectureSpec
    /// The memory device in the arrays, or `nil` for ISAAC's published array figures.
    public let device: (any MemoryDevice)?
    /// Fraction λ of each CMOS component's peak power that is static (leakage).
    public let leakageFraction: Double

    /// ISAAC's calibration point (``ISAACCalibration``).
    public let calibration: ISAACCalibration

    /// The library for `architecture`; throws for λ outside [0, 1) or when ISAAC's calibration
    /// (`Experiments/architectures/isaac.json`) cannot be read.
    public init(architecture: ArchitectureSpec, device: (any MemoryDevice)? = nil, leakageFraction: Double) throws {
        guard leakageFraction.isFinite, leakageFraction >= 0, leakageFraction < 1 else {
            throw CostModelError.invalidParameter(
                owner: "ChipComponentLibrary", field: "leakageFraction", value: "\(leakageFraction)", allowed: "0 ≤ λ < 1")
        }
        self.architecture = architecture
        self.device = device
        self.leakageFraction = leakageFraction
        calibration = try ISAACCalibration.shared()
    }

    /// The peak activity of the architecture.
    public var activity: PeakActivity { PeakActivity(architecture) }

    /// The model of one instance of `component` at the architecture's node.
    public func figures(_ component: ChipComponent) throws -> ComponentFigures {
        let o = architecture
        let isaac = calibration.architecture
        let clock = 1 / o.clockHz
        switch component {
        case .adc:
            return try adc()
        case .dac:
            let elements = Double((1 << o.dacBits) - 1)
            return try calibrated(
                .dac, factors: (elements, elements, elements), latency: o.readCycleSeconds,
                note: o.dacBits == 1 ? "" : "; \(o.dacBits)-bit = \(Int(elements)) unit elements")
        case .sampleAndHold:
            return try calibrated(.sampleAndHold, latency: 1 / o.adcSampleRateHz)
        case .array:
            return try array()
        case .shiftAdd:
            return try calibrated(.shiftAdd, latency: clock)
        case .inputRegister:
            return try storage(.inputRegister, bytes: o.inputRegisterBytesPerIMA, referenceBytes: isaac.inputRegisterBytesPerIMA, latency: clock)
        case .outputRegister:
            return try storage(.outputRegister, bytes: o.outputRegisterBytesPerIMA, referenceBytes: isaac.outputRegisterBytesPerIMA, latency: clock)
        case .tileBuffer:
            return try storage(.tileBuffer, bytes: o.edramBytesPerTile, referenceBytes: isaac.edramBytesPerTile, latency: clock)
        case .bus:
            let wires = Double(o.imaBusWidthBits) / Double(isaac.imaBusWidthBits)
            return try calibrated(
                .bus, factors: (1, wires, wires), latency: clock,
                note: o.imaBusWidthBits == isaac.imaBusWidthBits ? "" : "; area and leakage × \(o.imaBusWidthBits)/\(isaac.imaBusWidthBits) wires")
        case .router:
            return try calibrated(.router, latency: clock)
        case .activation:
            return try calibrated(.activation, latency: clock)
        case .tileShiftAdd:
            return try calibrated(.tileShiftAdd, latency: clock)
        case .pooling:
            return try calibrated(.pooling, latency: clock)
        case .tileOutputRegister:
            return try storage(.tileOutputRegister, bytes: o.outputRegisterBytesPerTile, referenceBytes: isaac.outputRegisterBytesPerTile, latency: clock)
        case .offChipLink:
            return try calibrated(.offChipLink, latency: 1 / o.offChipLinkBitsPerSecond, rule: .offChip)
        }
    }

    /// An ISAAC-calibrated component: energy per action (1 − λ)·P/r (the same for each of its
    /// actions), static λ·P, area, each times `factors` (energy, static, area), then scaled to
    /// the node under `rule`.
    private func calibrated(
        _ component: ChipComponent, factors: (energy: Double, leakage: Double, area: Double) = (1, 1, 1), latency: Double,
        rule: TechnologyScaling.Rule = .cmos, note: String = ""
    ) throws -> ComponentFigures {
        let reference = calibration.tableI[component]!
        let energy = calibration.energyPerAction(component, leakageFraction: leakageFraction) * factors.energy
        let actions = calibration.activity.actionsPerSecond[component]!.keys
        let figures = try ComponentFigures(
            name: component.rawValue, technologyNodeMetres: calibration.technologyNodeMetres,
            energyPerActionJoules: Dictionary(uniqueKeysWithValues: actions.map { ($0, energy) }),
            staticPowerWatts: leakageFraction * reference.peakPowerWatts * factors.leakage,
            areaSquareMetres: reference.areaSquareMetres * factors.area, latencySeconds: latency,
            source: reference.source + "; E = (1 − λ)·P / ISAAC's peak rate, P_static = λ·P" + note)
        return try figures.scaled(toNodeMetres: architecture.technologyNodeMetres, rule: rule).withLatency(latency)
    }

    /// A register or eDRAM of `bytes`, scaled from ISAAC's of `referenceBytes`.
    private func storage(_ component: ChipComponent, bytes: Int, referenceBytes: Int, latency: Double) throws -> ComponentFigures {
        let ratio = Double(bytes) / Double(referenceBytes)
        return try calibrated(
            component, factors: (ratio.squareRoot(), ratio, ratio), latency: latency,
            note: bytes == referenceBytes ? "" : "; \(bytes) B from \(referenceBytes) B: energy/bit ∝ √C, area and leakage ∝ C")
    }

    private func adc() throws -> ComponentFigures {
        let o = architecture
        let lambda = leakageFraction
        switch o.adcArchitecture {
        case .sar:
            let atReference = calibration.energyPerAction(.adc, leakageFraction: lambda)
            let reference = calibration.architecture.adcBits
            let perBit = pow(1.2, Double(o.adcBits - reference))
            let model = try ADCModel.sar(
                resolutionBits: o.adcBits, fomJoulesPerStep: atReference / pow(1.2, Double(reference)), perBitScaling: 1.2, sampleRateHz: o.adcSampleRateHz,
                areaSquareMetres: calibration.tableI[.adc]!.areaSquareMetres * pow(1.413, Double(o.adcBits - reference)),
                technologyNodeMetres: calibration.technologyNodeMetres)
            let figures = try ComponentFigures(
                name: model.name, technologyNodeMetres: model.technologyNodeMetres, energyPerActionJoules: model.energyPerActionJoules,
                staticPowerWatts: lambda * calibration.tableI[.adc]!.peakPowerWatts * perBit,
                areaSquareMetres: model.areaSquareMetres, latencySeconds: model.latencySeconds,
                source: calibration.tableI[.adc]!.source + "; E = (1 − λ)·P/f_s at \(reference) bits, ×1.2 per bit (Accelergy isaac.py), area ×1.413 per bit, P_static = λ·P")
            return try figures.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos).withLatency(1 / o.adcSampleRateHz)
        case .flash:
            let model = try ADCModel.flash(resolutionBits: o.adcBits, sampleRateHz: o.adcSampleRateHz)
            let scaled = try model.scaled(toNodeMetres: o.technologyNodeMetres, rule: .cmos)
            let energy = scaled.energyPerActionJoules[.adcConversion]!
            let rate = activity.actionsPerSecond[.adc]![.adcConversion]!
            return try ComponentFigures(
                name: scaled.name, technologyNodeMetres: scaled.technologyNodeMetres, energyPerActionJoules: scaled.energyPerActionJoules,
                staticPowerWatts: lambda / (1 - lambda) * energy * rate, areaSquareMetres: scaled.areaSquareMetres,
                latencySeconds: 1 / o.adcSampleRateHz, source: scaled.source + "; P_static = λ/(1 − λ) of the peak dynamic power")
        }
    }

    private func array() throws -> ComponentFigures {
        let o = architecture
        if let device {
            let model = try CrossbarArrayModel(
                rows: o.arrayRows, columns: o.arrayColumns, cellAreaFeatureSquared: device.cellAreaFeatureSquared,
                readPulseSeconds: device.readPulseSeconds,
                nominalCellReadJoules: device.readVoltageVolts * device.readVoltageVolts
                    * (device.conductanceMinSiemens + device.conductanceMaxSiemens) / 2 * device.readPulseSeconds,
                technologyNodeMetres: o.technologyNodeMetres)
            return try ComponentFigures(
                name: model.name, technologyNodeMetres: model.technologyNodeMetres, energyPerActionJoules: model.energyPerActionJoules,
                staticPowerWatts: 0, areaSquareMetres: model.areaSquareMetres, latencySeconds: o.readCycleSeconds,
                source: "device \(device.name): cell read V²·(G_min + G_max)/2·t_read, \(device.cellAreaFeatureSquared) F² per cell")
        }
        let reference = calibration.tableI[.array]!
        let isaac = calibration.architecture
        let cells = Double(isaac.arrayRows * isaac.arrayColumns)
        let node = calibration.technologyNodeMetres
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
