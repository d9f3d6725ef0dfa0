/// What to plot from a results CSV and how.
public struct PlotOptions: Sendable, Hashable {
    /// The x column.
    public var x: String
    /// The y columns: names, or a prefix ending in `*` for every column it starts
    /// (`metrics.energyByComponentJoules.*`); several y columns are several series.
    public var y: [String]
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
    /// Picture width in pixels.
    public var widthPixels: Int
    /// Picture height in pixels.
    public var heightPixels: Int

    /// Options; call ``validate()`` before plotting.
    public init(
        x: String, y: [String], series: String? = nil, kind: PlotKind = .line, logX: Bool = false, logY: Bool = false,
        errorBars: Bool = false, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        widthPixels: Int = 720, heightPixels: Int = 440
    ) {
        self.x = x
        self.y = y
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
        if y.isEmpty { throw PlotError.invalidOptions("give at least one y column") }
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
