import Numerics

/// Read noise at each conversion, in one place: the variances a programmed core's cells give
/// each sensed column, and the per-slice draws the readout adds to its conversions.
///
/// For Gaussian per-cell noise σ_ij, independent between cells and reads, the column current
/// I_j = Σ_i V_i (G_ij + δ_ij) is exactly Gaussian with variance Σ_i V_i² σ_ij². The readout
/// draws it per conversion from a second GEMM, codes² × σ² (``variance``,
/// ``conversionVariances(codes:binary:threads:)``), which is exact in distribution and far
/// cheaper than perturbing every cell at every read. When every sensed column of a weight row
/// has the same variance (additive read noise without access transistors, as the ReRAM
/// preset's), the variance of a conversion is Σ_i V_i²·r_i for every column alike
/// (``uniformVariance``): one dot product per slice instead of the second GEMM. The reference
/// column of the offset scheme is subtracted from every sensed column of the same read, so its
/// noise is drawn once per slice and shared (``referenceVariance``). Through an access
/// transistor of resistance R a cell's fluctuation is scaled by dG′/dG = 1/(1 + G·R)² = (G′/G)².
/// With wire resistance the same first-order rule uses the cell's effective conductance from the
/// IR-drop solve: σ is scaled by (G_eff,ij/G_ij)², which is exact for a cell alone in series
/// with its wires (dI/dG of V/(1/G + R_series)) and, in a full array, uses the voltage the cell
/// actually sees instead of the ideal one; it still neglects how a fluctuation spreads into the
/// neighbouring columns (second order in the wire resistance). The draws are keyed by vector, slice and column (``ReadRandomness``);
/// each conversion's deviation, with the ADC's own noise, is √(σ²_read/LSB² + σ²_ADC) LSB times
/// its standard normal draw.
public struct ColumnReadNoise: Sendable {
    /// Read-noise variance of each sensed column's cells on each weight row, levels²; excludes
    /// the shared reference column (``referenceVariance``).
    public let variance: Matrix<Float>
    /// Read-noise variance of the reference column's cell on each weight row, levels² (offset
    /// scheme), or `nil`.
    public let referenceVariance: [Float]?
    /// The read-noise variance of each weight row when it is the same on every sensed column
    /// (each row of ``variance`` constant), levels²; `nil` otherwise.
    public let uniformVariance: [Float]?

    /// The read noise of cells of conductance `conductance` (siemens) with read-noise standard
    /// deviations `sigma` (siemens) behind access transistors of `accessTransistorOhms`, in
    /// level steps of `step` siemens, sensed as `weights` are; with wire resistance, `effective`
    /// holds the IR-drop solve's G_eff (siemens, access transistor included); `nil` when no cell
    /// is noisy.
    init?(
        conductance: Matrix<Double>, sigma: Matrix<Double>, accessTransistorOhms: Double, effective: Matrix<Double>? = nil, step: Double,
        weights: EncodedWeights
    ) {
        guard sigma.elements.contains(where: { $0 != 0 }) else { return nil }
        func variance(_ i: Int, _ j: Int) -> Double {
            let g = conductance[i, j]
            let slope = effective.flatMap { g > 0 ? $0[i, j] / g : nil } ?? 1 / (1 + g * accessTransistorOhms)
            let s = sigma[i, j] * slope * slope / step
            return s * s
        }
        let rows = weights.weightRows
        let sensed = weights.sensedColumns
        var noise = Matrix<Float>(rows: rows, columns: sensed)
        for i in 0..<rows {
            for c in 0..<sensed {
                let pair = weights.hasUnitColumn ? 0 : variance(i, weights.negativeColumn[c])
                noise[i, c] = Float(variance(i, weights.positiveColumn[c]) + pair)
            }
        }
        self.variance = noise
        uniformVariance =
            (0..<rows).allSatisfy { i in (0..<sensed).allSatisfy { noise[i, $0] == noise[i, 0] } } ? (0..<rows).map { noise[$0, 0] } : nil
        referenceVariance = weights.hasUnitColumn ? (0..<rows).map { Float(variance($0, weights.negativeColumn[sensed - 1])) } : nil
    }

    /// Read-noise variance of every conversion: codes² × ``variance``, (vectors·slices) × sensed
    /// columns, levels² (`binary`: the codes are 0 or 1, their own squares).
    func conversionVariances(codes: Matrix<Float>, binary: Bool, threads: Int?) -> Matrix<Float> {
        let squared = binary ? codes : codes.map { $0 * $0 }
        var out = Matrix<Float>(rows: squared.rows, columns: variance.columns)
        GEMM.multiply(squared.view, variance.view, into: &out, threads: threads)
        return out
    }

    /// One slice's noise for `kernel`: the standard normals of random-access groups
    /// `group ..< group + noiseGroups` of `reads` into `normals`, each column's scale in LSB into
    /// `sigma`, from the slice's conversion variances `variances` (levels²) or the shared
    /// per-row variances `shared` (with the slice's codes `codes` of `rows` rows), and the
    /// reference column's deviation from `reference` (levels, offset scheme).
    @inline(__always)
    static func draw(
        kernel: ReadoutKernel, reads: ReadRandomness, group: UInt64, codes: UnsafePointer<Float>, rows: Int,
        variances: UnsafePointer<Float>?, shared: UnsafePointer<Float>?, reference: UnsafePointer<Float>?,
        normals: UnsafeMutablePointer<Float>, sigma: UnsafeMutablePointer<Float>
    ) -> ReadoutKernel.Noise {
        let plan = kernel.plan
        reads.stream.normals(groups: group ..< group + UInt64(plan.noiseGroups), into: normals)
        scales(kernel: kernel, variance: variances, shared: shared.map { squaredDot(codes, $0, count: rows) } ?? 0, into: sigma)
        let deviation = reference.map { squaredDot(codes, $0, count: rows).squareRoot() * normals[plan.sensed] } ?? 0
        return .gaussian(normals: normals, sigma: sigma, reference: deviation)
    }

    /// Writes each column's noise scale in LSB for one slice, √(σ²_read·(1/LSB)² + σ²_ADC), into
    /// `sigma` (columns past the last stay zero): from per-column read-noise variances
    /// `variance` (levels²), or from one variance shared by every column.
    @inline(__always)
    private static func scales(kernel: ReadoutKernel, variance: UnsafePointer<Float>?, shared: Float, into sigma: UnsafeMutablePointer<Float>) {
        let plan = kernel.plan
        let inverseStep = kernel.inverseStep
        let adc = plan.adcVariance
        if let variance {
            for c in 0..<plan.sensed { sigma[c] = (variance[c] * inverseStep[c] * inverseStep[c] + adc).squareRoot() }
        } else if plan.uniformStep {
            let s = (shared * inverseStep[0] * inverseStep[0] + adc).squareRoot()
            sigma.update(repeating: s, count: plan.sensed)
        } else {
            for c in 0..<plan.sensed { sigma[c] = (shared * inverseStep[c] * inverseStep[c] + adc).squareRoot() }
        }
    }
}

/// Σ_i a_i²·w_i, in four independent vector sums (a single one would wait on every add).
@inline(__always)
private func squaredDot(_ a: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Float {
    var sums = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
    func term(_ i: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        return (x * x, UnsafeRawPointer(w + i).loadUnaligned(as: SIMD8<Float>.self))
    }
    var i = 0
    while i + 32 <= count {
        let (x0, w0) = term(i)
        let (x1, w1) = term(i + 8)
        let (x2, w2) = term(i + 16)
        let (x3, w3) = term(i + 24)
        sums.0.addProduct(x0, w0)
        sums.1.addProduct(x1, w1)
        sums.2.addProduct(x2, w2)
        sums.3.addProduct(x3, w3)
        i &+= 32
    }
    while i + 8 <= count {
        let (x, w) = term(i)
        sums.0.addProduct(x, w)
        i &+= 8
    }
    var total = ((sums.0 + sums.1) + (sums.2 + sums.3)).sum()
    while i < count {
        total += a[i] * a[i] * w[i]
        i &+= 1
    }
    return total
}
