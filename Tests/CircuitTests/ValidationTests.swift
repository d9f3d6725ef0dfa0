import Device
import Foundation
import Numerics
import Testing

@testable import Circuit

/// The message of the error `body` throws, or `nil` if it does not throw a ``CircuitError``.
func circuitErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as CircuitError {
        return error.description
    } catch {
        return nil
    }
}

@Suite("Bad parameters throw clear errors")
struct ValidationTests {
    @Test("negative or non-finite wire resistance")
    func wires() {
        let message = circuitErrorMessage { _ = try WireResistance(rowOhmsPerSegment: -1, columnOhmsPerSegment: 1) }
        #expect(message?.contains("rowOhmsPerSegment") == true && message?.contains("≥ 0") == true)
        #expect(circuitErrorMessage { _ = try WireResistance(rowOhmsPerSegment: 1, columnOhmsPerSegment: .nan) } != nil)
        #expect(circuitErrorMessage { _ = try WireResistance(rowOhmsPerSegment: 1, columnOhmsPerSegment: 1, accessTransistorOhms: -5) } != nil)
    }

    @Test("ADC resolution, percentile, INL, DNL, offset and gain error out of range; static errors of the wrong shape")
    func adc() throws {
        let message = circuitErrorMessage { _ = try ADC(resolutionBits: 0) }
        #expect(message?.contains("resolutionBits") == true && message?.contains("1...16") == true)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 17) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 8, rangePolicy: .calibrated, rangePercentile: 0) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 8, rangePolicy: .calibrated, rangePercentile: 101) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 4, inlPeakLSB: 9) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 4, noiseStandardDeviationLSB: -1) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 8, dnlSigmaLSB: 1.5) }?.contains("dnlSigmaLSB") == true)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 8, dnlSigmaLSB: .nan) } != nil)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 4, offsetSigmaLSB: 9) }?.contains("0.0...8.0") == true)
        #expect(circuitErrorMessage { _ = try ADC(resolutionBits: 8, gainErrorSigmaRelative: 0.2) }?.contains("gainErrorSigmaRelative") == true)
        // Static errors drawn for 3 columns given to a core of 2 sensed columns.
        let adc = try ADC(resolutionBits: 6, offsetSigmaLSB: 1)
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 4, sign: .differential)
        let encoded = try encoding.encode(Matrix<Int32>(rows: 2, columns: 2).view)
        let array = try CrossbarArray(
            levels: encoded.levels, levelCount: encoding.levelCount, device: IdealDevice(bitsPerCell: 4), stream: RandomStream(seed: 1, key: "test/validation/adc"))
        let errors = ADCColumnErrors(adc: adc, columns: 3, signed: true, stream: RandomStream(seed: 1, key: "test/validation/adc/errors"))
        let shapeMessage = circuitErrorMessage {
            _ = try CrossbarCore(
                array: array, weights: encoded, slicing: InputSlicing(inputBits: 1, isSigned: false, bitsPerSlice: 1), adc: adc, adcErrors: errors)
        }
        #expect(shapeMessage?.contains("adcErrors") == true && shapeMessage?.contains("2 sensed columns") == true)
    }

    @Test("encodings and slicings out of range")
    func encodings() {
        #expect(circuitErrorMessage { _ = try WeightEncoding(weightBits: 0, bitsPerCell: 2, sign: .offset) }?.contains("weightBits") == true)
        #expect(circuitErrorMessage { _ = try WeightEncoding(weightBits: 8, bitsPerCell: 9, sign: .offset) }?.contains("bitsPerCell") == true)
        #expect(
            circuitErrorMessage { _ = try WeightEncoding(weightBits: 8, bitsPerCell: 2, sign: .differential, columnFlip: true) }?
                .contains("columnFlip") == true)
        #expect(circuitErrorMessage { _ = try InputSlicing(inputBits: 8, isSigned: false, bitsPerSlice: 0) }?.contains("bitsPerSlice") == true)
        #expect(circuitErrorMessage { _ = try InputSlicing(inputBits: 25, isSigned: false, bitsPerSlice: 1) }?.contains("inputBits") == true)
    }

    @Test("weights, inputs and levels outside their ranges; mismatched shapes")
    func values() throws {
        let encoding = try WeightEncoding(weightBits: 4, bitsPerCell: 2, sign: .offset)
        let weights = Matrix<Int32>(rows: 3, columns: 2, elements: [1, 2, 3, -8, 7, 8])
        let message = circuitErrorMessage { _ = try encoding.encode(weights.view) }
        #expect(message?.contains("weights[2, 1]") == true && message?.contains("-8...7") == true)
        #expect(circuitErrorMessage { _ = try encoding.encode(Matrix<Int32>(rows: 3, columns: 2).view, arrayRows: 2) } != nil)
        let slicing = try InputSlicing(inputBits: 4, isSigned: true, bitsPerSlice: 1)
        let inputs = Matrix<Int32>(rows: 1, columns: 3, elements: [0, 8, 0])
        #expect(circuitErrorMessage { _ = try slicing.slice(inputs.view) }?.contains("inputs[0, 1]") == true)
        // An array programmed through a binary device cannot hold 2-bit levels.
        let binary = ScriptedDevice(bitsPerCell: 1, maximumBitsPerCell: 1)
        let encoded = try encoding.encode(Matrix<Int32>(rows: 3, columns: 2).view)
        #expect(
            circuitErrorMessage {
                _ = try CrossbarArray(levels: encoded.levels, levelCount: 4, device: binary, stream: RandomStream(seed: 1, key: "x"))
            }?.contains("levelCount") == true)
        // Inputs for 4 rows into a 3-row block.
        let (core, _) = try CircuitFixture.core(
            weights: Matrix(rows: 3, columns: 2), encoding: encoding, slicing: slicing, adc: try ADC(resolutionBits: 6),
            device: IdealDevice(bitsPerCell: 2))
        let wrong = try slicing.slice(Matrix<Int32>(rows: 2, columns: 4).view)
        #expect(circuitErrorMessage { _ = try core.multiply(wrong, reads: nil) }?.contains("inputs") == true)
        let otherSlicing = try InputSlicing(inputBits: 4, isSigned: false, bitsPerSlice: 1)
        let otherInputs = try otherSlicing.slice(Matrix<Int32>(rows: 2, columns: 3).view)
        #expect(circuitErrorMessage { _ = try core.multiply(otherInputs, reads: nil) }?.contains("slicing") == true)
        #expect(circuitErrorMessage { _ = try IRDropSolver.effectiveConductance(Matrix(rows: 2, columns: 2, elements: [1, .nan, 0, 1]), wires: .ideal) } != nil)
    }

    @Test("a malformed case file names the file and the field", arguments: [
        (#"{"conductanceSiemens": [[1e-5]], "inputVolts": [[0.1]], "rowWireOhmsPerSegment": -2, "columnWireOhmsPerSegment": 1}"#, "rowWireOhmsPerSegment"),
        (#"{"conductanceSiemens": [[1e-5, 2e-5], [1e-5]], "inputVolts": [[0.1, 0.1]], "rowWireOhmsPerSegment": 1, "columnWireOhmsPerSegment": 1}"#, "conductanceSiemens[1]"),
        (#"{"conductanceSiemens": [[-1e-5]], "inputVolts": [[0.1]], "rowWireOhmsPerSegment": 1, "columnWireOhmsPerSegment": 1}"#, "conductanceSiemens[0][0]"),
        (#"{"conductanceSiemens": [[1e-5]], "inputVolts": [[0.1, 0.2]], "rowWireOhmsPerSegment": 1, "columnWireOhmsPerSegment": 1}"#, "inputVolts"),
        (#"{"conductanceSiemens": [[1e-5]], "inputVolts": [[0.1]], "rowWireOhmsPerSegment": 1}"#, "columnWireOhmsPerSegment"),
        (#"{"conductanceSiemens": [[1e-5]], "inputVolts": [["a"]], "rowWireOhmsPerSegment": 1, "columnWireOhmsPerSegment": 1}"#, "inputVolts[0][0]"),
        (#"{"conductanceSiemens": [[1e-5]], "inputVolts": [[0.1]], "rowWireOhmsPerSegment": 1, "columnWireOhmsPerSegment": 1, "wireOhms": 3}"#, "wireOhms"),
    ])
    func malformedCase(json: String, field: String) {
        let message = circuitErrorMessage { _ = try IRDropCase(json: Data(json.utf8), file: "case.json") }
        #expect(message?.hasPrefix("case.json: \(field)") == true, "\(message ?? "no error")")
    }
}
