import Foundation

/// A plot of a results table (a sweep's `results.csv`), drawn as a standalone SVG picture.
///
/// ```swift
/// let table = try CSVTable.parse(String(contentsOf: url, encoding: .utf8), file: url.path)
/// let options = PlotOptions(x: "configuration.adc.bits", y: ["metrics.accuracy.analog"],
///                           series: "configuration.device.preset", errorBars: true)
/// try Plot(table: table, file: url.path, options: options).svg.write(to: out, atomically: true, encoding: .utf8)
/// ```
///
/// Rows that share x and series are averaged; with error bars, each point shows the mean ± one
/// sample standard deviation of those rows (the repetitions of a sweep point), and a note
/// under the plot says so. Axis titles come from the column names with their units
/// (``AxisLabel``); ticks are 1-2-5 steps or decades. Series take colours from the Okabe–Ito
/// palette (distinguishable with colour-vision deficiencies) and, on line and scatter plots,
/// distinct marker shapes; beyond its eight colours, bars and segments repeat them hatched with
/// white and lines dashed. Elements carry classes (`series`, `line`, `marker`, `bar`,
/// `error-bar`, `legend`, `axis`, `tick`, `grid`) so the picture can be restyled or checked.
public struct Plot: Sendable {
    /// What is plotted and how.
    public let options: PlotOptions
    private let data: PlotData

    /// Series colours: Okabe & Ito, "Color universal design" (2008), yellow last.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// The colour of series `index`.
    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Whether series `index` is in the second or a later round of colours (hatched, dashed).
    static func isRepeat(_ index: Int) -> Bool { index >= palette.count }

    /// The area fill of series `index`: its colour, hatched for a repeated colour.
    static func fill(_ index: Int) -> String { isRepeat(index) ? "url(#hatch-\(index))" : color(index) }
    private static let fontFamily = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif"
    private static let tickFontSize = 12.0
    private static let labelFontSize = 13.0

    /// Reads the plotted columns from `table`; throws ``PlotError`` when options, columns or
    /// values do not fit.
    public init(table: CSVTable, file: String, options: PlotOptions) throws {
        try options.validate()
        self.options = options
        data = try PlotData(table: table, file: file, options: options)
    }

    /// The picture as SVG text.
    public var svg: String {
        Renderer(options: options, data: data).render()
    }

    /// The layout and drawing of one picture.
    private struct Renderer {
        let options: PlotOptions
        let data: PlotData
        let xScale: AxisScale
        let yScale: AxisScale
        let xTitle: String
        let yTitle: String
        let showLegend: Bool
        let width: Double
        let height: Double
        var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0
        var rotateXLabels = false

        init(options: PlotOptions, data: PlotData) {
            self.options = options
            self.data = data
            width = Double(options.widthPixels)
            height = Double(options.heightPixels)
            let points = data.series.flatMap(\.points)
            let xLabel = options.xLabel.map(AxisLabel.given) ?? data.xLabel
            let yLabel = options.yLabel.map(AxisLabel.given) ?? data.yLabel
            if let categories = data.categories {
                xScale = .categorical(categories)
            } else {
                let xs = points.map(\.x)
                xScale = options.logX
                    ? .log(minimum: xs.min()!, maximum: xs.max()!, label: xLabel)
                    : .linear(minimum: xs.min()!, maximum: xs.max()!, includeZero: false, label: xLabel)
            }
            var ys: [Double]
            if options.kind == .stackedBar {
                ys = (0..<(data.categories?.count ?? 0)).map { category in
                    data.series.reduce(0) { total, series in
                        total + (series.points.first { $0.x == Double(category) }?.mean ?? 0)
                    }
                } + [0]
            } else {
                ys = points.map(\.mean)
                if options.errorBars {
                    ys += points.map { $0.mean + $0.deviation }
                    ys += points.map { $0.mean - $0.deviation }.filter { !options.logY || $0 > 0 }
                }
            }
            yScale = options.logY
                ? .log(minimum: ys.min()!, maximum: ys.max()!, label: yLabel)
                : .linear(minimum: ys.min()!, maximum: ys.max()!, includeZero: options.kind != .line && options.kind != .scatter,
                          label: yLabel)
            xTitle = xLabel.title(exponent: xScale.exponent)
            yTitle = yLabel.title(exponent: yScale.exponent)
            showLegend = data.series.count > 1 || options.series != nil
            layout()
        }

        private static func textWidth(_ text: String, size: Double) -> Double {
            Double(text.count) * size * 0.58
        }

        private var legendWidth: Double {
            guard showLegend else { return 0 }
            let texts = data.series.map(\.name) + (data.legendTitle.map { [$0] } ?? [])
            return (texts.map { Self.textWidth($0, size: Plot.tickFontSize) }.max() ?? 0) + 34
        }

        private mutating func layout() {
            let yTickWidth = yScale.ticks.map { Self.textWidth($0.label, size: Plot.tickFontSize) }.max() ?? 0
            left = 14 + Plot.labelFontSize + 10 + yTickWidth + 8
            right = 18 + (showLegend ? legendWidth + 18 : 0)
            top = options.title == nil ? 18 : 46
            bottom = 14 + Plot.labelFontSize + 10 + Plot.tickFontSize + 10 + (options.errorBars ? 16 : 0)
            if xScale.kind == .categorical {
                let band = (width - left - right) / max(1, xScale.upper)
                let widest = xScale.ticks.map { Self.textWidth($0.label, size: Plot.tickFontSize) }.max() ?? 0
                if widest > band * 0.92 {
                    // Labels turned 35° end at their tick and reach back cos 35° of their width.
                    rotateXLabels = true
                    bottom += widest * 0.57
                    left = max(left, widest * 0.82 - band / 2 + 8)
                }
            }
        }

        private var plotLeft: Double { left }
        private var plotRight: Double { width - right }
        private var plotTop: Double { top }
        private var plotBottom: Double { height - bottom }

        private func x(_ value: Double) -> Double {
            plotLeft + xScale.fraction(value) * (plotRight - plotLeft)
        }

        private func y(_ value: Double) -> Double {
            plotBottom - yScale.fraction(value) * (plotBottom - plotTop)
        }

        func render() -> String {
            var svg = SVGWriter(
                width: options.widthPixels, height: options.heightPixels,
                attributes: [("font-family", Plot.fontFamily), ("font-size", "12")])
            if data.series.indices.contains(where: Plot.isRepeat), options.kind == .bar || options.kind == .stackedBar {
                drawHatches(&svg)
            }
            svg.element("rect", [("class", "background"), ("width", "100%"), ("height", "100%"), ("fill", "white")])
            if let title = options.title {
                svg.element(
                    "text",
                    [("class", "title"), ("x", n((plotLeft + plotRight) / 2)), ("y", "28"), ("text-anchor", "middle"),
                     ("font-size", "16"), ("font-weight", "bold"), ("fill", "#222222")],
                    content: title)
            }
            drawGrid(&svg)
            svg.open("g", [("class", "plot-area")])
            for (index, series) in data.series.enumerated() {
                drawSeries(series, index: index, into: &svg)
            }
            svg.close("g")
            drawAxes(&svg)
            if showLegend { drawLegend(&svg) }
            if options.errorBars { drawNote(&svg) }
            return svg.finish()
        }

        private func n(_ value: Double) -> String { SVGWriter.number(value) }

        private func drawGrid(_ svg: inout SVGWriter) {
            svg.open("g", [("class", "grid"), ("stroke", "#e4e4e4"), ("stroke-width", "1")])
            for tick in yScale.ticks {
                svg.element("line", [("x1", n(plotLeft)), ("x2", n(plotRight)), ("y1", n(y(tick.value))), ("y2", n(y(tick.value)))])
            }
            if xScale.kind != .categorical {
                for tick in xScale.ticks {
                    svg.element("line", [("x1", n(x(tick.value))), ("x2", n(x(tick.value))), ("y1", n(plotTop)), ("y2", n(plotBottom))])
                }
            }
            svg.close("g")
        }

        private func drawAxes(_ svg: inout SVGWriter) {
            // x axis
            svg.open("g", [("class", "axis x-axis"), ("fill", "#222222")])
            svg.element("line", [("class", "axis-line"), ("x1", n(plotLeft)), ("x2", n(plotRight)), ("y1", n(plotBottom)),
                                 ("y2", n(plotBottom)), ("stroke", "#333333")])
            for tick in xScale.ticks {
                let position = x(tick.value)
                svg.open("g", [("class", "tick")])
                svg.element("line", [("x1", n(position)), ("x2", n(position)), ("y1", n(plotBottom)), ("y2", n(plotBottom + 5)),
                                     ("stroke", "#333333")])
                if rotateXLabels {
                    let baseline = plotBottom + 16
                    svg.element("text", [("x", n(position)), ("y", n(baseline)), ("text-anchor", "end"),
                                         ("transform", "rotate(-35 \(n(position)) \(n(baseline)))")], content: tick.label)
                } else {
                    svg.element("text", [("x", n(position)), ("y", n(plotBottom + 20)), ("text-anchor", "middle")],
                                content: tick.label)
                }
                svg.close("g")
            }
            for value in xScale.minorTicks {
                svg.element("line", [("class", "minor-tick"), ("x1", n(x(value))), ("x2", n(x(value))), ("y1", n(plotBottom)),
                                     ("y2", n(plotBottom + 3)), ("stroke", "#333333")])
            }
            let xTitleBaseline = height - 14 - (options.errorBars ? 16 : 0)
            svg.element("text", [("class", "axis-label"), ("x", n((plotLeft + plotRight) / 2)), ("y", n(xTitleBaseline)),
                                 ("text-anchor", "middle"), ("font-size", "13")], content: xTitle)
            svg.close("g")
            // y axis
            svg.open("g", [("class", "axis y-axis"), ("fill", "#222222")])
            svg.element("line", [("class", "axis-line"), ("x1", n(plotLeft)), ("x2", n(plotLeft)), ("y1", n(plotTop)),
                                 ("y2", n(plotBottom)), ("stroke", "#333333")])
            for tick in yScale.ticks {
                let position = y(tick.value)
                svg.open("g", [("class", "tick")])
                svg.element("line", [("x1", n(plotLeft - 5)), ("x2", n(plotLeft)), ("y1", n(position)), ("y2", n(position)),
                                     ("stroke", "#333333")])
                svg.element("text", [("x", n(plotLeft - 8)), ("y", n(position + 4)), ("text-anchor", "end")], content: tick.label)
                svg.close("g")
            }
            for value in yScale.minorTicks {
                svg.element("line", [("class", "minor-tick"), ("x1", n(plotLeft - 3)), ("x2", n(plotLeft)), ("y1", n(y(value))),
                                     ("y2", n(y(value))), ("stroke", "#333333")])
            }
            let middle = (plotTop + plotBottom) / 2
            svg.element("text", [("class", "axis-label"), ("x", "27"), ("y", n(middle)), ("text-anchor", "middle"),
                                 ("font-size", "13"), ("transform", "rotate(-90 27 \(n(middle)))")], content: yTitle)
            svg.close("g")
        }

        private func drawSeries(_ series: PlotData.Series, index: Int, into svg: inout SVGWriter) {
            let color = Plot.color(index)
            let fill = Plot.fill(index)
            svg.open("g", [("class", "series"), ("data-name", series.name)])
            switch options.kind {
            case .line, .scatter:
                if options.kind == .line, series.points.count > 1 {
                    svg.element("polyline", [("class", "line"), ("points", SVGWriter.points(series.points.map { (x($0.x), y($0.mean)) })),
                                             ("fill", "none"), ("stroke", color), ("stroke-width", "2"),
                                             ("stroke-linejoin", "round")] + Self.dash(index))
                }
                if options.errorBars {
                    for point in series.points { drawErrorBar(point, at: x(point.x), color: color, into: &svg) }
                }
                for point in series.points {
                    drawMarker(shape: index, x: x(point.x), y: y(point.mean), color: color, into: &svg)
                }
            case .bar:
                let band = (plotRight - plotLeft) / xScale.upper
                let group = band * 0.72
                let barWidth = group / Double(data.series.count)
                let gap = barWidth > 8 ? 1.0 : 0
                let base = options.logY ? yScale.lower : 0
                for point in series.points {
                    let left = x(point.x) - group / 2 + Double(index) * barWidth
                    let top = min(y(point.mean), y(base))
                    svg.element("rect", [("class", "bar"), ("x", n(left + gap)), ("y", n(top)), ("width", n(barWidth - 2 * gap)),
                                         ("height", n(abs(y(base) - y(point.mean)))), ("fill", fill)])
                    if options.errorBars { drawErrorBar(point, at: left + barWidth / 2, color: "#333333", into: &svg) }
                }
            case .stackedBar:
                let barWidth = (plotRight - plotLeft) / xScale.upper * 0.56
                for point in series.points {
                    let below = data.series[..<index].reduce(0) { total, lower in
                        total + (lower.points.first { $0.x == point.x }?.mean ?? 0)
                    }
                    let top = y(below + point.mean)
                    svg.element("rect", [("class", "bar"), ("x", n(x(point.x) - barWidth / 2)), ("y", n(top)),
                                         ("width", n(barWidth)), ("height", n(y(below) - top)), ("fill", fill),
                                         ("stroke", "white"), ("stroke-width", "0.75")])
                }
            }
            svg.close("g")
        }

        /// Dashes for the lines of series in a repeated round of colours.
        private static func dash(_ index: Int) -> [(String, String)] {
            Plot.isRepeat(index) ? [("stroke-dasharray", "7 4")] : []
        }

        /// The white-hatched fills of series in a repeated round of colours (`url(#hatch-i)`).
        private func drawHatches(_ svg: inout SVGWriter) {
            svg.open("defs", [])
            for index in data.series.indices where Plot.isRepeat(index) {
                svg.open("pattern", [("id", "hatch-\(index)"), ("class", "hatch"), ("width", "6"), ("height", "6"),
                                     ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)")])
                svg.element("rect", [("width", "6"), ("height", "6"), ("fill", Plot.color(index))])
                svg.element("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", "white"), ("stroke-width", "2.5")])
                svg.close("pattern")
            }
            svg.close("defs")
        }

        private func drawErrorBar(_ point: PlotData.Point, at position: Double, color: String, into svg: inout SVGWriter) {
            guard point.count > 1 else { return }
            let low = point.mean - point.deviation
            let lowY = y(options.logY && low <= 0 ? yScale.lower : low)
            let highY = y(point.mean + point.deviation)
            let cap = 4.0
            let path = "M\(n(position)),\(n(lowY))V\(n(highY))M\(n(position - cap)),\(n(lowY))H\(n(position + cap))"
                + "M\(n(position - cap)),\(n(highY))H\(n(position + cap))"
            svg.element("path", [("class", "error-bar"), ("d", path), ("stroke", color), ("stroke-width", "1.25"), ("fill", "none")])
        }

        private func drawMarker(shape: Int, x: Double, y: Double, color: String, into svg: inout SVGWriter) {
            let r = 4.0
            var attributes: [(String, String)] = [("class", "marker"), ("fill", color), ("stroke", "white"), ("stroke-width", "1")]
            switch shape % 5 {
            case 0:
                attributes += [("cx", n(x)), ("cy", n(y)), ("r", n(r))]
                svg.element("circle", attributes)
            case 1:
                attributes += [("x", n(x - r * 0.9)), ("y", n(y - r * 0.9)), ("width", n(r * 1.8)), ("height", n(r * 1.8))]
                svg.element("rect", attributes)
            case 2:
                attributes.append(("points", SVGWriter.points([(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)])))
                svg.element("polygon", attributes)
            case 3:
                attributes.append(("points", SVGWriter.points([(x, y - r * 1.25), (x + r * 1.1, y), (x, y + r * 1.25), (x - r * 1.1, y)])))
                svg.element("polygon", attributes)
            default:
                attributes.append(("points", SVGWriter.points([(x, y + r * 1.15), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)])))
                svg.element("polygon", attributes)
            }
        }

        private func drawLegend(_ svg: inout SVGWriter) {
            let left = plotRight + 18
            var baseline = plotTop + 10
            svg.open("g", [("class", "legend"), ("fill", "#222222")])
            if let title = data.legendTitle {
                svg.element("text", [("class", "legend-title"), ("x", n(left)), ("y", n(baseline)), ("font-weight", "bold")],
                            content: title)
                baseline += 20
            }
            // Stacked segments are listed top segment first, as they appear.
            let order = options.kind == .stackedBar ? Array(data.series.indices.reversed()) : Array(data.series.indices)
            for index in order {
                let color = Plot.color(index)
                svg.open("g", [("class", "legend-entry")])
                switch options.kind {
                case .line:
                    svg.element("line", [("x1", n(left)), ("x2", n(left + 22)), ("y1", n(baseline - 4)), ("y2", n(baseline - 4)),
                                         ("stroke", color), ("stroke-width", "2")] + Self.dash(index))
                    drawMarker(shape: index, x: left + 11, y: baseline - 4, color: color, into: &svg)
                case .scatter:
                    drawMarker(shape: index, x: left + 11, y: baseline - 4, color: color, into: &svg)
                case .bar, .stackedBar:
                    svg.element("rect", [("x", n(left + 5)), ("y", n(baseline - 10)), ("width", "12"), ("height", "12"),
                                         ("fill", Plot.fill(index))])
                }
                svg.element("text", [("x", n(left + 30)), ("y", n(baseline))], content: data.series[index].name)
                svg.close("g")
                baseline += 20
            }
            svg.close("g")
        }

        private func drawNote(_ svg: inout SVGWriter) {
            let counts = data.series.flatMap(\.points).map(\.count).filter { $0 > 1 }
            let rows = counts.isEmpty
                ? "each point is a single row"
                : (counts.min() == counts.max() ? "n = \(counts.min()!)" : "n = \(counts.min()!)–\(counts.max()!)")
                    + " rows per point"
            svg.element("text", [("class", "note"), ("x", n(width - 10)), ("y", n(height - 8)), ("text-anchor", "end"),
                                 ("font-size", "11"), ("fill", "#555555")],
                        content: "Error bars: mean ± 1 standard deviation (\(rows))")
        }
    }
}
