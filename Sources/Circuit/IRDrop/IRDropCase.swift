import Foundation
import Numerics

/// One resistive crossbar with input vectors, in the JSON format of the SPICE reference cases:
/// `conductanceSiemens` (rows × columns), `inputVolts` (vectors × rows),
/// `rowWireOhmsPerSegment`, `columnWireOhmsPerSegment`, optionally `accessTransistorOhms`.
///
/// The keys `name`, `rows`, `cols`, `solvedBy`, `columnCurrentAmps`,
/// `idealColumnCurrentAmps` and `supplyPowerWatts` may be present (the answer keys are ignored); any other key is an
/// error, as is a ragged or non-finite matrix.
public struct IRDropCase: Sendable {
    /// Cell conductances, siemens (rows × columns).
    public var conductanceSiemens: Matrix<Double>
    /// Input vectors, volts (vectors × rows).
    public var inputVolts: Matrix<Double>
    /// Wire and access-transistor resistances.
    public var wires: WireResistance

    /// The column currents of a case, one list per input vector.
    public struct Solution: Sendable, Encodable {
        /// Currents into the virtual grounds with wire resistance, amperes.
        public var columnCurrentAmps: [[Double]]
        /// Currents with ideal wires, Σᵢ V_i·G_ij (with the access transistor, if any), amperes.
        public var idealColumnCurrentAmps: [[Double]]
        /// Power the row drivers deliver with wire resistance, Vᵀ·Y·V (``ArrayReadPower``), watts.
        public var supplyPowerWatts: [Double]
    }

    private static let knownKeys: Set<String> = [
        "name", "rows", "cols", "rowWireOhmsPerSegment", "columnWireOhmsPerSegment", "accessTransistorOhms",
        "conductanceSiemens", "inputVolts", "columnCurrentAmps", "idealColumnCurrentAmps", "supplyPowerWatts", "solvedBy",
    ]

    /// A case from its parts.
    public init(conductanceSiemens: Matrix<Double>, inputVolts: Matrix<Double>, wires: WireResistance) throws {
        guard inputVolts.columns == conductanceSiemens.rows else {
            throw CircuitError.shapeMismatch(
                owner: "IRDropCase", field: "inputVolts", expected: "vectors × \(conductanceSiemens.rows)",
                actual: "\(inputVolts.rows)×\(inputVolts.columns)")
        }
        self.conductanceSiemens = conductanceSiemens
        self.inputVolts = inputVolts
        self.wires = wires
    }

    /// Reads a case file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CircuitError.malformedFile(file: url.path, field: "(file)", problem: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(json: data, file: url.lastPathComponent)
    }

    /// The keys of a case file as JSON types.
    private struct FileContents: Decodable {
        var conductanceSiemens: [[Double]]
        var inputVolts: [[Double]]
        var rowWireOhmsPerSegment: Double
        var columnWireOhmsPerSegment: Double
        var accessTransistorOhms: Double?
        var rows: Int?
        var cols: Int?
    }

    /// Parses a case from JSON; `file` names the source in error messages.
    public init(json data: Data, file: String) throws {
        func fail(_ field: String, _ problem: String) -> CircuitError {
            CircuitError.malformedFile(file: file, field: field, problem: problem)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("(top level)", "is not a JSON object")
        }
        if let unknown = object.keys.filter({ !Self.knownKeys.contains($0) }).sorted().first {
            throw fail(unknown, "unknown key; allowed keys are \(Self.knownKeys.sorted().joined(separator: ", "))")
        }
        let contents: FileContents
        do {
            contents = try JSONDecoder().decode(FileContents.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw fail(Self.path(context.codingPath + [key]), "missing")
        } catch let DecodingError.typeMismatch(type, context) {
            throw fail(Self.path(context.codingPath), "must be \(type == Double.self ? "a number" : "\(type)")")
        } catch let DecodingError.valueNotFound(type, context) {
            throw fail(Self.path(context.codingPath), "must be \(type), not null")
        } catch {
            throw fail("(top level)", "is not valid JSON (\(error))")
        }
        func matrix(_ key: String, _ lists: [[Double]]) throws -> Matrix<Double> {
            guard let width = lists.first?.count, width > 0 else { throw fail(key, "must be a non-empty list of non-empty lists") }
            for (r, row) in lists.enumerated() where row.count != width {
                throw fail("\(key)[\(r)]", "has \(row.count) entries; row 0 has \(width)")
            }
            return Matrix(rows: lists.count, columns: width, elements: lists.flatMap { $0 })
        }
        let conductance = try matrix("conductanceSiemens", contents.conductanceSiemens)
        for (index, g) in conductance.elements.enumerated() where g < 0 {
            throw fail(
                "conductanceSiemens[\(index / conductance.columns)][\(index % conductance.columns)]",
                "is \(g); conductances must be ≥ 0 S")
        }
        let inputs = try matrix("inputVolts", contents.inputVolts)
        guard inputs.columns == conductance.rows else {
            throw fail("inputVolts", "vectors have \(inputs.columns) entries; conductanceSiemens has \(conductance.rows) rows")
        }
        for (key, stated, expected) in [("rows", contents.rows, conductance.rows), ("cols", contents.cols, conductance.columns)] {
            if let stated, stated != expected { throw fail(key, "is \(stated); conductanceSiemens has \(expected)") }
        }
        for (key, value) in [
            ("rowWireOhmsPerSegment", contents.rowWireOhmsPerSegment),
            ("columnWireOhmsPerSegment", contents.columnWireOhmsPerSegment),
            ("accessTransistorOhms", contents.accessTransistorOhms ?? 0),
        ] where !(value >= 0) {
            throw fail(key, "is \(value); must be ≥ 0 ohms")
        }
        let wires = try WireResistance(
            rowOhmsPerSegment: contents.rowWireOhmsPerSegment, columnOhmsPerSegment: contents.columnWireOhmsPerSegment,
            accessTransistorOhms: contents.accessTransistorOhms ?? 0)
        try self.init(conductanceSiemens: conductance, inputVolts: inputs, wires: wires)
    }

    /// `key[0][3]` for a decoding path.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// Column currents with and without wire resistance, and the supply power, for every input vector.
    public func solve(threads: Int? = nil) throws -> Solution {
        let (effective, admittance) = try IRDropSolver.effectiveConductanceAndAdmittance(
            conductanceSiemens, wires: wires, threads: threads)
        let cells = conductanceSiemens.map { wires.cellConductance($0) }
        let power = (0..<inputVolts.rows).map { k in
            var sum = 0.0
            for i in 0..<admittance.rows {
                for l in 0..<admittance.columns { sum += inputVolts[k, i] * admittance[i, l] * inputVolts[k, l] }
            }
            return sum
        }
        return Solution(
            columnCurrentAmps: Self.currents(inputVolts, effective), idealColumnCurrentAmps: Self.currents(inputVolts, cells),
            supplyPowerWatts: power)
    }

    /// Vᵀ·G for every vector, in double precision.
    private static func currents(_ volts: Matrix<Double>, _ conductance: Matrix<Double>) -> [[Double]] {
        (0..<volts.rows).map { k in
            var out = [Double](repeating: 0, count: conductance.columns)
            for i in 0..<conductance.rows {
                let v = volts[k, i]
                for j in 0..<conductance.columns { out[j] += v * conductance[i, j] }
            }
            return out
        }
    }
}
