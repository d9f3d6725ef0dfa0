import Foundation

/// The numbers a plot draws, read from a results table: one series per value of the series
/// column (or per y column), each a list of points with the mean, standard deviation and
/// count of the rows that share its x.
struct PlotData {
    /// One drawn point: the mean of `count` rows, with their sample standard deviation.
    struct Point {
        /// The x value, or the category's index on a categorical axis.
        let x: Double
        let mean: Double
        /// Sample standard deviation (n − 1), 0 for a single row.
        let deviation: Double
        let count: Int
    }

    /// A named list of points, sorted by x.
    struct Series {
        let name: String
        let points: [Point]
    }

    let series: [Series]
    /// Category names on a categorical x axis, `nil` on a numeric one.
    let categories: [String]?
    /// The legend's heading: the series column's label.
    let legendTitle: String?
    /// Axis labels inferred from the column names (before user overrides).
    let xLabel: AxisLabel
    let yLabel: AxisLabel

    /// One plotted column: the series it belongs to and, with ``PlotOptions/bars``, its bar.
    private struct Target {
        let column: String
        let index: Int
        /// The series name when no series column is given.
        let name: String
        let bar: String?
    }

    /// Reads the columns `options` names from `table` (`file` names it in errors).
    init(table: CSVTable, file: String, options: PlotOptions) throws {
        for column in [options.x] + (options.series.map { [$0] } ?? []) + options.rowFilters.keys.sorted() where table.column(column) == nil {
            throw PlotError.unknownColumn(file: file, column: column, available: table.columns)
        }
        let filters = options.rowFilters.map { (index: table.columns.firstIndex(of: $0.key)!, value: $0.value) }
        func kept(_ row: [String]) -> Bool { filters.allSatisfy { row[$0.index] == $0.value } }
        if !table.rows.contains(where: kept) { throw PlotError.noData(file: file) }
        let targets = try Self.targets(options, in: table, file: file)
        let yColumns = targets.map(\.column)
        if targets.count > 1, options.series != nil {
            throw PlotError.invalidOptions(
                "--series cannot be combined with several --y columns: each y column is already a series")
        }
        let categorical = options.kind == .bar || options.kind == .stackedBar
        let xIndex = table.columns.firstIndex(of: options.x)!
        let seriesIndex = options.series.flatMap { table.columns.firstIndex(of: $0) }
        let aggregate = options.kind != .scatter || options.errorBars

        var seriesNames: [String] = []
        var xKeys: [String] = []
        var samples: [String: [String: [Double]]] = [:]
        var raw: [String: [(x: String, y: Double)]] = [:]
        for (rowIndex, row) in table.rows.enumerated() where kept(row) {
            guard !row[xIndex].isEmpty else { continue }
            if !categorical, Double(row[xIndex]) == nil {
                throw PlotError.notNumeric(file: file, column: options.x, row: rowIndex + 2, value: row[xIndex])
            }
            for target in targets {
                let yText = row[target.index]
                guard !yText.isEmpty else { continue }
                guard let y = Double(yText), y.isFinite else {
                    throw PlotError.notNumeric(file: file, column: target.column, row: rowIndex + 2, value: yText)
                }
                let xText = target.bar.map { row[xIndex] + " · " + $0 } ?? row[xIndex]
                let name = seriesIndex.map { row[$0] } ?? target.name
                if samples[name] == nil { seriesNames.append(name) }
                if !xKeys.contains(xText) { xKeys.append(xText) }
                samples[name, default: [:]][xText, default: []].append(y)
                raw[name, default: []].append((xText, y))
            }
        }
        guard !seriesNames.isEmpty else { throw PlotError.noData(file: file) }
        if seriesIndex != nil, seriesNames.allSatisfy({ Double($0) != nil }) {
            seriesNames.sort { Double($0)! < Double($1)! }
        }

        var categories: [String]?
        var xValue: (String) -> Double = { Double($0)! }
        if categorical {
            let ordered = xKeys.allSatisfy { Double($0) != nil } ? xKeys.sorted { Double($0)! < Double($1)! } : xKeys
            categories = ordered
            let positions = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, Double($0.offset)) })
            xValue = { positions[$0]! }
        }
        series = seriesNames.map { name in
            let points: [Point] = if aggregate {
                samples[name]!.map { x, values in Self.point(x: xValue(x), values) }
            } else {
                raw[name]!.map { Point(x: xValue($0.x), mean: $0.y, deviation: 0, count: 1) }
            }
            return Series(name: name, points: points.sorted { $0.x < $1.x })
        }
        self.categories = categories
        legendTitle = options.series.map { AxisLabel.inferred(fromColumn: $0).title(exponent: 0) }
        xLabel = AxisLabel.inferred(fromColumn: options.x)
        yLabel = AxisLabel.inferred(fromColumn: Self.quantity(of: options, targets: targets))
        try check(options: options, file: file, yColumns: yColumns)
    }

    /// The mean and sample standard deviation of `values`.
    private static func point(x: Double, _ values: [Double]) -> Point {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1
            ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
        return Point(x: x, mean: mean, deviation: variance.squareRoot(), count: values.count)
    }

    /// The plotted columns with their series names: every `--y` column (named by what follows
    /// the columns' common prefix when there are several), or every column of every bar (named
    /// by what follows the bar's prefix).
    private static func targets(_ options: PlotOptions, in table: CSVTable, file: String) throws -> [Target] {
        func target(_ column: String, name: String, bar: String?) -> Target {
            Target(column: column, index: table.columns.firstIndex(of: column)!, name: name, bar: bar)
        }
        guard !options.bars.isEmpty else {
            let columns = try resolve(options.y, in: table, file: file)
            let prefix = commonPrefix(columns)
            return columns.map { column in
                target(column, name: columns.count > 1 ? AxisLabel.displayName(String(column.dropFirst(prefix.count))) : "", bar: nil)
            }
        }
        return try options.bars.flatMap { bar in
            try resolve([bar.pattern], in: table, file: file).map { column in
                let key = bar.pattern.hasSuffix("*")
                    ? column.dropFirst(bar.pattern.count - 1).drop { $0 == "." }
                    : column.split(separator: ".").last ?? Substring(column)
                return target(column, name: AxisLabel.displayName(String(key)), bar: bar.name)
            }
        }
    }

    /// The column (or column prefix) the y axis is titled after.
    private static func quantity(of options: PlotOptions, targets: [Target]) -> String {
        if let bar = options.bars.first {
            return bar.pattern.hasSuffix("*")
                ? String(bar.pattern.dropLast().reversed().drop { $0 == "." }.reversed()) : bar.pattern
        }
        guard targets.count > 1 else { return targets[0].column }
        return String(commonPrefix(targets.map(\.column)).dropLast())
    }

    /// The y columns: exact names, or every column starting with the text before a final `*`.
    private static func resolve(_ patterns: [String], in table: CSVTable, file: String) throws -> [String] {
        var columns: [String] = []
        for pattern in patterns {
            let matches = pattern.hasSuffix("*")
                ? table.columns.filter { $0.hasPrefix(pattern.dropLast()) }
                : table.columns.filter { $0 == pattern }
            guard !matches.isEmpty else { throw PlotError.unknownColumn(file: file, column: pattern, available: table.columns) }
            columns += matches.filter { !columns.contains($0) }
        }
        return columns
    }

    /// The longest prefix of all `columns` that ends with a dot (`metrics.energyByComponentJoules.`).
    private static func commonPrefix(_ columns: [String]) -> String {
        guard columns.count > 1 else { return "" }
        var prefix = columns[0]
        for column in columns.dropFirst() {
            while !column.hasPrefix(prefix) { prefix.removeLast() }
        }
        guard let dot = prefix.lastIndex(of: ".") else { return "" }
        return String(prefix[...dot])
    }

    /// Rejects values the axes cannot show.
    private func check(options: PlotOptions, file: String, yColumns: [String]) throws {
        let points = series.flatMap(\.points)
        if options.logX, let bad = points.first(where: { $0.x <= 0 }) {
            throw PlotError.nonPositiveOnLogScale(file: file, column: options.x, value: bad.x)
        }
        if options.logY, let bad = points.first(where: { $0.mean <= 0 }) {
            throw PlotError.nonPositiveOnLogScale(file: file, column: yColumns.joined(separator: ", "), value: bad.mean)
        }
        if options.kind == .stackedBar, let bad = points.first(where: { $0.mean < 0 }) {
            throw PlotError.negativeStackedValue(file: file, column: yColumns.joined(separator: ", "), value: bad.mean)
        }
    }
}
