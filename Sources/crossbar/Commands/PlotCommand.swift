import Experiment
import Foundation

extension PlotKind: ExpressibleByArgument {}

/// `crossbar plot`: draw columns of a results CSV as an SVG picture.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot columns of a results CSV (a sweep's results.csv) as an SVG picture.",
        discussion: """
            Rows that share x and series are averaged; --error-bars adds mean ± one standard
            deviation (the repetitions of a sweep point); --where COLUMN=VALUE keeps only the
            rows whose COLUMN holds VALUE. Axis titles and units come from the
            column names (metrics.energyPerInferenceJoules → "Energy per inference (nJ)") unless
            --x-label/--y-label give them; a trailing "(unit)" in a label is its unit. Several
            --y columns, or a prefix ending in *, make one series each (quote the * in a shell).
            --bar NAME=PREFIX* (with --kind stacked-bar, instead of --y) draws one stacked bar per
            --bar at every x category, labelled "x · NAME", its segments named by what follows the
            prefix: breakdowns kept in different columns of the same rows side by side.

            Examples:
              crossbar plot results.csv --x configuration.device.d2dSigmaRelative \\
                --y metrics.accuracy.analog --series configuration.device.preset --error-bars --out accuracy.svg
              crossbar plot results.csv --x configuration.architecture \\
                --y 'metrics.energyByComponentJoules.*' --kind stacked-bar --out energy.svg
              crossbar plot results.csv --x configuration.architecture --kind stacked-bar \\
                --bar 'analog chip=metrics.energyByComponentJoules.*' \\
                --bar 'digital baseline=metrics.digital.energyByComponentJoules.*' --out energy.svg
            """)

    @Argument(name: "results", help: "Results CSV file.") var results: String
    @Option(help: "Column for the x axis.") var x: String?
    @Option(help: "Column(s) for the y axis; a prefix ending in * takes every column it starts.") var y: [String] = []
    @Option(help: "NAME=PREFIX*: one stacked bar per x of the columns PREFIX starts (several allowed).") var bar: [String] = []
    @Option(help: "Column whose values split the rows into series.") var series: String?
    @Option(help: "line, scatter, bar or stacked-bar.") var kind: PlotKind = .line
    @Flag(help: "Logarithmic x axis.") var logX: Bool
    @Flag(help: "Logarithmic y axis.") var logY: Bool
    @Flag(help: "Error bars: mean ± 1 standard deviation of rows sharing x and series.") var errorBars: Bool
    @Option(name: "where", help: "COLUMN=VALUE: plot only the rows whose COLUMN holds VALUE (several allowed, all must hold).")
    var filters: [String] = []
    @Option(help: "Title above the plot.") var title: String?
    @Option(help: "x axis title, e.g. \"Drift time (s)\".") var xLabel: String?
    @Option(help: "y axis title, e.g. \"Energy per inference (J)\".") var yLabel: String?
    @Option(help: "Picture width in pixels.") var width: Int = 720
    @Option(help: "Picture height in pixels.") var height: Int = 440
    @Option(help: "SVG file to write.") var out: String?

    private var options: PlotOptions {
        PlotOptions(
            x: x ?? "", y: y, bars: bar.compactMap(PlotOptions.Bar.init(parsing:)), series: series, kind: kind, logX: logX,
            logY: logY, errorBars: errorBars, title: title,
            xLabel: xLabel, yLabel: yLabel, rowFilters: rowFilters, widthPixels: width, heightPixels: height)
    }

    /// `--where` as column → value.
    private var rowFilters: [String: String] {
        Dictionary(filters.compactMap { text in text.firstIndex(of: "=").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) } }) { first, _ in first }
    }

    func validate() throws {
        guard x != nil else { throw ValidationError("give the x column: --x COLUMN") }
        guard !y.isEmpty || !bar.isEmpty else {
            throw ValidationError("give the y column(s): --y COLUMN… (or --bar NAME=PREFIX* with --kind stacked-bar)")
        }
        if let malformed = bar.first(where: { PlotOptions.Bar(parsing: $0) == nil }) {
            throw ValidationError("--bar takes NAME=COLUMNS, such as 'analog chip=metrics.energyByComponentJoules.*'; got '\(malformed)'")
        }
        if let malformed = filters.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            throw ValidationError("--where takes COLUMN=VALUE, such as 'configuration.architecture=isaac'; got '\(malformed)'")
        }
        if rowFilters.count < filters.count { throw ValidationError("--where names a column twice; give each column one value") }
        guard out != nil else { throw ValidationError("give the file to write: --out FILE.svg") }
        do {
            try options.validate()
        } catch let error as PlotError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let table = try CSVTable.load(URL(fileURLWithPath: results))
        let plot = try Plot(table: table, file: results, options: options)
        try plot.svg.write(toFile: out!, atomically: true, encoding: .utf8)
        print("wrote \(out!)")
    }
}
