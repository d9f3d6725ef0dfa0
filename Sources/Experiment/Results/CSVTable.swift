import DataFiles
import Foundation
import Numerics

/// A table of text cells with named columns, read from and written to CSV (RFC 4180: cells
/// with a comma, quote or line break are quoted, quotes doubled; lines end with `\n`).
public struct CSVTable: Sendable, Equatable {
    /// Column names, in order.
    public var columns: [String]
    /// Rows of cells, each with one cell per column.
    public var rows: [[String]]

    /// A table; every row must have one cell per column.
    public init(columns: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row needs one cell per column")
        self.columns = columns
        self.rows = rows
    }

    /// The cells of column `name`, or `nil` if the table has no such column.
    public func column(_ name: String) -> [String]? {
        columns.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }

    /// The table as CSV text, header first.
    public var text: String {
        ([columns] + rows).map { row in row.map(Self.quoted).joined(separator: ",") + "\n" }.joined()
    }

    /// How a JSON value is written in a cell: numbers in canonical form, `true`/`false`, text
    /// as is, `null` and non-finite numbers empty (pandas reads NaN), arrays and objects as
    /// compact JSON.
    public static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): JSONValue.canonicalNumber(number) ?? ""
        case .string(let text): text
        case .array, .object: value.canonicalJSON()
        }
    }

    private static func quoted(_ cell: String) -> String {
        let needsQuotes = cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || cell.first == " " || cell.last == " "
        return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// Reads and parses the CSV file at `url`.
    public static func load(_ url: URL) throws -> CSVTable {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CSVTableError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(text, file: url.path)
    }

    /// Parses CSV text (header line first); `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var records: [[String]] = []
        var lines: [Int] = []
        var record: [String] = []
        var cell = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            record.append(cell)
            records.append(record)
            lines.append(recordLine)
            record = []
            cell = ""
            afterQuote = false
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        cell.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                record.append(cell)
                cell = ""
                afterQuote = false
            case "\r":
                break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard cell.isEmpty, !afterQuote else { throw CSVTableError.strayQuote(file: file, line: line) }
                inQuotes = true
            default:
                guard !afterQuote else { throw CSVTableError.strayQuote(file: file, line: line) }
                cell.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw CSVTableError.unterminatedQuote(file: file, line: recordLine) }
        if !cell.isEmpty || !record.isEmpty || afterQuote { endRecord() }
        guard let header = records.first, header != [""] else { throw CSVTableError.empty(file: file) }
        var seen = Set<String>()
        for column in header where !seen.insert(column).inserted {
            throw CSVTableError.repeatedColumn(file: file, column: column)
        }
        for (row, rowLine) in zip(records.dropFirst(), lines.dropFirst()) where row.count != header.count {
            throw CSVTableError.wrongCellCount(file: file, line: rowLine, expected: header.count, found: row.count)
        }
        return CSVTable(columns: header, rows: Array(records.dropFirst()))
    }
}
