/// Why a plot cannot be drawn; the message names the file, the column and what to change.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// The results file has no column of that name.
    case unknownColumn(file: String, column: String, available: [String])
    /// A cell that should hold a number does not.
    case notNumeric(file: String, column: String, row: Int, value: String)
    /// A value that a logarithmic axis cannot show.
    case nonPositiveOnLogScale(file: String, column: String, value: Double)
    /// A stacked bar segment below zero.
    case negativeStackedValue(file: String, column: String, value: Double)
    /// No row has values for the plotted columns.
    case noData(file: String)
    /// Options that do not go together.
    case invalidOptions(String)

    public var description: String {
        switch self {
        case .unknownColumn(let file, let column, let available):
            "\(file) has no column '\(column)'; its columns are: " + available.joined(separator: ", ")
        case .notNumeric(let file, let column, let row, let value):
            "\(file), row \(row): column '\(column)' holds '\(value)', not a number"
                + " (a bar chart takes text categories on the x axis: --kind bar)"
        case .nonPositiveOnLogScale(let file, let column, let value):
            "\(file): column '\(column)' has the value \(value), which a logarithmic axis cannot show; drop --log-x/--log-y"
        case .negativeStackedValue(let file, let column, let value):
            "\(file): column '\(column)' has the value \(value); stacked bars need values ≥ 0 (use --kind bar)"
        case .noData(let file):
            "\(file): no row has values in the plotted columns"
        case .invalidOptions(let message):
            message
        }
    }
}
