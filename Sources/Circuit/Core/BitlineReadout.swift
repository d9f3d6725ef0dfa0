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
///   ΔG = G_on − G_off, the column current is x_j = I_j/I_unit = Σ_i a_i·G_ij/ΔG: the core's one
///   GEMM of codes with G/ΔG, as for a resistive array but with no IR drop (the cells are current
///   sources, not resistors; the core refuses wire or access-transistor resistance for them).
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
    /// The physical columns whose bitlines are read, in the order of the core's GEMM columns:
    /// each sensed column's positive column, then the distinct negative columns.
    public let physicalColumns: [Int]
    /// For each sensed column, the position in ``physicalColumns`` of its negative bitline.
    public let negativeIndex: [Int]
    /// x_lin in `Float`: column currents up to it read back exactly.
    private let linearLimit: Float

    /// The read path of an array of `device` cells sensed as `weights` are, with level step
    /// ΔG = `levelStepSiemens`, DAC codes up to `maximumCode` and `arrayRows` cells per bitline.
    init(device: SRAMDevice, weights: EncodedWeights, levelStepSiemens: Double, maximumCode: Int, arrayRows: Int) {
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

    /// One slice's sensed values from its bitline currents: `currents` holds x_j for every column
    /// of ``physicalColumns`` (levels); each drop goes to `drops`, each sensed column's
    /// difference of drops to `sensed`. Returns Σ_j of the drops (levels).
    @inline(__always)
    func sense(_ currents: UnsafePointer<Float>, drops: UnsafeMutablePointer<Float>, into sensed: UnsafeMutablePointer<Float>) -> Double {
        var total = 0.0
        for j in 0..<physicalColumns.count {
            let drop = singlePrecisionLevels(currents[j])
            drops[j] = drop
            total += Double(drop)
        }
        for c in 0..<negativeIndex.count { sensed[c] = drops[c] - drops[negativeIndex[c]] }
        return total
    }

    /// Every row of `currents` (rows × ``physicalColumns``, levels) sensed: rows × sensed columns.
    func sensedValues(_ currents: Matrix<Float>) -> Matrix<Float> {
        var out = Matrix<Float>(rows: currents.rows, columns: negativeIndex.count)
        var drops = [Float](repeating: 0, count: physicalColumns.count)
        currents.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { destination in
                drops.withUnsafeMutableBufferPointer { drops in
                    for r in 0..<currents.rows {
                        _ = sense(
                            source.baseAddress! + r * currents.columns, drops: drops.baseAddress!,
                            into: destination.baseAddress! + r * negativeIndex.count)
                    }
                }
            }
        }
        return out
    }
}
