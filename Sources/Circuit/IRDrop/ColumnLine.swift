/// One column wire with its cells, seen as the tridiagonal conductance matrix T = L + diag(G)
/// of its nodes 0…n−1 (top, open, to bottom, grounded through one more segment).
///
/// T has diagonal a_i = G_i + g·[i > 0] + g and off-diagonals −g, where g is the segment
/// conductance. Its inverse is generated from the top-down and bottom-up pivots of Gaussian
/// elimination: for i < k, (T⁻¹)_ik = (T⁻¹)_{i+1,k}·g/δ_i; for i > k, (T⁻¹)_ik = (T⁻¹)_{i−1,k}·g/η_i.
/// Pivots are kept as their excess over g, so no step subtracts nearly equal numbers.
struct ColumnLine {
    /// Segment conductance g, siemens.
    let segmentSiemens: Double
    /// Top-down pivots δ_i.
    private(set) var down: [Double]
    /// Bottom-up pivots η_i.
    private(set) var up: [Double]
    /// Diagonal of T⁻¹, ohms.
    private(set) var inverseDiagonal: [Double]
    /// g/δ_i: the ratio (T⁻¹)_ik/(T⁻¹)_{i+1,k} above the diagonal.
    private(set) var upwardRatio: [Double]
    /// g/η_i: the ratio (T⁻¹)_ik/(T⁻¹)_{i−1,k} below the diagonal.
    private(set) var downwardRatio: [Double]

    /// The line for cell conductances `cells` (node 0 at the open top end).
    init(cells: UnsafeBufferPointer<Double>, segmentSiemens g: Double) {
        let n = cells.count
        segmentSiemens = g
        down = [Double](repeating: 0, count: n)
        up = [Double](repeating: 0, count: n)
        inverseDiagonal = [Double](repeating: 0, count: n)
        // δ_i = g + ε_i with ε_0 = G_0 and ε_i = G_i + g·ε_{i−1}/(g + ε_{i−1}).
        var excessDown = [Double](repeating: 0, count: n)
        excessDown[0] = cells[0]
        down[0] = g + cells[0]
        if n > 1 {
            for i in 1..<n {
                let previous = excessDown[i - 1]
                excessDown[i] = cells[i] + g * previous / (g + previous)
                down[i] = g + excessDown[i]
            }
        }
        // η_i = g + κ_i for i ≥ 1 with κ_{n−1} = G_{n−1} + g (the ground segment) and
        // κ_i = G_i + g·κ_{i+1}/(g + κ_{i+1}); the top node has no upper segment:
        // η_0 = G_0 + [n > 1]·g·κ_1/(g + κ_1) + [n == 1]·g.
        var excessUp = [Double](repeating: 0, count: n)
        if n == 1 {
            up[0] = cells[0] + g
        } else {
            excessUp[n - 1] = cells[n - 1] + g
            up[n - 1] = g + excessUp[n - 1]
            var i = n - 2
            while i >= 1 {
                let next = excessUp[i + 1]
                excessUp[i] = cells[i] + g * next / (g + next)
                up[i] = g + excessUp[i]
                i -= 1
            }
            up[0] = cells[0] + g * excessUp[1] / (g + excessUp[1])
        }
        // (T⁻¹)_kk = 1/(δ_k + η_k − a_k) = 1/(ε_k + g·κ_{k+1}/(g + κ_{k+1})) for k < n−1, 1/δ_{n−1} at the bottom.
        for k in 0..<n {
            if k == n - 1 {
                inverseDiagonal[k] = 1 / down[k]
            } else {
                let next = excessUp[k + 1]
                inverseDiagonal[k] = 1 / (excessDown[k] + g * next / (g + next))
            }
        }
        upwardRatio = down.map { g / $0 }
        downwardRatio = up.map { g / $0 }
    }

    /// Writes column `k` of T⁻¹ into `out` (ohms).
    func inverseColumn(_ k: Int, into out: UnsafeMutablePointer<Double>) {
        out[k] = inverseDiagonal[k]
        upwardRatio.withUnsafeBufferPointer { ratio in
            var i = k - 1
            while i >= 0 {
                out[i] = out[i + 1] * ratio[i]
                i -= 1
            }
        }
        let n = down.count
        if k + 1 < n {
            downwardRatio.withUnsafeBufferPointer { ratio in
                for i in (k + 1)..<n { out[i] = out[i - 1] * ratio[i] }
            }
        }
    }
}
