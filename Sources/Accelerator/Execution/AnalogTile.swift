import Device
import Numerics

/// One aihwkit analog tile: a block of at most `arrayRows` × `arrayColumns` float weights, each
/// on one differential pair of cells, programmed and read as IBM aihwkit 1.1.0's
/// `InferenceTile` with `SinglePairConductanceConverter` does (`aihwkit/inference/noise/base.py`,
/// `inference/converter/conductance.py`, `simulator/tiles/inference.py`).
///
/// - **programming** (`program_weights`): s = G_max/max|W| (siemens per weight unit);
///   G⁺ target = clamp(s·w, 0, G_max), G⁻ target = clamp(−s·w, 0, G_max); both cells are written
///   with the device's ``ConductanceProgrammable/program(targetSiemens:using:)`` (programming noise,
///   drift exponent from the target). The programmed weights are W_p = (G⁺ − G⁻)/s.
/// - **reading at t** (`drift_weights(t)`): aihwkit converts W_p to conductances again with its
///   own scale s′ = G_max/max|W_p|, so each weight lands on one cell of its pair
///   (G′ = clamp(±s′·w_p, 0, G_max), the other at 0 S) which keeps the drift exponent drawn for
///   that cell at programming; each cell is then read with drift and its read noise (one draw per
///   cell and read time, frozen for every product of that read: aihwkit draws it once per
///   `drift_weights`), clipped at 0, and W(t) = (G′⁺(t) − G′⁻(t))/s′.
public struct AnalogTile: Sendable {
    /// The block's weights as given, K × N (row k: input k).
    public let weights: Matrix<Float>
    /// Weight-to-conductance scale s, siemens per weight unit.
    public let scale: Double
    /// Programmed cells, K·N pairs row-major: positive then negative cell.
    let cells: [ProgrammedCell]

    /// Programs `weights` on `device`, cells in row-major order, positive cell first, each taking
    /// its word of `stream`.
    public init(weights: Matrix<Float>, device: any ConductanceProgrammable, using stream: inout RandomStream) {
        self.weights = weights
        let largest = Double(weights.elements.reduce(Float(0)) { max($0, abs($1)) })
        let gMax = device.conductanceMaxSiemens
        scale = gMax / max(largest, 1e-12)
        var cells: [ProgrammedCell] = []
        cells.reserveCapacity(2 * weights.elements.count)
        for w in weights.elements {
            let target = scale * Double(w)
            cells.append(device.program(targetSiemens: min(gMax, max(0, target)), using: &stream))
            cells.append(device.program(targetSiemens: min(gMax, max(0, -target)), using: &stream))
        }
        self.cells = cells
    }

    /// The programmed weights W_p = (G⁺ − G⁻)/s, before any drift or read noise (aihwkit's
    /// weights right after `program_weights`, which its drift-compensation reference reads).
    public var programmedWeights: Matrix<Float> {
        var result = Matrix<Float>(rows: weights.rows, columns: weights.columns)
        result.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count {
                out[i] = Float((cells[2 * i].conductanceSiemens - cells[2 * i + 1].conductanceSiemens) / scale)
            }
        }
        return result
    }

    /// The weights one read at `seconds` after programming sees, W(t), with read noise from
    /// `stream` (one frozen and one per-conversion normal per non-zero cell, in cell order) or
    /// none when `readNoise` is false.
    public func readWeights(
        atSeconds seconds: Double, device: any ConductanceProgrammable, readNoise: Bool, using stream: inout RandomStream
    ) -> Matrix<Float> {
        let programmed = programmedWeights
        let largest = Double(programmed.elements.reduce(Float(0)) { max($0, abs($1)) })
        let gMax = device.conductanceMaxSiemens
        let rescale = gMax / max(largest, 1e-12)
        var result = Matrix<Float>(rows: weights.rows, columns: weights.columns)
        result.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count {
                let w = Double(programmed.elements[i])
                guard w != 0 else { continue }
                var cell = cells[w > 0 ? 2 * i : 2 * i + 1]
                cell.conductanceSiemens = min(gMax, abs(w) * rescale)
                let frozen = readNoise ? stream.nextNormal() : 0
                let conversion = readNoise ? stream.nextNormal() : 0
                let g = device.read(cell, atSeconds: seconds, frozenDeviate: frozen, perConversionDeviate: conversion)
                out[i] = Float((w > 0 ? g : -g) / rescale)
            }
        }
        return result
    }
}
