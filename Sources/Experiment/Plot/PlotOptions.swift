import Foundation

/// What to plot from a results CSV and how.
public struct PlotOptions: Sendable, Hashable {
    /// One named stacked bar per x category, whose segments are the columns of ``pattern``.
    ///
    /// Several bars compare breakdowns that sit in different columns of the same rows: with
    /// `analog chip = metrics.energyByComponentJoules.*` and
    /// `digital baseline = metrics.digital.energyByComponentJoules.*`, every architecture gets
    /// the two bars "isaac · analog chip" and "isaac · digital baseline". A segment is named by
    /// what follows the pattern's prefix (`adc`, `dram`), so segments of the same name share a
    /// colour across bars.
    public struct Bar: Sendable, Hashable {
        /// The bar's name, shown after the x category.
        public var name: String
        /// Its segment columns: a prefix ending in `*`, or one column.
        public var pattern: String

        /// A bar named `name` with the columns `pattern` selects.
        public init(name: String, pattern: String) {
            self.name = name
            self.pattern = pattern
        }

        /// Reads `NAME=PATTERN` (the command line's `--bar`); `nil` without a name or a pattern.
        public init?(parsing text: String) {
            guard let equals = text.firstIndex(of: "=") else { return nil }
            let name = text[..<equals].trimmingCharacters(in: .whitespaces)
            let pattern = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !pattern.isEmpty else { return nil }
            self.init(name: name, pattern: pattern)
        }
    }

    /// The x column.
    public var x: String
    /// The y columns: names, or a prefix ending in `*` for every column it starts
    /// (`metrics.energyByComponentJoules.*`); several y columns are several series. Empty when
    /// ``bars`` give the values.
    public var y: [String]
    /// Stacked bars side by side at every x category (``PlotKind/stackedBar`` only), instead of
    /// ``y``: one bar per entry.
    public var bars: [Bar]
    /// The column whose values split rows into series (one colour each).
    public var series: String?
    /// Lines, markers, bars or stacked bars.
    public var kind: PlotKind
    /// Logarithmic x axis (line and scatter).
    public var logX: Bool
    /// Logarithmic y axis (not for stacked bars).
    public var logY: Bool
    /// Draw mean ± one sample standard deviation of the rows that share x and series.
    public var errorBars: Bool
    /// A title above the plot.
    public var title: String?
    /// The x axis title, replacing the one made from the column name; a trailing `(unit)` is the unit.
    public var xLabel: String?
    /// The y axis title, as ``xLabel``.
    public var yLabel: String?
    /// Only the rows whose column `key` holds `value`, for every entry (`--where COLUMN=VALUE`).
    public var rowFilters: [String: String]
    /// Picture width in pixels.
    public var widthPixels: Int
    /// Picture height in pixels.
    public var heightPixels: Int

    /// Options; call ``validate()`` before plotting.
    public init(
        x: String, y: [String], bars: [Bar] = [], series: String? = nil, kind: PlotKind = .line, logX: Bool = false,
        logY: Bool = false, errorBars: Bool = false, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        rowFilters: [String: String] = [:], widthPixels: Int = 720, heightPixels: Int = 440
    ) {
        self.rowFilters = rowFilters
        self.x = x
        self.y = y
        self.bars = bars
        self.series = series
        self.kind = kind
        self.logX = logX
        self.logY = logY
        self.errorBars = errorBars
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.widthPixels = widthPixels
        self.heightPixels = heightPixels
    }

    /// Throws ``PlotError/invalidOptions(_:)`` for options that do not go together.
    public func validate() throws {
        if y.isEmpty, bars.isEmpty { throw PlotError.invalidOptions("give at least one y column") }
        if !bars.isEmpty {
            guard kind == .stackedBar else {
                throw PlotError.invalidOptions("--bar draws stacked bars side by side; add --kind stacked-bar")
            }
            guard y.isEmpty else {
                throw PlotError.invalidOptions("give the values either with --y or with --bar, not both")
            }
            guard series == nil else {
                throw PlotError.invalidOptions("--series cannot be combined with --bar: a bar's segments are its series")
            }
            for (position, bar) in bars.enumerated() where bars[..<position].contains(where: { $0.name == bar.name }) {
                throw PlotError.invalidOptions("two bars are named '\(bar.name)'; give each --bar its own name")
            }
        }
        let bars = kind == .bar || kind == .stackedBar
        if bars, logX {
            throw PlotError.invalidOptions("--log-x applies to line and scatter plots; a bar chart's x axis holds categories")
        }
        if kind == .stackedBar, logY {
            throw PlotError.invalidOptions("stacked bars need a linear y axis, on which segments add up; drop --log-y")
        }
        if kind == .stackedBar, errorBars {
            throw PlotError.invalidOptions("error bars are drawn on line, scatter and bar plots, not on stacked segments")
        }
        if widthPixels < 240 || heightPixels < 180 {
            throw PlotError.invalidOptions("the picture must be at least 240 × 180 pixels")
        }
    }
}
