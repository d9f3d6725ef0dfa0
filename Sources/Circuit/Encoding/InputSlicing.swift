import Numerics

/// How integer input vectors are fed through the row DACs: slices of `bitsPerSlice` bits (the
/// DAC resolution, 1 bit as in ISAAC's bit-serial inputs up to 8), least significant first.
///
/// A d-bit DAC turns code a ∈ 0…2^d − 1 into the row voltage a·V_read/(2^d − 1). Unsigned
/// inputs x = Σ_s 2^(d·s)·a_s. Signed (two's-complement) inputs are handled as ISAAC does, with
/// the sign bit as a last slice of its own that is shift-and-*subtracted*: the low I − 1 bits
/// are sliced as above and x = Σ_s 2^(d·s)·a_s − 2^(I−1)·a_sign, so the DAC only ever applies
/// non-negative voltages.
public struct InputSlicing: Sendable, Hashable, Encodable {
    /// One input slice: which bits it carries and how its result is weighted.
    public struct Slice: Sendable, Hashable, Encodable {
        /// Position of the slice's least significant bit in the input.
        public let shift: Int
        /// Bits in the slice (≤ the DAC resolution).
        public let bits: Int
        /// Whether the slice's product is subtracted (the two's-complement sign bit).
        public let isNegative: Bool
    }

    /// Bits of an input, I.
    public let inputBits: Int
    /// Whether inputs are signed (two's complement).
    public let isSigned: Bool
    /// DAC resolution, d: bits applied per slice.
    public let bitsPerSlice: Int
    /// The slices in the order they are applied.
    public let slices: [Slice]

    /// A slicing; throws for I outside 1…24 or d outside 1…8.
    public init(inputBits: Int, isSigned: Bool, bitsPerSlice: Int) throws {
        try CircuitError.require(inputBits, in: 1...24, owner: "InputSlicing", field: "inputBits")
        try CircuitError.require(bitsPerSlice, in: 1...8, owner: "InputSlicing", field: "bitsPerSlice")
        self.inputBits = inputBits
        self.isSigned = isSigned
        self.bitsPerSlice = bitsPerSlice
        let magnitudeBits = isSigned ? inputBits - 1 : inputBits
        var slices: [Slice] = []
        var shift = 0
        while shift < magnitudeBits {
            slices.append(Slice(shift: shift, bits: min(bitsPerSlice, magnitudeBits - shift), isNegative: false))
            shift += bitsPerSlice
        }
        if isSigned { slices.append(Slice(shift: inputBits - 1, bits: 1, isNegative: true)) }
        self.slices = slices
    }

    /// Largest DAC code, 2^d − 1; the voltage step is V_read divided by it.
    public var maximumCode: Int { (1 << bitsPerSlice) - 1 }
    /// The representable inputs.
    public var inputRange: ClosedRange<Int> {
        isSigned ? -(1 << (inputBits - 1))...((1 << (inputBits - 1)) - 1) : 0...((1 << inputBits) - 1)
    }

    /// Splits every input vector (a row of `inputs`, vectors × rows) into its slices' DAC codes.
    public func slice(_ inputs: MatrixView<Int32>) throws -> SlicedInputs {
        let vectors = inputs.rows
        let rows = inputs.columns
        let range = inputRange
        let lower = Int32(range.lowerBound)
        let upper = Int32(range.upperBound)
        let sliceCount = slices.count
        var codes = Matrix<Float>(rows: vectors * sliceCount, columns: rows)
        var active = [Bool](repeating: false, count: vectors * sliceCount)
        var squaredSums = [Double](repeating: 0, count: rows)
        try inputs.withUnsafePointer { source, stride in
            for n in 0..<vectors {
                let row = source + n * stride
                for i in 0..<rows where row[i] < lower || row[i] > upper {
                    throw CircuitError.invalidParameter(
                        owner: "InputSlicing.slice", field: "inputs[\(n), \(i)]", value: "\(row[i])",
                        allowed: "\(range.lowerBound)...\(range.upperBound) (\(inputBits)-bit \(isSigned ? "signed" : "unsigned"))")
                }
            }
            // One vector's Σ_s code² per row: exact in Float (at most 24 slices of codes below 2^8).
            let squares = UnsafeMutablePointer<Float>.allocate(capacity: rows)
            squares.initialize(repeating: 0, count: rows)
            defer { squares.deallocate() }
            codes.withUnsafeMutableBufferPointer { out in
                for n in 0..<vectors {
                    let row = source + n * stride
                    for (s, slice) in slices.enumerated() {
                        let destination = out.baseAddress! + (n * sliceCount + s) * rows
                        let shift = Int32(slice.shift)
                        let mask = Int32((1 << slice.bits) - 1)
                        var any: Int32 = 0
                        var i = 0
                        while i + 8 <= rows {
                            let x = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Int32>.self)
                            let code = (x &>> shift) & mask
                            any |= code.max()
                            let value = FastMath.float(code)
                            UnsafeMutableRawPointer(destination + i).storeBytes(of: value, as: SIMD8<Float>.self)
                            let sum = UnsafeMutableRawPointer(squares + i)
                            sum.storeBytes(of: FastMath.multiplyAdd(value, value, sum.loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
                            i += 8
                        }
                        while i < rows {
                            let code = (row[i] &>> shift) & mask
                            any |= code
                            destination[i] = Float(code)
                            squares[i] += Float(code * code)
                            i += 1
                        }
                        active[n * sliceCount + s] = any != 0
                    }
                    for i in 0..<rows {
                        squaredSums[i] += Double(squares[i])
                        squares[i] = 0
                    }
                }
            }
        }
        return SlicedInputs(slicing: self, vectors: vectors, rows: rows, codes: codes, active: active, squaredCodeSums: squaredSums)
    }
}
