import Device
import Numerics

/// One programmed array with its periphery, ready to compute: row DACs, the resistive network
/// (IR drop solved once into G_eff), analog subtraction of the sensed column pairs,
/// sample-and-hold, column ADCs and shift-and-add.
///
/// A batch of vectors runs as matrices: all input slices are stacked as one
/// (vectors·slices) × rows code matrix (``SlicedInputs``) and multiplied by ``sensedLevels``
/// (rows × sensed columns) in one single-precision GEMM; then one vectorized pass converts
/// every column (ADC) and recombines the codes (shift-and-add) into `Int64` dot products.
///
/// Units: a sensed value is expressed in *levels*, the current of one level step Δ under one DAC
/// code step V_read/(2^d − 1). For an ideal array the GEMM operands and results are small
/// integers, exact in `Float` (below 2^24).
///
/// Read noise: ``ColumnReadNoise`` (its variances per sensed column, drawn per conversion by the readout).
///
/// SRAM arrays are not read as conductances: their cells are current sources that discharge a
/// precharged bitline (``BitlineReadout``). Their GEMM gives every read bitline's current (in the
/// same level units, no IR drop), and the readout turns each slice's currents into bitline drops,
/// compression included, before the ADC; wire and access-transistor resistance are refused for
/// them (the resistive network does not describe a current-source cell).
public struct CrossbarCore: Sendable {
    /// The weight block and how its columns are sensed.
    public let weights: EncodedWeights
    /// How inputs are sliced through the DACs.
    public let slicing: InputSlicing
    /// The column ADC.
    public let adc: ADC
    /// The static errors of this array's column converters (offset, gain, DNL), or `nil`.
    public let adcErrors: ADCColumnErrors?
    /// The wire and access-transistor resistances the array was solved with.
    public let wires: WireResistance
    /// Time after programming the conductances were read at (drift), seconds.
    public let timeSeconds: Double
    /// Full-scale row voltage (largest DAC code), volts.
    public let readVoltageVolts: Double
    /// Duration of one read pulse, seconds.
    public let readPulseSeconds: Double
    /// Conductance of one level step, Δ, siemens.
    public let levelStepSiemens: Double
    /// Physical word lines of the array.
    public let arrayRows: Int
    /// Physical bit lines of the array.
    public let arrayColumns: Int
    /// The GEMM's right operand, in levels: the sensed conductance, weight rows × sensed columns,
    /// (G_eff[:, p] − G_eff[:, q])/Δ; for an SRAM array followed by one column G[:, q]/Δ per
    /// distinct negative bitline (``BitlineReadout/gemmOperand(conductance:weights:levelStepSiemens:)``).
    public let sensedLevels: Matrix<Float>
    /// How an SRAM array's bitlines are read, or `nil` for a resistive array.
    public let bitlineReadout: BitlineReadout?
    /// The read noise of the cells at the core's time, or `nil` when no cell is noisy.
    public let readNoise: ColumnReadNoise?
    /// The power the weight rows draw from their drivers (the read energy Vᵀ·Y·V·t, wires included).
    public let readPower: ArrayReadPower
    /// ADC full scale of each sensed column, levels; `nil` until ``calibrate(with:threads:)``
    /// for the calibrated range policies.
    public private(set) var fullScale: [Float]?
    /// The readout's constants for ``fullScale`` (`nil` until it is set).
    private(set) var plan: ReadoutPlan?
    /// Whether all-zero input slices are skipped (not converted, not counted; they add 0).
    public var skipsZeroSlices: Bool
    /// Where the offset scheme's Σx comes from (no effect on differential pairs).
    public let inputSum: InputSumSource

    /// Prepares `array` (programmed with `weights.levels`) for computing at `atSeconds` after
    /// programming: reads its conductances, solves the IR drop once and forms the sensed matrix;
    /// `inputSum` says where the offset scheme's Σx comes from; `adcErrors` are the static errors
    /// of its column converters (one per sensed column); `drawsReadNoise` says whether the cells'
    /// read noise is drawn (the ADC's own noise is drawn whenever the readout is given draws).
    public init(
        array: CrossbarArray, weights: EncodedWeights, slicing: InputSlicing, adc: ADC, adcErrors: ADCColumnErrors? = nil,
        wires: WireResistance = .ideal, atSeconds: Double = 0, skipsZeroSlices: Bool = false, inputSum: InputSumSource = .analogUnitColumn,
        drawsReadNoise: Bool = true, threads: Int? = nil
    ) throws {
        guard array.targetLevels == weights.levels else {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore", field: "array.targetLevels",
                expected: "the levels of the encoded weights (\(weights.levels.rows)×\(weights.levels.columns))",
                actual: "\(array.rows)×\(array.columns) programmed with other levels")
        }
        guard array.levelCount == weights.encoding.levelCount else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore", field: "array.levelCount", value: "\(array.levelCount)",
                allowed: "\(weights.encoding.levelCount) (2^bitsPerCell of the encoding)")
        }
        try CircuitError.requireFinite(atSeconds, atLeast: 0, owner: "CrossbarCore", field: "atSeconds")
        if let adcErrors {
            let signed = weights.encoding.sign == .differential
            let highest = adc.maximumCode(signed: signed)
            let dnl = adcErrors.nonlinearity
            guard adcErrors.columns == weights.sensedColumns, adcErrors.gain.count == weights.sensedColumns,
                dnl.map({ $0.highestCode == highest && $0.lowestCode == (signed ? -highest : 0) && $0.thresholds.count == weights.sensedColumns * $0.transitions }) ?? true
            else {
                throw CircuitError.shapeMismatch(
                    owner: "CrossbarCore", field: "adcErrors",
                    expected: "\(weights.sensedColumns) sensed columns of a \(adc.resolutionBits)-bit \(signed ? "signed" : "unsigned") ADC",
                    actual: "\(adcErrors.columns) columns" + (dnl.map { ", codes \($0.lowestCode)...\($0.highestCode)" } ?? ""))
            }
        }
        let headroom = Double(weights.weightRows) * Double(1 << slicing.inputBits) * Double(1 << weights.encoding.weightBits)
        guard headroom <= 0x1p52 else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore", field: "inputBits + weightBits", value: "\(slicing.inputBits) + \(weights.encoding.weightBits)",
                allowed: "rows·2^(inputBits + weightBits) ≤ 2^52 so that dot products stay exact")
        }
        let step = array.levelStepSiemens
        guard step > 0, step.isFinite else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore", field: "device '\(array.device.name)' level step", value: "\(step) S",
                allowed: "a positive conductance step between levels")
        }
        let conductance = array.conductanceSiemens(atSeconds: atSeconds)
        let rows = weights.weightRows
        let sensed = weights.sensedColumns
        var levels: Matrix<Float>
        var effective: Matrix<Double>?
        var admittance: Matrix<Double>?
        if let sram = array.device as? SRAMDevice {
            guard wires.hasIdealWires, wires.accessTransistorOhms == 0 else {
                throw CircuitError.invalidParameter(
                    owner: "CrossbarCore", field: "wires (wire.rowResistanceOhms, wire.columnResistanceOhms, wire.accessTransistorOhms)",
                    value: "\(wires.rowOhmsPerSegment) Ω row, \(wires.columnOhmsPerSegment) Ω column, \(wires.accessTransistorOhms) Ω access",
                    allowed: "0 for device '\(sram.name)': SRAM cells are current sources discharging a bitline, outside the resistive IR-drop network")
            }
            let readout = BitlineReadout(
                device: sram, weights: weights, conductance: conductance, levelStepSiemens: step, maximumCode: slicing.maximumCode,
                arrayRows: array.rows)
            levels = readout.gemmOperand(conductance: conductance, weights: weights, levelStepSiemens: step)
            bitlineReadout = readout
        } else {
            let solved: Matrix<Double>
            if wires.hasIdealWires {
                solved = try IRDropSolver.effectiveConductance(conductance, wires: wires, threads: threads)
            } else {
                let solution = try IRDropSolver.effectiveConductanceAndAdmittance(conductance, wires: wires, threads: threads)
                solved = solution.effective
                admittance = solution.admittance
            }
            levels = Matrix<Float>(rows: rows, columns: sensed)
            for i in 0..<rows {
                for c in 0..<sensed {
                    levels[i, c] = Float((solved[i, weights.positiveColumn[c]] - solved[i, weights.negativeColumn[c]]) / step)
                }
            }
            effective = solved
            bitlineReadout = nil
        }
        readNoise = !drawsReadNoise ? nil : ColumnReadNoise(
            conductance: conductance, sigma: array.readNoiseStandardDeviationSiemens(atSeconds: atSeconds),
            accessTransistorOhms: wires.accessTransistorOhms, effective: wires.hasIdealWires ? nil : effective, step: step, weights: weights)
        readPower = ArrayReadPower(conductanceSiemens: conductance, wires: wires, admittance: admittance, rows: rows)
        self.weights = weights
        self.slicing = slicing
        self.adc = adc
        self.adcErrors = adcErrors
        self.wires = wires
        timeSeconds = atSeconds
        readVoltageVolts = array.device.readVoltageVolts
        readPulseSeconds = array.device.readPulseSeconds
        levelStepSiemens = step
        arrayRows = array.rows
        arrayColumns = array.columns
        sensedLevels = levels
        self.skipsZeroSlices = skipsZeroSlices
        self.inputSum = inputSum
        if !adc.rangePolicy.needsCalibration {
            let full = Double(fixedFullScale)
            setFullScale([Float](repeating: Float(bitlineReadout?.levels(full) ?? full), count: sensed))
        }
    }

    /// Sets the ADC full scale of every sensed column and the readout's constants that follow from it.
    private mutating func setFullScale(_ scale: [Float]) {
        fullScale = scale
        plan = ReadoutPlan(core: self, fullScale: scale)
    }

    /// Sets each sensed column's ADC full scale (levels) to `fullScale`, e.g. ranges calibrated
    /// on the same array at another time (a no-op for ``ADCRangePolicy/fixed``); throws unless
    /// there is one finite positive range per sensed column.
    public mutating func useCalibratedRanges(_ fullScale: [Float]) throws {
        guard adc.rangePolicy.needsCalibration else { return }
        guard fullScale.count == weights.sensedColumns, fullScale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore", field: "fullScale", value: "\(fullScale.count) ranges",
                allowed: "\(weights.sensedColumns) finite positive ranges in levels, one per sensed column")
        }
        setFullScale(fullScale)
    }

    /// Whether every column converts an analog 0 to code 0 on every conversion
    /// (``ADC/convertsZeroExactly(columns:signed:errors:)``): then an all-zero input slice adds
    /// exactly 0 and need not be converted in simulation.
    public var convertsZeroExactly: Bool {
        adc.convertsZeroExactly(columns: weights.sensedColumns, signed: convertsSigned, errors: adcErrors)
    }

    /// The ``ADCRangePolicy/fixed`` full scale of this array, in levels
    /// (``WeightEncoding/fixedFullScale(arrayRows:maximumInputCode:)``); an SRAM array's ADC range
    /// is the bitline drop of that column current, ``BitlineReadout/levels(_:)`` of it.
    public var fixedFullScale: Int {
        weights.encoding.fixedFullScale(arrayRows: arrayRows, maximumInputCode: slicing.maximumCode)
    }

    /// ADC bits that make this ideal array exact under the fixed range.
    public var losslessADCBits: Int {
        weights.encoding.losslessADCBits(arrayRows: arrayRows, maximumInputCode: slicing.maximumCode)
    }

    /// Whether the ADC converts signed values (differential pairs).
    var convertsSigned: Bool { weights.encoding.sign == .differential }

    /// Noise-free column currents of every slice in levels, codes × ``sensedLevels``: the sensed
    /// values of a resistive array, (vectors·slices) × sensed columns; for an SRAM array the
    /// linear differences followed by the negative bitlines' currents (``BitlineReadout``). What
    /// ``readout(currents:inputs:variances:reads:threads:)`` takes.
    public func currents(_ inputs: SlicedInputs, threads: Int? = nil) throws -> Matrix<Float> {
        try checkInputs(inputs)
        var out = Matrix<Float>(rows: inputs.codes.rows, columns: sensedLevels.columns)
        GEMM.multiply(inputs.codes.view, sensedLevels.view, into: &out, threads: threads)
        return out
    }

    /// Sets each column's ADC range from a calibration batch, as the range policy says
    /// (a no-op for ``ADCRangePolicy/fixed``), from the noise-free sensed values (an SRAM
    /// array's bitline drops). Ranges are at least one level.
    public mutating func calibrate(with inputs: SlicedInputs, threads: Int? = nil) throws {
        let policy = adc.rangePolicy
        guard policy.needsCalibration else { return }
        let currents = try currents(inputs, threads: threads)
        let values = bitlineReadout?.sensedValues(currents, codes: inputs.codes) ?? currents
        let columns = values.columns
        var scale = [Float](repeating: 1, count: columns)
        var column = [Float](repeating: 0, count: values.rows)
        for c in 0..<columns {
            for r in 0..<values.rows { column[r] = abs(values[r, c]) }
            let range: Float
            let p = adc.rangePercentile
            if p >= 100 {
                range = column.max() ?? 0
            } else {
                column.sort()
                let rank = Int((p / 100 * Double(column.count)).rounded(.up))
                range = column.isEmpty ? 0 : column[min(column.count, max(1, rank)) - 1]
            }
            scale[c] = max(1, range)
        }
        setFullScale(scale)
    }

    /// The batch of vectors `inputs` through the array: GEMM, then ``readout(currents:inputs:variances:reads:inputGram:threads:)``.
    /// With `reads == nil` the reads are noise-free (no read noise, no ADC noise).
    public func multiply(_ inputs: SlicedInputs, reads: ReadRandomness?, threads: Int? = nil) throws -> MVMResult {
        let values = try currents(inputs, threads: threads)
        return try readout(currents: values.view, inputs: inputs, variances: nil, reads: reads, threads: threads)
    }

    /// Throws unless `inputs` drives this array's weight rows.
    func checkInputs(_ inputs: SlicedInputs) throws {
        guard inputs.rows == weights.weightRows else {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarCore", field: "inputs", expected: "vectors × \(weights.weightRows) (the weight rows)",
                actual: "\(inputs.vectors)×\(inputs.rows)")
        }
        guard inputs.slicing == slicing else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarCore", field: "inputs.slicing", value: "\(inputs.slicing.inputBits) bits / \(inputs.slicing.bitsPerSlice)-bit DAC",
                allowed: "the core's slicing (\(slicing.inputBits) bits / \(slicing.bitsPerSlice)-bit DAC)")
        }
    }
}
