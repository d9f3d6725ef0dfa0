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
    /// Sensed conductance in levels, weight rows × sensed columns: (G_eff[:, p] − G_eff[:, q])/Δ.
    public let sensedLevels: Matrix<Float>
    /// The read noise of the cells at the core's time, or `nil` when no cell is noisy.
    public let readNoise: ColumnReadNoise?
    /// Σ_j G_ij over every cell of each weight row, siemens (for the read energy Σ V²·G·t).
    public let rowConductanceSiemens: [Double]
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
        let effective = try IRDropSolver.effectiveConductance(conductance, wires: wires, threads: threads)
        let rows = weights.weightRows
        let sensed = weights.sensedColumns
        var levels = Matrix<Float>(rows: rows, columns: sensed)
        for i in 0..<rows {
            for c in 0..<sensed {
                levels[i, c] = Float((effective[i, weights.positiveColumn[c]] - effective[i, weights.negativeColumn[c]]) / step)
            }
        }
        readNoise = !drawsReadNoise ? nil : ColumnReadNoise(
            conductance: conductance, sigma: array.readNoiseStandardDeviationSiemens(atSeconds: atSeconds),
            accessTransistorOhms: wires.accessTransistorOhms, effective: wires.hasIdealWires ? nil : effective, step: step, weights: weights)
        rowConductanceSiemens = (0..<rows).map { i in
            (0..<array.columns).reduce(0) { $0 + wires.cellConductance(conductance[i, $1]) }
        }
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
        if !adc.rangePolicy.needsCalibration { setFullScale([Float](repeating: Float(fixedFullScale), count: sensed)) }
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
    /// (``WeightEncoding/fixedFullScale(arrayRows:maximumInputCode:)``).
    public var fixedFullScale: Int {
        weights.encoding.fixedFullScale(arrayRows: arrayRows, maximumInputCode: slicing.maximumCode)
    }

    /// ADC bits that make this ideal array exact under the fixed range.
    public var losslessADCBits: Int {
        weights.encoding.losslessADCBits(arrayRows: arrayRows, maximumInputCode: slicing.maximumCode)
    }

    /// Whether the ADC converts signed values (differential pairs).
    var convertsSigned: Bool { weights.encoding.sign == .differential }

    /// Noise-free sensed values of every slice: codes × ``sensedLevels``, (vectors·slices) × sensed columns.
    public func currents(_ inputs: SlicedInputs, threads: Int? = nil) throws -> Matrix<Float> {
        try checkInputs(inputs)
        var out = Matrix<Float>(rows: inputs.codes.rows, columns: weights.sensedColumns)
        GEMM.multiply(inputs.codes.view, sensedLevels.view, into: &out, threads: threads)
        return out
    }

    /// Sets each column's ADC range from a calibration batch, as the range policy says
    /// (a no-op for ``ADCRangePolicy/fixed``). Ranges are at least one level.
    public mutating func calibrate(with inputs: SlicedInputs, threads: Int? = nil) throws {
        let policy = adc.rangePolicy
        guard policy.needsCalibration else { return }
        let values = try currents(inputs, threads: threads)
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

    /// The batch of vectors `inputs` through the array: GEMM, then ``readout(currents:inputs:variances:reads:threads:)``.
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
