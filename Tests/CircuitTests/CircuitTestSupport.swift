import Foundation
import Device
import Numerics

@testable import Circuit

/// A test-only device with known, switchable non-idealities: Gaussian programming error,
/// stuck-off cells, Gaussian read noise and power-law drift, and a fixed write cost per cell.
struct ScriptedDevice: MemoryDevice {
    var name = "scripted"
    var technology: DeviceTechnology { .ideal }
    var conductanceMinSiemens = 0.0
    var conductanceMaxSiemens = 90e-6
    var bitsPerCell = 2
    var maximumBitsPerCell = 8
    var readVoltageVolts = 0.3
    var readPulseSeconds = 10e-9
    var cellAreaFeatureSquared = 4.0
    /// σ of the achieved conductance around the target, siemens.
    var programmingSigmaSiemens = 0.0
    /// Probability that a cell is stuck at G_min.
    var stuckOffProbability = 0.0
    /// σ of each read, siemens.
    var readNoiseSiemens = 0.0
    /// G(t) = G₀·(t/1 s)^(−ν) for t > 1 s.
    var driftExponent = 0.0
    /// What each write costs.
    var costPerCell = WriteCost.zero

    func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        if stuckOffProbability > 0, stream.nextBernoulli(probability: stuckOffProbability) {
            return ProgrammedCell(conductanceSiemens: conductanceMinSiemens, fault: .stuckOff, cost: costPerCell)
        }
        var g = targetConductance(level: level, levelCount: levelCount)
        if programmingSigmaSiemens > 0 { g += stream.nextNormal(standardDeviation: programmingSigmaSiemens) }
        return ProgrammedCell(conductanceSiemens: g, driftExponent: driftExponent, cost: costPerCell)
    }

    func readNoiseStandardDeviation(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double { readNoiseSiemens }

    func conductance(of cell: ProgrammedCell, atSeconds seconds: Double) -> Double {
        seconds > 1 ? cell.conductanceSiemens * pow(seconds, -cell.driftExponent) : cell.conductanceSiemens
    }
}

/// Builders and references shared by the circuit tests.
enum CircuitFixture {
    /// A matrix of uniform integers in `range`.
    static func randomIntegers(rows: Int, columns: Int, in range: ClosedRange<Int>, stream: inout RandomStream) -> Matrix<Int32> {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return Matrix(rows: rows, columns: columns) { _, _ in Int32(range.lowerBound + Int(stream.next() % span)) }
    }

    /// The exact integer product x·W (vectors × outputs), by the definition.
    static func integerProduct(_ inputs: Matrix<Int32>, _ weights: Matrix<Int32>) -> Matrix<Int64> {
        Matrix(rows: inputs.rows, columns: weights.columns) { n, o in
            (0..<weights.rows).reduce(Int64(0)) { $0 + Int64(inputs[n, $1]) * Int64(weights[$1, o]) }
        }
    }

    /// Encodes, programs and prepares an array for `weights`; its column converters get the
    /// static errors `adc` describes, drawn from `(seed, "test/array/adc")`.
    static func core(
        weights: Matrix<Int32>, encoding: WeightEncoding, slicing: InputSlicing, adc: ADC, device: any MemoryDevice,
        wires: WireResistance = .ideal, arrayRows: Int? = nil, arrayColumns: Int? = nil, atSeconds: Double = 0,
        seed: UInt64 = 1, skipsZeroSlices: Bool = false
    ) throws -> (CrossbarCore, CrossbarArray) {
        let encoded = try encoding.encode(weights.view, arrayRows: arrayRows, arrayColumns: arrayColumns)
        let array = try CrossbarArray(
            levels: encoded.levels, levelCount: encoding.levelCount, device: device,
            stream: RandomStream(seed: seed, key: "test/array/program"))
        let errors = ADCColumnErrors(
            adc: adc, columns: encoded.sensedColumns, signed: encoding.sign == .differential, stream: RandomStream(seed: seed, key: "test/array/adc"))
        let core = try CrossbarCore(
            array: array, weights: encoded, slicing: slicing, adc: adc, adcErrors: errors, wires: wires, atSeconds: atSeconds,
            skipsZeroSlices: skipsZeroSlices)
        return (core, array)
    }
}
