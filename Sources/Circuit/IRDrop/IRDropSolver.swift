import Numerics

/// Solves a crossbar's resistive network (cells, wire segments, access transistors; topology in
/// ``WireResistance``) exactly into an effective conductance matrix G_eff: with row voltages V
/// and columns held at virtual ground, the column currents are I = Vᵀ·G_eff.
///
/// The network is linear, so G_eff is exact and is computed once per programmed array; every
/// MVM is then one GEMM, as fast as without wire resistance.
///
/// Method (block Gaussian elimination along the array, exploiting the grid): eliminate each
/// column wire — a tridiagonal chain whose inverse is generated in O(rows²) (``ColumnLine``) —
/// to get the admittance Y_j it presents to the row nodes and its output functional h_j; the
/// row wires then couple consecutive columns through g_r·I, a block-tridiagonal system solved
/// from the open right end: P_{C−1} = g_r·(g_r I + Y_{C−1})⁻¹ and
/// P_j = g_r·(2 g_r I + Y_j − g_r P_{j+1})⁻¹, so that u_j = P_j·u_{j−1} with u_{−1} = V.
/// Then G_eff[:, k] = P_0 P_1 ⋯ P_k h_k, accumulated in the same right-to-left sweep. The
/// blocks are oriented along the shorter side (reciprocity turns a tall array into a wide
/// one), so the cost is about 1.1·min(R, C)³·max(R, C) + R²C² flops in double precision, nearly all
/// in matrix multiplies. Ideal wires return the cells unchanged; a zero-resistance row or column
/// wire reduces the problem to independent 1-D chains solved in O(R·C).
///
/// The same sweep gives the driving-point admittance Y of the row drivers
/// (``effectiveConductanceAndAdmittance(_:wires:threads:)``), which prices the read power.
public enum IRDropSolver {
    /// G_eff (rows × columns, siemens) of cells with conductances `conductanceSiemens`
    /// (rows × columns, row-major) wired as `wires` describes.
    public static func effectiveConductance(
        _ conductanceSiemens: Matrix<Double>, wires: WireResistance, threads: Int? = nil
    ) throws -> Matrix<Double> {
        try solve(conductanceSiemens, wires: wires, admittance: false, threads: threads).effective
    }

    /// G_eff as ``effectiveConductance(_:wires:threads:)`` gives it, and the network's
    /// driving-point admittance Y (rows × rows, siemens, symmetric): with row voltages V and the
    /// columns at virtual ground, the row drivers deliver the currents Y·V and the power Vᵀ·Y·V —
    /// every cell, access transistor and wire segment's dissipation (``ArrayReadPower``).
    ///
    /// Y = g_r·(I − g_r·M_0⁻¹) from the block sweep's first block (u_0 = g_r·M_0⁻¹·V, and each driver
    /// sources g_r·(V − u_0)); with ideal column wires each row is a chain and Y is diagonal,
    /// g_r·A_0/(g_r + A_0) with A_0 the admittance of the chain behind its first segment; with
    /// ideal row wires Y = Σ_j (D_j − D_j·T_j⁻¹·D_j); with ideal wires Y = diag(Σ_j G_ij). Tall arrays
    /// (rows > columns) are swept along their rows for Y (the reciprocal sweep gives the admittance
    /// at the columns instead), about rows/columns times the cost of G_eff alone.
    public static func effectiveConductanceAndAdmittance(
        _ conductanceSiemens: Matrix<Double>, wires: WireResistance, threads: Int? = nil
    ) throws -> (effective: Matrix<Double>, admittance: Matrix<Double>) {
        let solution = try solve(conductanceSiemens, wires: wires, admittance: true, threads: threads)
        return (solution.effective, solution.admittance!)
    }

    /// G_eff and, with `admittance`, Y.
    private static func solve(
        _ conductanceSiemens: Matrix<Double>, wires: WireResistance, admittance: Bool, threads: Int?
    ) throws -> (effective: Matrix<Double>, admittance: Matrix<Double>?) {
        let rows = conductanceSiemens.rows
        let columns = conductanceSiemens.columns
        guard rows > 0, columns > 0 else {
            throw CircuitError.shapeMismatch(
                owner: "IRDropSolver", field: "conductanceSiemens", expected: "at least 1×1", actual: "\(rows)×\(columns)")
        }
        var cells = conductanceSiemens.elements
        for (index, g) in cells.enumerated() where !(g.isFinite && g >= 0) {
            throw CircuitError.invalidParameter(
                owner: "IRDropSolver", field: "conductanceSiemens[\(index / columns)][\(index % columns)]", value: "\(g)",
                allowed: "a finite conductance ≥ 0 S")
        }
        if wires.accessTransistorOhms > 0 {
            for index in cells.indices { cells[index] = wires.cellConductance(cells[index]) }
        }
        let rowOhms = wires.rowOhmsPerSegment
        let columnOhms = wires.columnOhmsPerSegment
        let result: [Double]
        var driving: [Double]?
        switch (rowOhms > 0, columnOhms > 0) {
        case (false, false):
            result = cells
            if admittance {
                var diagonal = [Double](repeating: 0, count: rows * rows)
                for i in 0..<rows { diagonal[i * rows + i] = (0..<columns).reduce(0) { $0 + cells[i * columns + $1] } }
                driving = diagonal
            }
        case (true, false):
            (result, driving) = rowChains(cells, rows: rows, columns: columns, rowSiemens: 1 / rowOhms, admittance: admittance)
        case (false, true):
            (result, driving) = columnChains(cells, rows: rows, columns: columns, columnSiemens: 1 / columnOhms, admittance: admittance)
        case (true, true):
            if rows <= columns || admittance {
                (result, driving) = try blockSweep(
                    cells, rows: rows, columns: columns, rowSiemens: 1 / rowOhms, columnSiemens: 1 / columnOhms,
                    admittance: admittance, threads: threads)
            } else {
                result = try transposedSweep(
                    cells, rows: rows, columns: columns, rowOhms: rowOhms, columnOhms: columnOhms, threads: threads)
            }
        }
        return (
            Matrix(rows: rows, columns: columns, elements: result),
            driving.map { Matrix(rows: rows, columns: rows, elements: $0) }
        )
    }

    // MARK: One-dimensional cases

    /// Ideal column wires: each row is a chain driven at its left end, leaking G_ij to ground at
    /// every node. From the right: e_{C−1} = G/(g + G), e_j = (G_j + g·e_{j+1})/(g + G_j + g·e_{j+1})
    /// with p_j = 1 − e_j, and G_eff[i, j] = G_ij·p_0⋯p_j. With `admittance`, also the diagonal Y
    /// (rows × rows): Y_ii = g·e_0 (the first segment in series with the rest of the chain).
    private static func rowChains(
        _ cells: [Double], rows: Int, columns: Int, rowSiemens g: Double, admittance: Bool
    ) -> ([Double], [Double]?) {
        var result = [Double](repeating: 0, count: rows * columns)
        var driving = admittance ? [Double](repeating: 0, count: rows * rows) : nil
        var transfer = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            var excess = 0.0
            for j in stride(from: columns - 1, through: 0, by: -1) {
                let cell = cells[i * columns + j]
                let load = cell + g * excess
                excess = load / (g + load)
                transfer[j] = g / (g + load)
            }
            driving?[i * rows + i] = g * excess
            var voltage = 1.0
            for j in 0..<columns {
                voltage *= transfer[j]
                result[i * columns + j] = cells[i * columns + j] * voltage
            }
        }
        return (result, driving)
    }

    /// Ideal row wires: every row node sits at its input voltage, and column j delivers
    /// I_j = g_c·w_{R−1,j} with w_j = T_j⁻¹·D_j·V, so G_eff[i, j] = g_c·G_ij·(T_j⁻¹)_{i,R−1}. With
    /// `admittance`, also Y = Σ_j (D_j − D_j·T_j⁻¹·D_j) (rows × rows), O(rows²) per column.
    private static func columnChains(
        _ cells: [Double], rows: Int, columns: Int, columnSiemens g: Double, admittance: Bool
    ) -> ([Double], [Double]?) {
        var result = [Double](repeating: 0, count: rows * columns)
        var driving = admittance ? [Double](repeating: 0, count: rows * rows) : nil
        var column = [Double](repeating: 0, count: rows)
        var inverse = [Double](repeating: 0, count: rows)
        for j in 0..<columns {
            for i in 0..<rows { column[i] = cells[i * columns + j] }
            let line = column.withUnsafeBufferPointer { ColumnLine(cells: $0, segmentSiemens: g) }
            inverse.withUnsafeMutableBufferPointer { line.inverseColumn(rows - 1, into: $0.baseAddress!) }
            for i in 0..<rows { result[i * columns + j] = g * column[i] * inverse[i] }
            if driving != nil {
                for k in 0..<rows where column[k] > 0 {
                    inverse.withUnsafeMutableBufferPointer { line.inverseColumn(k, into: $0.baseAddress!) }
                    for i in 0..<rows { driving![i * rows + k] -= column[i] * inverse[i] * column[k] }
                    driving![k * rows + k] += column[k]
                }
            }
        }
        return (result, driving)
    }

    // MARK: General case

    /// The block sweep (blocks of size `rows`, one per column; cheapest for rows ≤ columns), and
    /// with `admittance` Y = g_r·(I − g_r·M_0⁻¹) (rows × rows).
    ///
    /// With two or more threads, step j runs as two tasks that meet once: one forms and inverts
    /// the next block M_{j−1} (it needs only M_j⁻¹) and takes the first columns of
    /// Z_j = g_r·M_j⁻¹·[h_j | Z_{j+1}]; the other takes the remaining columns, as many as
    /// balance the two by their flop counts. A single barrier per column keeps the sweep efficient
    /// when the machine is shared. Each element is computed the same way whatever the split.
    private static func blockSweep(
        _ cells: [Double], rows n: Int, columns: Int, rowSiemens gr: Double, columnSiemens gc: Double, admittance: Bool,
        threads: Int?
    ) throws -> ([Double], [Double]?) {
        let inverse = UnsafeMutablePointer<Double>.allocate(capacity: n * n)  // M_j⁻¹
        let block = UnsafeMutablePointer<Double>.allocate(capacity: n * n)  // M_{j−1}, then M_{j−1}⁻¹
        let current = UnsafeMutablePointer<Double>.allocate(capacity: n * columns)  // [h_j | Z_{j+1}] in columns j..<C
        let next = UnsafeMutablePointer<Double>.allocate(capacity: n * columns)  // Z_j, and h_{j−1} in column j − 1
        current.initialize(repeating: 0, count: n * columns)
        next.initialize(repeating: 0, count: n * columns)
        let flag = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        flag.initialize(to: true)
        defer {
            inverse.deallocate()
            block.deallocate()
            current.deallocate()
            next.deallocate()
            flag.deallocate()
        }
        let workers = max(1, threads ?? Parallel.defaultThreadCount)
        let pipelined = workers > 1 && n >= 64
        let sweep = ColumnSweep(cells: cells, rows: n, columns: columns, rowSiemens: gr, columnSiemens: gc)
        guard sweep.prepare(column: columns - 1, previousInverse: nil, into: inverse, h: current, threads: threads) else {
            throw nonPositiveDefinite(column: columns - 1)
        }
        // Flops of forming and inverting one block, about 1.1n³ + 10n²; of one column of Z_j, 2n².
        let preparation = 1.1 * Double(n) * Double(n) * Double(n) + 10 * Double(n) * Double(n)
        let perColumn = 2 * Double(n) * Double(n)
        var buffers = (inverse: inverse, block: block, current: current, next: next)
        for j in stride(from: columns - 1, through: 0, by: -1) {
            let width = columns - j
            let balanced = Int(((Double(width) * perColumn + preparation) / (2 * perColumn)).rounded())
            let second = pipelined ? min(width, balanced) : width
            let first = width - second
            let shared = UncheckedSendable((buffers, flag))
            let taskThreads = pipelined ? 1 : threads
            let task: @Sendable (Int) -> Void = { task in
                let ((inverse, block, current, next), flag) = shared.value
                if task == 0 {
                    if j > 0 {
                        flag.pointee = sweep.prepare(
                            column: j - 1, previousInverse: inverse, into: block, h: next, threads: taskThreads)
                    }
                    sweep.accumulate(from: j, count: first, inverse: inverse, current: current, next: next, threads: taskThreads)
                } else {
                    sweep.accumulate(
                        from: j + first, count: second, inverse: inverse, current: current, next: next, threads: taskThreads)
                }
            }
            if pipelined {
                Parallel.forEach(2, threads: 2, task)
            } else {
                task(1)
                task(0)
            }
            guard flag.pointee else { throw nonPositiveDefinite(column: j - 1) }
            buffers = (inverse: buffers.block, block: buffers.inverse, current: buffers.next, next: buffers.current)
        }
        // After the last swap `block` holds M_0⁻¹.
        let driving = admittance ? (0..<(n * n)).map { index in
            (index / n == index % n ? gr : 0) - gr * gr * buffers.block[index]
        } : nil
        return (Array(UnsafeBufferPointer(start: buffers.current, count: n * columns)), driving)
    }

    /// The error for a block that failed to invert (non-finite or negative conductances).
    private static func nonPositiveDefinite(column: Int) -> CircuitError {
        CircuitError.invalidParameter(
            owner: "IRDropSolver", field: "conductanceSiemens", value: "column \(column)",
            allowed: "a network whose nodal matrix is positive definite (finite, non-negative conductances)")
    }

    /// Tall arrays (rows > columns), solved as the reciprocal wide problem: drive the column
    /// terminals and sense the row terminals. Cell (i, j) moves to (C−1−j, R−1−i), the wire
    /// resistances swap, and G_eff[i, j] = G′_eff[C−1−j, R−1−i].
    private static func transposedSweep(
        _ cells: [Double], rows: Int, columns: Int, rowOhms: Double, columnOhms: Double, threads: Int?
    ) throws -> [Double] {
        var flipped = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { flipped[(columns - 1 - j) * rows + (rows - 1 - i)] = cells[i * columns + j] }
        }
        let (solved, _) = try blockSweep(
            flipped, rows: columns, columns: rows, rowSiemens: 1 / columnOhms, columnSiemens: 1 / rowOhms, admittance: false,
            threads: threads)
        var result = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { result[i * columns + j] = solved[(columns - 1 - j) * rows + (rows - 1 - i)] }
        }
        return result
    }
}

/// The per-column steps of ``IRDropSolver``'s block sweep over one wide array (rows ≤ columns).
private struct ColumnSweep: Sendable {
    let cells: [Double]
    let rows: Int
    let columns: Int
    let rowSiemens: Double
    let columnSiemens: Double

    /// Forms M_j = g_r·(1 or 2)·I + Y_j − g_r²·M_{j+1}⁻¹ (that is, − g_r·P_{j+1}) with
    /// Y_j = D − D·T⁻¹·D into `block` and inverts it; writes h_j = g_c·D·T⁻¹·e_{R−1} into column j
    /// of `h` (row stride `columns`). Returns `false` if the block is not positive definite.
    func prepare(
        column j: Int, previousInverse: UnsafeMutablePointer<Double>?, into block: UnsafeMutablePointer<Double>,
        h: UnsafeMutablePointer<Double>, threads: Int?
    ) -> Bool {
        let n = rows
        let coupling = rowSiemens * rowSiemens
        let rowDiagonal = rowSiemens * (j < columns - 1 ? 2 : 1)
        let g = (0..<n).map { cells[$0 * columns + j] }
        let line = g.withUnsafeBufferPointer { ColumnLine(cells: $0, segmentSiemens: columnSiemens) }
        let shared = UncheckedSendable((block, previousInverse))
        // Row k of M (M, Y and P are symmetric, so row k is column k).
        Parallel.forEachChunk(n, chunkSize: 32, threads: n < 128 ? 1 : threads) { rows in
            let (block, previous) = shared.value
            let inverse = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { inverse.deallocate() }
            for k in rows {
                line.inverseColumn(k, into: inverse)
                let row = block + k * n
                let gk = g[k]
                if let previous {
                    let previousRow = previous + k * n
                    for i in 0..<n { row[i] = -g[i] * inverse[i] * gk - coupling * previousRow[i] }
                } else {
                    for i in 0..<n { row[i] = -g[i] * inverse[i] * gk }
                }
                row[k] += gk + rowDiagonal
            }
        }
        let last = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { last.deallocate() }
        line.inverseColumn(n - 1, into: last)
        for i in 0..<n { h[i * columns + j] = columnSiemens * g[i] * last[i] }
        return DoubleKernels.invertSymmetricPositiveDefinite(block, n: n, ld: n, threads: threads)
    }

    /// Columns `first..<first + count` of Z_j = g_r·M_j⁻¹·[h_j | Z_{j+1}] (read from `current`,
    /// written to `next`, both with row stride `columns`).
    func accumulate(
        from first: Int, count: Int, inverse: UnsafeMutablePointer<Double>, current: UnsafeMutablePointer<Double>,
        next: UnsafeMutablePointer<Double>, threads: Int?
    ) {
        guard count > 0 else { return }
        DoubleKernels.multiply(
            m: rows, n: count, k: rows, alpha: rowSiemens, a: inverse, lda: rows, b: current + first, ldb: columns,
            beta: 0, c: next + first, ldc: columns, threads: threads)
    }
}
