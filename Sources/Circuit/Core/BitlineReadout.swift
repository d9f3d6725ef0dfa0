import Device
import Numerics

/// How an SRAM array's columns are read: each bitline is a precharged capacitor that the cells
/// of the driven rows discharge as current sources (``BitlineDischarge``; J. Zhang, Z. Wang &
/// N. Verma, IEEE JSSC 52, 915, 2017), and the ADC senses the bitline's voltage drop ΔV.
///
/// - **Cell currents.** Per input slice and physical column j the saturated read currents of the
///   driven rows add: I_j = Σ_i a_i/(2^d − 1)·I_ij, with a_i the row's DAC code and I_ij the
///   cell's read current (``SRAMDevice/cellCurrentAmperes(of:)``: its mismatch included, the
///   leakage for a 0). The row DAC scales its cells' current linearly in the code, as Zhang, Wang
///   & Verma's word-line DAC does by setting the word-line voltage through a replica bit-cell
///   (idealised here as exactly linear; with 1-bit DACs, as ISAAC's, a row is on or off). In
///   units of one level step driven by one code step, I_unit = ΔG·V_read/(2^d − 1) with
///   ΔG = G_on − G_off, the column current is x_j = I_j/I_unit = Σ_i a_i·G_ij/ΔG, with no IR drop
///   (the cells are current sources, not resistors; the core refuses wire or access-transistor
///   resistance for them). The core's one GEMM gives, per slice, each sensed column's difference
///   x_p − x_q (as for a resistive array with ideal wires) followed by the currents x_q of the
///   distinct negative bitlines (``gemmOperand(conductance:)``).
/// - **Discharge.** After the read pulse t the bitline has dropped by ΔV_j =
///   ``BitlineDischarge/swing(totalSaturatedCurrentAmperes:afterSeconds:)`` of I_j, compression
///   included. The digital side reads a drop back as a level sum with the linear model,
///   ΔV/ΔV_unit with ΔV_unit = I_unit·t/C, so that compression shows up as error:
///   ``levels(_:)`` is the identity (exactly) up to x_lin = C·(V_pre − V_dsat)/(I_unit·t) and
///   falls below it beyond, saturating at V_pre/ΔV_unit.
/// - **Sensing.** A sensed column is the difference of the drops of its two bitlines (its G⁺/G⁻
///   pair, or a data column and the offset scheme's reference column), one ADC input in level
///   units. Under the fixed range policy the ADC's range is the drop of the column's full scale,
///   levels(F) (the core sets it), so a compressed full scale shrinks the LSB rather than clips.
///   Read noise, where a preset has any, is added at the ADC input as for resistive arrays (its
///   compression is neglected: first order in the linear region).
/// - **Speed.** A slice whose bitlines are all linear reads the GEMM's differences unchanged;
///   whether it is follows from one dot product of its codes with each row's largest cell,
///   Σ_i a_i·max_j G_ij/ΔG ≥ every x_j (to `Float` rounding), so the discharge's closed form is
///   evaluated only for slices that may compress.
/// - **Energy.** Every read bitline is recharged after each converted slice, C·V_pre·ΔV_j, and
///   the cells on it leak for the pulse, rows·I_leak·V_pre·t
///   (``BitlineDischarge/energyJoules(swingVolts:cells:seconds:)``): not V²·G·t.
public struct BitlineReadout: Sendable {
    /// The bitline every column discharges.
    public let bitline: BitlineDischarge
    /// t, the read (word-line) pulse, seconds.
    public let pulseSeconds: Double
    /// I_unit, the current of one level step driven by one DAC code step, amperes.
    public let unitAmperes: Double
    /// Cells on each bitline (the array's rows), all of which leak during a read.
    public let cellsPerBitline: Int
    /// The physical columns whose bitlines are read: each sensed column's positive column, then
    /// the distinct negative columns (the GEMM's columns from the sensed count on).
    public let physicalColumns: [Int]
    /// For each sensed column, the position in ``physicalColumns`` of its negative bitline.
    public let negativeIndex: [Int]
    /// Σ_j G_ij/ΔG over the read bitlines, per weight row (the drops of a linear slice add up to
    /// its codes' dot product with it).
    let rowTotal: [Float]
    /// max_j G_ij/ΔG over the read bitlines, per weight row (a bound on every bitline's current).
    let rowLargest: [Float]
    /// x_lin in `Float`: column currents up to it read back exactly.
    private let linearLimit: Float

    /// The read path of an array of `device` cells of conductance `conductance` (siemens) sensed
    /// as `weights` are, with level step ΔG = `levelStepSiemens`, DAC codes up to `maximumCode`
    /// and `arrayRows` cells per bitline.
    init(
        device: SRAMDevice, weights: EncodedWeights, conductance: Matrix<Double>, levelStepSiemens: Double, maximumCode: Int,
        arrayRows: Int
    ) {
        bitline = device.bitline
        pulseSeconds = device.readPulseSeconds
        unitAmperes = levelStepSiemens * device.readVoltageVolts / Double(maximumCode)
        cellsPerBitline = arrayRows
        var columns = weights.positiveColumn
        var negative: [Int] = []
        for column in weights.negativeColumn {
            if let known = columns.firstIndex(of: column) {
                negative.append(known)
            } else {
                negative.append(columns.count)
                columns.append(column)
            }
        }
        physicalColumns = columns
        negativeIndex = negative
        let cells = (0..<weights.weightRows).map { i in columns.map { Float(conductance[i, $0] / levelStepSiemens) } }
        rowTotal = cells.map { $0.reduce(0, +) }
        rowLargest = cells.map { $0.max() ?? 0 }
        let limit = device.bitline.linearSeconds(totalSaturatedCurrentAmperes: unitAmperes) / device.readPulseSeconds
        // The largest Float not above x_lin, so that every value let through is linear.
        let rounded = Float(limit)
        linearLimit = Double(rounded) > limit ? rounded.nextDown : rounded
    }

    /// ΔV_unit = I_unit·t/C, the drop of one level step in the linear region, volts.
    public var unitSwingVolts: Double { unitAmperes * pulseSeconds / bitline.capacitanceFarads }

    /// x_lin = C·(V_pre − V_dsat)/(I_unit·t): the largest column current, in levels, that
    /// discharges its bitline without compression.
    public var linearLevels: Double { bitline.linearSeconds(totalSaturatedCurrentAmperes: unitAmperes) / pulseSeconds }

    /// A bitline's drop read back as levels, ΔV(x·I_unit)/ΔV_unit, for a column current of `x`
    /// levels: `x` itself up to ``linearLevels``, less above.
    public func levels(_ x: Double) -> Double {
        guard x > linearLevels else { return x }
        return bitline.swing(totalSaturatedCurrentAmperes: x * unitAmperes, afterSeconds: pulseSeconds) / unitSwingVolts
    }

    /// ``levels(_:)`` in single precision, the readout's: `x` unchanged while linear.
    @inline(__always)
    func singlePrecisionLevels(_ x: Float) -> Float {
        x <= linearLimit ? x : Float(levels(Double(x)))
    }

    /// Energy of reads whose bitline drops add up to `levelSum` levels over `bitlineReads` bitline
    /// reads (read bitlines × converted slices): C·V_pre·ΔV_unit·levelSum plus
    /// bitlineReads·rows·I_leak·V_pre·t, joules.
    public func energyJoules(levelSum: Double, bitlineReads: Int) -> Double {
        bitline.energyJoules(swingVolts: levelSum * unitSwingVolts, cells: bitlineReads * cellsPerBitline, seconds: pulseSeconds)
    }

    /// The core's GEMM operand, weight rows × ``physicalColumns``, levels: (G_ip − G_iq)/ΔG for
    /// each sensed column (p, q), then G_iq/ΔG for each distinct negative bitline q.
    func gemmOperand(conductance: Matrix<Double>, weights: EncodedWeights, levelStepSiemens: Double) -> Matrix<Float> {
        let sensed = weights.sensedColumns
        return Matrix(rows: weights.weightRows, columns: physicalColumns.count) { i, k in
            let g = k < sensed ? conductance[i, weights.positiveColumn[k]] - conductance[i, weights.negativeColumn[k]] : conductance[i, physicalColumns[k]]
            return Float(g / levelStepSiemens)
        }
    }

    /// One slice's sensed values: `currents` is its row of the GEMM (``gemmOperand(conductance:weights:levelStepSiemens:)``),
    /// `codes` its `rows` DAC codes. Returns where the sensed values are — `currents` itself when
    /// every bitline is linear, else `sensed`, filled with each column's difference of drops
    /// (`drops` is scratch, one per negative bitline) — and Σ_j of the bitlines' drops (levels).
    @inline(__always)
    func sense(
        _ currents: UnsafePointer<Float>, codes: UnsafePointer<Float>, rows: Int, drops: UnsafeMutablePointer<Float>,
        into sensed: UnsafeMutablePointer<Float>
    ) -> (values: UnsafePointer<Float>, levelSum: Double) {
        let (largest, total) = rowTotal.withUnsafeBufferPointer { totals in
            rowLargest.withUnsafeBufferPointer { largest in dots(codes, totals.baseAddress!, largest.baseAddress!, count: rows) }
        }
        if largest <= linearLimit { return (currents, Double(total)) }
        let columns = negativeIndex.count
        var sum = 0.0
        for k in columns..<physicalColumns.count {
            drops[k - columns] = singlePrecisionLevels(currents[k])
            sum += Double(drops[k - columns])
        }
        for c in 0..<columns {
            let negative = currents[negativeIndex[c]]
            let positive = currents[c] + negative
            let drop = positive <= linearLimit ? positive : singlePrecisionLevels(positive)
            sensed[c] = positive <= linearLimit && negative <= linearLimit ? currents[c] : drop - drops[negativeIndex[c] - columns]
            sum += Double(drop)
        }
        return (UnsafePointer(sensed), sum)
    }

    /// Every row of `currents` (its GEMM rows for `codes`, one row of codes each) sensed: rows × sensed columns.
    func sensedValues(_ currents: Matrix<Float>, codes: Matrix<Float>) -> Matrix<Float> {
        let columns = negativeIndex.count
        var out = Matrix<Float>(rows: currents.rows, columns: columns)
        var drops = [Float](repeating: 0, count: physicalColumns.count - columns)
        var row = [Float](repeating: 0, count: columns)
        let width = codes.columns
        currents.withUnsafeBufferPointer { source in
            codes.withUnsafeBufferPointer { codes in
                drops.withUnsafeMutableBufferPointer { drops in
                    row.withUnsafeMutableBufferPointer { row in
                        for r in 0..<currents.rows {
                            let (values, _) = sense(
                                source.baseAddress! + r * currents.columns, codes: codes.baseAddress! + r * width,
                                rows: width, drops: drops.baseAddress!, into: row.baseAddress!)
                            for c in 0..<columns { out[r, c] = values[c] }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// (Σ_i a_i·b_i, Σ_i a_i·t_i): the codes `a`'s dot products with each row's largest cell `b` and
/// its total `t`, eight rows at a time.
@inline(__always)
private func dots(_ a: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (Float, Float) {
    var bound = SIMD8<Float>()
    var total = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        bound.addProduct(x, UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
        total.addProduct(x, UnsafeRawPointer(t + i).loadUnaligned(as: SIMD8<Float>.self))
        i &+= 8
    }
    var largest = bound.sum()
    var sum = total.sum()
    while i < count {
        largest += a[i] * b[i]
        sum += a[i] * t[i]
        i &+= 1
    }
    return (largest, sum)
}
