/// Why a CSV file cannot be read; the message names the file and the line.
public enum CSVTableError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(file: String, reason: String)
    /// The file has no header line.
    case empty(file: String)
    /// A quoted cell that never ends.
    case unterminatedQuote(file: String, line: Int)
    /// A quote inside an unquoted cell, or text after a closing quote.
    case strayQuote(file: String, line: Int)
    /// A row with a different number of cells than the header.
    case wrongCellCount(file: String, line: Int, expected: Int, found: Int)
    /// The header names a column twice.
    case repeatedColumn(file: String, column: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read \(file): \(reason)"
        case .empty(let file):
            "\(file): empty file; a CSV file starts with a header line of column names"
        case .unterminatedQuote(let file, let line):
            "\(file), line \(line): a quoted cell is not closed"
        case .strayQuote(let file, let line):
            "\(file), line \(line): a quote in the middle of a cell; quote the whole cell and double the quotes inside"
        case .wrongCellCount(let file, let line, let expected, let found):
            "\(file), line \(line): \(found) cells, but the header has \(expected) columns"
        case .repeatedColumn(let file, let column):
            "\(file): the header names column '\(column)' twice"
        }
    }
}
