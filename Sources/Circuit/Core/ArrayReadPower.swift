import Numerics

/// The power an array draws from its row drivers while it is read, and so its read energy.
///
/// The array is a linear resistive network (cells, access transistors, row and column wire
/// segments; ``WireResistance``) driven by row voltages V with the columns at virtual ground, so
/// the drivers deliver P = Vᵀ·Y·V, Y the driving-point admittance of the network at the row
/// drivers (``IRDropSolver/effectiveConductanceAndAdmittance(_:wires:threads:)``). By Tellegen's
/// theorem P is the sum of I²R over every element: the cells' dissipation at the voltages they
/// actually see and the wires' I²R. With ideal wires Y = diag(Σ_j G_ij) and P = Σ_i V_i²·Σ_j G_ij
/// (with the access transistor in series, G/(1 + G·R_access) per cell). Wire resistance lowers
/// P (a network with more series resistance draws less at the same voltages): the wires'
/// I²R is less than the cells' lost dissipation.
///
/// Over a batch of slices with DAC codes c_s (row voltages c_s·Δ, Δ = V_read/(2^d − 1)) each
/// read for t, the energy is Δ²·t·Σ_s c_sᵀ·Y·c_s = Δ²·t·Σ_ik Y_ik·Γ_ik with Γ = Σ_s c_s·c_sᵀ, the
/// codes' Gram matrix (``inputGram(_:threads:)``, exact integers), which
/// every array sharing the batch's rows reuses. With ideal wires only Γ's diagonal (the squared
/// code sums of ``SlicedInputs``) is needed.
public struct ArrayReadPower: Sendable {
    /// Y over the weight rows, siemens.
    enum Admittance: Sendable {
        /// Ideal wires: Y_ii = Σ_j G_ij over every cell of row i.
        case diagonal([Double])
        /// Resistive wires: the full (weight rows × weight rows) matrix.
        case full(Matrix<Double>)
    }

    /// The admittance the energy is priced with.
    let admittance: Admittance

    /// The read power of `rows` weight rows of cells `conductanceSiemens` (siemens, rows ×
    /// columns of the whole array) wired as `wires`; `admittance` is the solver's Y of the whole
    /// array, required unless the wires are ideal.
    init(conductanceSiemens: Matrix<Double>, wires: WireResistance, admittance: Matrix<Double>?, rows: Int) {
        if let admittance, !wires.hasIdealWires {
            var block = Matrix<Double>(rows: rows, columns: rows)
            for i in 0..<rows {
                for k in 0..<rows { block[i, k] = admittance[i, k] }
            }
            self.admittance = .full(block)
        } else {
            self.admittance = .diagonal(
                (0..<rows).map { i in
                    (0..<conductanceSiemens.columns).reduce(0) { $0 + wires.cellConductance(conductanceSiemens[i, $1]) }
                })
        }
    }

    /// Whether the energy needs the inputs' Gram matrix (resistive wires).
    public var needsInputGram: Bool {
        if case .full = admittance { return true }
        return false
    }

    /// The energy of reading every slice of `inputs` for `pulseSeconds` each with code step
    /// `codeStepVolts`, joules. `inputGram` is ``inputGram(_:threads:)`` of `inputs` if the caller
    /// has it (it is computed when needed otherwise).
    public func energyJoules(
        _ inputs: SlicedInputs, inputGram: Matrix<Double>?, codeStepVolts: Double, pulseSeconds: Double
    ) -> Double {
        let power: Double  // Σ_s c_sᵀ·Y·c_s, siemens
        switch admittance {
        case .diagonal(let rowConductance):
            power = zip(rowConductance, inputs.squaredCodeSums).reduce(0) { $0 + $1.0 * $1.1 }
        case .full(let y):
            let gram = inputGram ?? Self.inputGram(inputs, threads: 1)
            var sum = 0.0
            for (a, b) in zip(y.elements, gram.elements) { sum += a * b }
            power = sum
        }
        return power * codeStepVolts * codeStepVolts * pulseSeconds
    }

    /// Γ = Σ_s c_s·c_sᵀ over every slice of `inputs` (rows × rows), exact. Binary codes (1-bit
    /// DACs) are packed as one bit set over the slices per row, Γ_ik = popcount(b_i ∧ b_k), about 64
    /// slices per word operation; wider codes go through single-precision GEMMs (codesᵀ·codes) over
    /// blocks of at most 2^24/(2^d − 1)² slices, whose integer entries stay below 2^24, accumulated
    /// in double precision.
    public static func inputGram(_ inputs: SlicedInputs, threads: Int? = nil) -> Matrix<Double> {
        inputs.slicing.maximumCode == 1 ? binaryGram(inputs) : blockedGram(inputs, threads: threads)
    }

    /// Γ of 0/1 codes by popcounts of the rows' bit sets over the slices.
    private static func binaryGram(_ inputs: SlicedInputs) -> Matrix<Double> {
        let rows = inputs.rows
        let count = inputs.codes.rows
        let words = (count + 63) / 64
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: rows * words)
        defer { bits.deallocate() }
        bits.initialize(repeating: 0, count: rows * words)
        inputs.codes.withUnsafeBufferPointer { codes in
            let source = codes.baseAddress!
            for r in 0..<count {
                let column = bits + (r >> 6)
                let shift = UInt64(r & 63)
                let slice = source + r * rows
                for i in 0..<rows { column[i * words] |= UInt64(slice[i] != 0 ? 1 : 0) << shift }
            }
        }
        let driven = (0..<rows).filter { i in (0..<words).contains { bits[i * words + $0] != 0 } }
        var gram = Matrix<Double>(rows: rows, columns: rows)
        gram.withUnsafeMutableBufferPointer { out in
            for (position, i) in driven.enumerated() {
                let a = bits + i * words
                for k in driven[...position] {
                    let b = bits + k * words
                    var common = 0
                    for w in 0..<words { common += (a[w] & b[w]).nonzeroBitCount }
                    out[i * rows + k] = Double(common)
                    out[k * rows + i] = Double(common)
                }
            }
        }
        return gram
    }

    /// Γ by single-precision GEMMs over blocks of slices that keep every entry below 2^24.
    private static func blockedGram(_ inputs: SlicedInputs, threads: Int?) -> Matrix<Double> {
        let rows = inputs.rows
        let count = inputs.codes.rows
        let largest = Double(inputs.slicing.maximumCode)
        let exactSlices = max(1, Int(Double(1 << 24) / (largest * largest)))
        var gram = Matrix<Double>(rows: rows, columns: rows)
        var partial = [Float](repeating: 0, count: rows * rows)
        inputs.codes.withUnsafeBufferPointer { codes in
            gram.withUnsafeMutableBufferPointer { sum in
                partial.withUnsafeMutableBufferPointer { block in
                    for start in stride(from: 0, to: count, by: exactSlices) {
                        let slices = codes.baseAddress! + start * rows
                        GEMM.sgemm(
                            transposeA: true, transposeB: false, m: rows, n: rows, k: min(exactSlices, count - start), alpha: 1,
                            a: slices, lda: rows, b: slices, ldb: rows, beta: 0, c: block.baseAddress!, ldc: rows, threads: threads)
                        for e in 0..<(rows * rows) { sum[e] += Double(block[e]) }
                    }
                }
            }
        }
        return gram
    }
}
