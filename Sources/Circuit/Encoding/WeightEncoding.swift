import Numerics

/// How signed W-bit integer weights are stored in b-bit cells: a value the mapper chooses.
///
/// A weight occupies T = ⌈W/b⌉ slices (columns), least significant first; slice t holds bits
/// b·t … b·t + b − 1 as a cell level 0…2^b − 1. The sign is handled one of two ways:
/// - ``SignScheme/differential``: |w| (W bits, so that −2^(W−1) fits) is sliced onto a G⁺
///   column for w > 0 or a G⁻ column for w < 0; each pair is subtracted in analog
///   (I⁺ − I⁻) and converted by one signed ADC conversion (PRIME's positive/negative arrays).
/// - ``SignScheme/offset`` (ISAAC, Shafiee et al., ISCA 2016, §V): the weight is biased to
///   u = w + 2^(W−1) (unsigned, W bits); the array adds a *unit* column (level 1 on every
///   weight row) whose conversion gives Σ a_i, and the bias is removed digitally:
///   Σ a_i w_i = Σ_t 2^(b·t) D_t − 2^(W−1)·Σ a_i. A *reference* column of level-0 cells is
///   subtracted in analog from every sensed column so that the off-state conductance G_min
///   cancels, as the G⁻ column does in the differential scheme.
///
/// ``columnFlip`` (offset only) is ISAAC's encoding that saves one ADC bit: a data column whose
/// level sum exceeds half its maximum, weightRows·(2^b − 1)/2, is stored as 2^b − 1 − level,
/// and un-flipped digitally with the unit column: D = (2^b − 1)·Σ a_i − D′.
public struct WeightEncoding: Sendable, Hashable, Encodable {
    /// How the sign of a weight is represented.
    public enum SignScheme: String, Sendable, Hashable, Codable, CaseIterable {
        /// G⁺/G⁻ column pairs, subtracted in analog.
        case differential
        /// Weights biased by 2^(W−1), with a unit column and digital subtraction (ISAAC).
        case offset
    }

    /// Bits of a signed weight, W (two's-complement range −2^(W−1) … 2^(W−1) − 1).
    public let weightBits: Int
    /// Bits stored per cell, b (2^b levels).
    public let bitsPerCell: Int
    /// Sign representation.
    public let sign: SignScheme
    /// Whether ISAAC's column flip is used (offset scheme only).
    public let columnFlip: Bool

    /// An encoding; throws for W outside 1…24, b outside 1…8, or a flip without the offset scheme.
    public init(weightBits: Int, bitsPerCell: Int, sign: SignScheme, columnFlip: Bool = false) throws {
        try CircuitError.require(weightBits, in: 1...24, owner: "WeightEncoding", field: "weightBits")
        try CircuitError.require(bitsPerCell, in: 1...8, owner: "WeightEncoding", field: "bitsPerCell")
        if columnFlip && sign != .offset {
            throw CircuitError.invalidParameter(
                owner: "WeightEncoding", field: "columnFlip", value: "true",
                allowed: "false unless sign is 'offset' (the flip is undone with the offset scheme's unit column)")
        }
        self.weightBits = weightBits
        self.bitsPerCell = bitsPerCell
        self.sign = sign
        self.columnFlip = columnFlip
    }

    /// Slices (cells) per weight and per polarity, T = ⌈W/b⌉.
    public var slicesPerWeight: Int { (weightBits + bitsPerCell - 1) / bitsPerCell }
    /// Levels per cell, 2^b.
    public var levelCount: Int { 1 << bitsPerCell }
    /// The representable weights.
    public var weightRange: ClosedRange<Int> { -(1 << (weightBits - 1))...((1 << (weightBits - 1)) - 1) }

    /// Physical columns for `outputs` weights per row: 2·T·outputs (differential) or
    /// T·outputs + 2 (offset: unit and reference columns).
    public func physicalColumns(outputs: Int) -> Int {
        sign == .differential ? 2 * slicesPerWeight * outputs : slicesPerWeight * outputs + 2
    }

    /// Cells holding `weights` weights on `rows` rows of an array: 2·T per weight
    /// (differential), or T per weight plus the unit and reference cells of every row (offset);
    /// rows·``physicalColumns(outputs:)`` when every row holds all the outputs.
    public func usedCells(weights: Int, rows: Int) -> Int {
        sign == .differential ? 2 * slicesPerWeight * weights : slicesPerWeight * weights + 2 * rows
    }

    /// Sensed columns (ADC conversions per input slice): T·outputs, plus the unit column (offset).
    public func sensedColumns(outputs: Int) -> Int {
        sign == .differential ? slicesPerWeight * outputs : slicesPerWeight * outputs + 1
    }

    /// The largest value any sensed column of an array of `arrayRows` rows can take, in levels,
    /// with inputs sliced to codes of at most `maximumInputCode` (2^d − 1): every row at that code
    /// on cells at the largest level, (2^d − 1)·rows·(2^b − 1) — halved (rounded down) for
    /// flipped data columns, whose level sums are at most half — and (2^d − 1)·rows for the unit
    /// column. The ``ADCRangePolicy/fixed`` full scale.
    public func fixedFullScale(arrayRows: Int, maximumInputCode: Int) -> Int {
        let level = levelCount - 1
        let data = columnFlip ? arrayRows * level / 2 : arrayRows * level
        return maximumInputCode * (sign == .offset ? max(data, arrayRows) : data)
    }

    /// ADC bits that make an ideal array exact under the fixed range: ISAAC's rule, generalised
    /// (⌈log₂(full scale + 1)⌉, plus a sign bit for differential pairs).
    public func losslessADCBits(arrayRows: Int, maximumInputCode: Int) -> Int {
        ADC.losslessBits(maximumValue: fixedFullScale(arrayRows: arrayRows, maximumInputCode: maximumInputCode), signed: sign == .differential)
    }

    /// The most outputs whose columns fit in `columns` physical columns (0 if none fits).
    public func outputsFitting(columns: Int) -> Int {
        sign == .differential ? columns / (2 * slicesPerWeight) : max(0, (columns - 2) / slicesPerWeight)
    }

    /// Encodes a weight matrix (rows × outputs, each in ``weightRange``) into target levels for
    /// an array of `arrayRows` × `arrayColumns` cells (default: just large enough). Weights go
    /// into the top rows; unused cells are left at level 0.
    public func encode(_ weights: MatrixView<Int32>, arrayRows: Int? = nil, arrayColumns: Int? = nil) throws -> EncodedWeights {
        let rows = weights.rows
        let outputs = weights.columns
        guard rows > 0, outputs > 0 else {
            throw CircuitError.shapeMismatch(
                owner: "WeightEncoding.encode", field: "weights", expected: "at least 1×1", actual: "\(rows)×\(outputs)")
        }
        let needed = physicalColumns(outputs: outputs)
        let physicalRows = arrayRows ?? rows
        let columns = arrayColumns ?? needed
        guard physicalRows >= rows, columns >= needed else {
            throw CircuitError.shapeMismatch(
                owner: "WeightEncoding.encode", field: "arrayRows × arrayColumns",
                expected: "at least \(rows)×\(needed) for \(rows)×\(outputs) weights with \(slicesPerWeight) slices (\(sign.rawValue))",
                actual: "\(physicalRows)×\(columns)")
        }
        let range = weightRange
        for r in 0..<rows {
            for o in 0..<outputs where !range.contains(Int(weights[r, o])) {
                throw CircuitError.invalidParameter(
                    owner: "WeightEncoding.encode", field: "weights[\(r), \(o)]", value: "\(weights[r, o])",
                    allowed: "\(range.lowerBound)...\(range.upperBound) (\(weightBits)-bit signed)")
            }
        }
        let slices = slicesPerWeight
        let mask = Int32(levelCount - 1)
        let bias = Int32(1 << (weightBits - 1))
        let sensed = sensedColumns(outputs: outputs)
        var levels = Matrix<Int32>(rows: physicalRows, columns: columns)
        var positive = [Int](repeating: 0, count: sensed)
        var negative = [Int](repeating: 0, count: sensed)
        var flipped = [Bool](repeating: false, count: slices * outputs)
        switch sign {
        case .differential:
            for o in 0..<outputs {
                for t in 0..<slices {
                    let plus = 2 * (o * slices + t)
                    positive[t * outputs + o] = plus
                    negative[t * outputs + o] = plus + 1
                    for r in 0..<rows {
                        let w = weights[r, o]
                        levels[r, w >= 0 ? plus : plus + 1] = (w.magnitude >> (bitsPerCell * t)).toInt32 & mask
                    }
                }
            }
        case .offset:
            let unit = slices * outputs
            let reference = unit + 1
            let full = Int32(levelCount - 1)
            for o in 0..<outputs {
                for t in 0..<slices {
                    let column = o * slices + t
                    positive[t * outputs + o] = column
                    negative[t * outputs + o] = reference
                    var sum = 0
                    for r in 0..<rows {
                        let level = ((weights[r, o] + bias) >> Int32(bitsPerCell * t)) & mask
                        levels[r, column] = level
                        sum += Int(level)
                    }
                    // ISAAC: flip when the column sum exceeds half of its maximum.
                    if columnFlip && 2 * sum > rows * Int(full) {
                        flipped[t * outputs + o] = true
                        for r in 0..<rows { levels[r, column] = full - levels[r, column] }
                    }
                }
            }
            for r in 0..<rows { levels[r, unit] = 1 }
            positive[sensed - 1] = unit
            negative[sensed - 1] = reference
        }
        return EncodedWeights(
            encoding: self, weightRows: rows, outputs: outputs, levels: levels, positiveColumn: positive,
            negativeColumn: negative, flipped: flipped)
    }
}

extension UInt32 {
    /// The value as `Int32` (callers guarantee it fits).
    fileprivate var toInt32: Int32 { Int32(truncatingIfNeeded: self) }
}
