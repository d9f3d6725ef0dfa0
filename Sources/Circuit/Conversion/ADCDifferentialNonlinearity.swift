import Numerics

/// Differential nonlinearity of a core's column converters: static displacements of their code
/// transitions, drawn once per column per chip.
///
/// Transition k (between codes k − 1 and k, for k = lo + 1 … hi) of column c lies at
/// t_ck = k − 1/2 + d_ck LSB instead of k − 1/2, with d_ck = clip(σ·z_ck, −1/2, 1/2) and z_ck
/// independent standard normals. A value v (LSB, already offset, gain-scaled, clamped and bowed
/// by INL) takes code lo + #{k : t_ck ≤ v}; a value exactly on a transition takes the upper code.
/// Clipping keeps each t_ck within [k − 1, k], so transitions never cross and the transfer curve
/// stays monotone: code k is t_c,k+1 − t_ck = 1 + d_c,k+1 − d_ck LSB wide, its DNL
/// d_c,k+1 − d_ck lies in [−1, 1] LSB (−1: a missing code), as Kester defines DNL ("MT-010: The
/// Importance of Data Converter Static Specifications", Analog Devices, 2009). Without clipping
/// the code widths have standard deviation √2·σ. Under that bound only the two transitions
/// around round(v) can differ from v's ideal code, so a conversion reads two thresholds.
///
/// Storage: 2^B − 1 (unsigned) or 2^B − 2 (signed) thresholds per column in `Float` (about 1 KB
/// per column at 8 bits), kept only when σ > 0.
public struct ADCDifferentialNonlinearity: Sendable, Equatable {
    /// Smallest code lo.
    public let lowestCode: Int
    /// Largest code hi.
    public let highestCode: Int
    /// Transitions per column, hi − lo.
    public let transitions: Int
    /// t_ck, LSB: column c's transitions k = lo + 1 … hi at `c·transitions + (k − lo − 1)`.
    public let thresholds: [Float]

    /// Transitions of `columns` columns whose codes run over 0…`highestCode` (or
    /// ±`highestCode` when `signed`), displaced by clip(σ·z, −1/2, 1/2) with σ = `sigmaLSB` and z
    /// drawn from `stream` (column by column, transition by transition).
    init(sigmaLSB: Double, columns: Int, highestCode: Int, signed: Bool, stream: RandomStream) {
        var stream = stream
        lowestCode = signed ? -highestCode : 0
        self.highestCode = highestCode
        transitions = highestCode - lowestCode
        var values = [Float](repeating: 0, count: columns * transitions)
        for c in 0..<columns {
            for j in 0..<transitions {
                let k = lowestCode + 1 + j
                let deviation = min(0.5, max(-0.5, stream.nextNormal(standardDeviation: sigmaLSB)))
                values[c * transitions + j] = Float(Double(k) - 0.5 + deviation)
            }
        }
        thresholds = values
    }

    /// Transition t_ck of column `column` (k = lo + 1 … hi), LSB.
    public func threshold(_ k: Int, column: Int) -> Float { thresholds[column * transitions + k - lowestCode - 1] }

    /// The code of `v` (LSB) on column `column`: lo + #{k : t_ck ≤ v}
    /// (``code(of:transitions:lowest:highest:)``).
    public func code(of v: Float, column: Int) -> Float {
        thresholds.withUnsafeBufferPointer { Self.code(of: v, transitions: $0.baseAddress! + column * transitions, lowest: lowestCode, highest: highestCode) }
    }

    /// The code of `v` (LSB) among codes `lowest`…`highest` whose transitions t_k
    /// (k = lowest + 1 … highest) are `transitions[k − lowest − 1]`: lo + #{k : t_k ≤ v}, found
    /// from r = round(v) clamped to lo…hi, which it differs from by at most one.
    @inline(__always)
    static func code(of v: Float, transitions: UnsafePointer<Float>, lowest: Int, highest: Int) -> Float {
        let r = Int(Swift.min(Swift.max(v.rounded(.toNearestOrEven), Float(lowest)), Float(highest)))
        let t = transitions - lowest - 1
        if r > lowest && v < t[r] { return Float(r - 1) }
        if r < highest && v >= t[r + 1] { return Float(r + 1) }
        return Float(r)
    }
}
