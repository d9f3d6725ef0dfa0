import Device
import Numerics

/// One physical crossbar array (rows × columns cells) programmed through a ``MemoryDevice``.
///
/// Programming happens once, in ``init(levels:levelCount:device:stream:)``: every cell is written
/// in row-major order with draws from the array's own random stream, and its outcome (achieved
/// conductance, fault, drift exponent, whether write-verify converged, what the write cost) is
/// kept. Reads are then pure functions of the programmed state and a time after programming.
public struct CrossbarArray: Sendable {
    /// Word lines (inputs).
    public let rows: Int
    /// Bit lines (outputs).
    public let columns: Int
    /// The device model the cells were written with.
    public let device: any MemoryDevice
    /// Levels per cell the array was programmed with.
    public let levelCount: Int
    /// The level each cell was asked to hold (rows × columns).
    public let targetLevels: Matrix<Int32>
    /// The programming outcome of every cell, row-major.
    public let cells: [ProgrammedCell]
    /// The total cost of programming the array (cells written one after the other).
    public let writeCost: WriteCost

    /// Programs `levels` (each in 0..<levelCount) into a fresh array of the same shape.
    /// `stream` should be keyed by what the array is for (e.g. `layer3/array12/program`).
    public init(levels: Matrix<Int32>, levelCount: Int, device: any MemoryDevice, stream: RandomStream) throws {
        guard (1...4096).contains(levels.rows), (1...4096).contains(levels.columns) else {
            throw CircuitError.shapeMismatch(
                owner: "CrossbarArray", field: "levels", expected: "between 1×1 and 4096×4096",
                actual: "\(levels.rows)×\(levels.columns)")
        }
        let maximumLevels = 1 << min(device.maximumBitsPerCell, 16)
        guard levelCount >= 2, levelCount <= maximumLevels, levelCount.nonzeroBitCount == 1 else {
            throw CircuitError.invalidParameter(
                owner: "CrossbarArray", field: "levelCount", value: "\(levelCount)",
                allowed: "a power of two in 2...\(maximumLevels) (device '\(device.name)' stores at most \(device.maximumBitsPerCell) bits per cell)")
        }
        var stream = stream
        var cells: [ProgrammedCell] = []
        cells.reserveCapacity(levels.rows * levels.columns)
        var cost = WriteCost.zero
        for (index, level) in levels.elements.enumerated() {
            guard level >= 0, Int(level) < levelCount else {
                throw CircuitError.invalidParameter(
                    owner: "CrossbarArray", field: "levels[\(index / levels.columns), \(index % levels.columns)]",
                    value: "\(level)", allowed: "0...\(levelCount - 1)")
            }
            let cell = device.program(level: Int(level), levelCount: levelCount, using: &stream)
            cost += cell.cost
            cells.append(cell)
        }
        rows = levels.rows
        columns = levels.columns
        self.device = device
        self.levelCount = levelCount
        targetLevels = levels
        self.cells = cells
        writeCost = cost
    }

    /// Nominal conductance step between adjacent levels, Δ = (G(L−1) − G(0))/(L − 1), siemens:
    /// the unit in which analog sums are read back as integers.
    public var levelStepSiemens: Double {
        (device.targetConductance(level: levelCount - 1, levelCount: levelCount)
            - device.targetConductance(level: 0, levelCount: levelCount)) / Double(levelCount - 1)
    }

    /// Every cell's conductance `seconds` after programming (drift, no read noise), siemens.
    public func conductanceSiemens(atSeconds seconds: Double) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns, elements: cells.map { device.conductance(of: $0, atSeconds: seconds) })
    }

    /// Every cell's read-noise standard deviation `seconds` after programming, siemens.
    public func readNoiseStandardDeviationSiemens(atSeconds seconds: Double) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns, elements: cells.map { device.readNoiseStandardDeviation(of: $0, atSeconds: seconds) })
    }

    /// Cells with each kind of fault.
    public var faultCounts: [CellFault: Int] {
        cells.reduce(into: [:]) { counts, cell in counts[cell.fault, default: 0] += 1 }
    }

    /// Cells whose write-verify did not converge.
    public var unverifiedCellCount: Int { cells.count { !$0.verified } }
}
