import Foundation
import Numerics
import Testing

@testable import Experiment

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG document, read back with Foundation's XML parser.
final class SVGElements: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    private(set) var texts: [String] = []
    private var text = ""

    /// Parses `svg`; throws if it is not well-formed XML.
    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.propertyListReadCorrupt)
        }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        elements.append((elementName, attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" { texts.append(text) }
        text = ""
    }

    /// Elements whose class list contains `name`.
    func withClass(_ name: String) -> [(name: String, attributes: [String: String])] {
        elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }
    }
}

@Suite("Plots")
struct PlotTests {
    /// Three devices × three variations × two repetitions, plus an energy breakdown per architecture.
    static let table = CSVTable(
        columns: [
            "point", "configuration.device.preset", "configuration.device.d2dSigmaRelative", "metrics.accuracy.analog",
            "configuration.architecture", "metrics.energyByComponentJoules.adc", "metrics.energyByComponentJoules.array",
        ],
        rows: (0..<18).map { index in
            let device = ["reram", "pcm", "sram"][index / 6]
            let sigma = ["0", "0.1", "0.2"][index / 2 % 3]
            let accuracy = String(0.98 - Double(index / 2 % 3) * 0.05 - Double(index % 2) * 0.01 - Double(index / 6) * 0.02)
            let architecture = ["isaac", "prime"][index % 2]
            return [String(index), device, sigma, accuracy, architecture, String(1e-9 * Double(1 + index % 2)), "5e-10"]
        })

    static func plot(_ options: PlotOptions) throws -> SVGElements {
        try SVGElements(try Plot(table: table, file: "results.csv", options: options).svg)
    }

    @Test("a line plot is well-formed SVG with one line per series, markers, axes, legend and error bars")
    func linePlot() throws {
        let svg = try Self.plot(PlotOptions(
            x: "configuration.device.d2dSigmaRelative", y: ["metrics.accuracy.analog"], series: "configuration.device.preset",
            errorBars: true, title: "Accuracy & variation"))
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.withClass("line").count == 3)
        #expect(svg.withClass("series").map { $0.attributes["data-name"] } == ["reram", "pcm", "sram"])
        // 9 points in the plot and one marker per legend entry.
        #expect(svg.withClass("marker").count == 9 + 3)
        #expect(svg.withClass("error-bar").count == 9)
        #expect(svg.withClass("legend-entry").count == 3)
        #expect(svg.withClass("x-axis").count == 1 && svg.withClass("y-axis").count == 1)
        #expect(svg.withClass("tick").count >= 8)
        #expect(svg.texts.contains("Accuracy & variation"))
        #expect(svg.texts.contains("Device d2d sigma (relative)"))
        #expect(svg.texts.contains("Accuracy analog"))
        #expect(svg.texts.contains("Device preset"))
        #expect(svg.withClass("note").count == 1)
        #expect(svg.texts.contains("Error bars: mean ± 1 standard deviation (n = 2 rows per point)"))
    }

    @Test("a scatter plot draws every row as a marker and no lines")
    func scatterPlot() throws {
        let svg = try Self.plot(PlotOptions(
            x: "configuration.device.d2dSigmaRelative", y: ["metrics.accuracy.analog"], kind: .scatter))
        #expect(svg.withClass("line").isEmpty)
        #expect(svg.withClass("marker").count == 18)
        #expect(svg.withClass("legend").isEmpty)
        #expect(svg.withClass("error-bar").isEmpty)
    }

    @Test("row filters keep only the rows that hold the value; an unknown column or no matching row is refused")
    func rowFilters() throws {
        // The isaac rows are the even ones: repetition 0 of each device and variation.
        let svg = try Self.plot(PlotOptions(
            x: "configuration.device.d2dSigmaRelative", y: ["metrics.accuracy.analog"], series: "configuration.device.preset", kind: .scatter,
            rowFilters: ["configuration.architecture": "isaac"]))
        #expect(svg.withClass("marker").count == 9 + 3)
        let both = try Self.plot(PlotOptions(
            x: "configuration.device.d2dSigmaRelative", y: ["metrics.accuracy.analog"], kind: .scatter,
            rowFilters: ["configuration.architecture": "prime", "configuration.device.preset": "pcm"]))
        #expect(both.withClass("marker").count == 3)
        #expect(throws: PlotError.self) {
            try Self.plot(PlotOptions(x: "configuration.device.preset", y: ["metrics.accuracy.analog"], rowFilters: ["no.such.column": "x"]))
        }
        #expect(throws: PlotError.self) {
            try Self.plot(PlotOptions(x: "configuration.device.preset", y: ["metrics.accuracy.analog"], kind: .bar, rowFilters: ["configuration.architecture": "neurosim"]))
        }
    }

    @Test("a bar chart draws one bar per category and series, with error bars")
    func barPlot() throws {
        let svg = try Self.plot(PlotOptions(
            x: "configuration.device.preset", y: ["metrics.accuracy.analog"],
            series: "configuration.device.d2dSigmaRelative", kind: .bar, errorBars: true))
        #expect(svg.withClass("bar").count == 9)
        #expect(svg.withClass("error-bar").count == 9)
        #expect(svg.withClass("legend-entry").count == 3)
        // Categories keep the order of the file; numeric series are sorted.
        #expect(svg.withClass("series").map { $0.attributes["data-name"] } == ["0", "0.1", "0.2"])
        let labels = svg.texts
        #expect(labels.firstIndex(of: "reram")! < labels.firstIndex(of: "pcm")!)
        #expect(labels.firstIndex(of: "pcm")! < labels.firstIndex(of: "sram")!)
    }

    @Test("a stacked bar chart stacks one segment per y column, with units in the axis title")
    func stackedBarPlot() throws {
        let svg = try Self.plot(PlotOptions(
            x: "configuration.architecture", y: ["metrics.energyByComponentJoules.*"], kind: .stackedBar))
        #expect(svg.withClass("bar").count == 4)
        #expect(svg.withClass("series").map { $0.attributes["data-name"] } == ["ADC", "array"])
        // The legend lists the top segment first.
        #expect(svg.texts.filter { $0 == "ADC" || $0 == "array" } == ["array", "ADC"])
        #expect(svg.texts.contains("Energy by component (nJ)"))
        // Segments of one bar touch: the upper starts where the lower ends.
        let bars = svg.withClass("bar").map { bar in
            (x: Double(bar.attributes["x"]!)!, y: Double(bar.attributes["y"]!)!, height: Double(bar.attributes["height"]!)!)
        }
        let isaacADC = bars[0]
        let isaacArray = bars[2]
        #expect(isaacADC.x == isaacArray.x)
        #expect(abs(isaacArray.y + isaacArray.height - isaacADC.y) < 0.02)
        // isaac: ADC 1 nJ below array 0.5 nJ, so the ADC segment is twice as tall.
        #expect(abs(isaacADC.height - 2 * isaacArray.height) < 0.05)
    }

    @Test("--bar draws one stacked bar per bar and x category; segments of the same name share a colour")
    func sideBySideStackedBars() throws {
        // Columns sorted as in results.csv: the digital baseline's before the chip's.
        let table = CSVTable(
            columns: [
                "configuration.architecture", "metrics.digital.energyByComponentJoules.digital",
                "metrics.digital.energyByComponentJoules.mac", "metrics.energyByComponentJoules.adc",
                "metrics.energyByComponentJoules.digital",
            ],
            rows: [["isaac", "1e-9", "2e-9", "3e-9", "1e-9"], ["prime", "1e-9", "3e-9", "1e-9", "1e-9"]])
        let options = PlotOptions(
            x: "configuration.architecture", y: [],
            bars: [
                .init(name: "analog chip", pattern: "metrics.energyByComponentJoules.*"),
                .init(name: "digital baseline", pattern: "metrics.digital.energyByComponentJoules.*"),
            ],
            kind: .stackedBar)
        let svg = try SVGElements(try Plot(table: table, file: "results.csv", options: options).svg)
        let categories = ["isaac · analog chip", "isaac · digital baseline", "prime · analog chip", "prime · digital baseline"]
        #expect(svg.texts.filter(categories.contains) == categories)
        // The chip's segments first, then the baseline's new ones; "digital" appears in both bars.
        #expect(svg.withClass("series").map { $0.attributes["data-name"] } == ["ADC", "digital", "mac"])
        #expect(svg.withClass("bar").count == 2 + 4 + 2)
        #expect(svg.texts.contains("Energy by component (nJ)"))
        // Each bar is as tall as the sum of its columns: isaac's chip 4 nJ, its baseline 3 nJ.
        let series = svg.elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }
        let heights = series.map { Double($0.attributes["height"]!)! }
        let (adcIsaac, digitalIsaacChip, digitalIsaacBaseline, macIsaac) = (heights[0], heights[2], heights[3], heights[6])
        #expect(abs(adcIsaac - 3 * digitalIsaacChip) < 0.05)
        #expect(abs(macIsaac - 2 * digitalIsaacBaseline) < 0.05)
        #expect(abs((adcIsaac + digitalIsaacChip) / (macIsaac + digitalIsaacBaseline) - 4.0 / 3) < 1e-3)
    }

    @Test("beyond eight series, bars repeat the colours hatched and lines dashed")
    func repeatedColours() throws {
        let columns = (0..<10).map { "metrics.energyByComponentJoules.part\($0)" }
        let table = CSVTable(columns: ["configuration.architecture"] + columns, rows: [["isaac"] + columns.map { _ in "1e-12" }])
        let stacked = try SVGElements(try Plot(
            table: table, file: "results.csv",
            options: PlotOptions(x: "configuration.architecture", y: ["metrics.energyByComponentJoules.*"], kind: .stackedBar)).svg)
        #expect(stacked.withClass("hatch").map { $0.attributes["id"] } == ["hatch-8", "hatch-9"])
        let fills = stacked.withClass("bar").map { $0.attributes["fill"] }
        #expect(fills[0] == Plot.palette[0] && fills[8] == "url(#hatch-8)" && fills[9] == "url(#hatch-9)")
        // The hatch of series 8 is drawn over the colour of series 0.
        let hatch = try #require(stacked.elements.firstIndex { $0.attributes["id"] == "hatch-8" })
        #expect(stacked.elements[hatch + 1].attributes["fill"] == Plot.palette[0])
        let numeric = CSVTable(columns: ["x"] + columns, rows: [["1"] + columns.map { _ in "1" }, ["2"] + columns.map { _ in "2" }])
        let lines = try SVGElements(try Plot(table: numeric, file: "results.csv", options: PlotOptions(x: "x", y: columns)).svg)
        #expect(lines.withClass("line").map { $0.attributes["stroke-dasharray"] } == Array(repeating: nil, count: 8) + ["7 4", "7 4"])
        #expect(lines.withClass("hatch").isEmpty)
    }

    @Test("rows that share x and series become their mean and sample standard deviation")
    func aggregation() throws {
        let table = CSVTable(columns: ["x", "y"], rows: [["1", "1"], ["1", "2"], ["1", "3"], ["2", "4"], ["2", "4"], ["3", ""]])
        let data = try PlotData(table: table, file: "t.csv", options: PlotOptions(x: "x", y: ["y"]))
        let points = try #require(data.series.first?.points)
        #expect(points.map(\.x) == [1, 2])
        #expect(points.map(\.mean) == [2, 4])
        #expect(points.map(\.deviation) == [1, 0])
        #expect(points.map(\.count) == [3, 2])
    }

    @Test("linear ticks are 1-2-5 steps; log ticks are decades or 1-2-5 multiples; SI units take prefixes")
    func ticks() {
        let plain = AxisLabel(name: "Accuracy", unit: nil)
        let padded = AxisScale.linear(minimum: 0, maximum: 0.3, includeZero: false, label: plain)
        #expect(padded.ticks.map(\.label) == ["0.0", "0.1", "0.2", "0.3"])
        #expect(padded.lower < 0 && padded.upper > 0.3)
        let fine = AxisScale.linear(minimum: 0.867, maximum: 0.987, includeZero: false, label: plain)
        #expect(fine.ticks.map(\.label) == ["0.88", "0.90", "0.92", "0.94", "0.96", "0.98"])
        let energy = AxisScale.linear(minimum: 2e-7, maximum: 1.26e-6, includeZero: true, label: AxisLabel(name: "E", unit: "J"))
        #expect(energy.exponent == -6)
        #expect(energy.ticks.map(\.label) == ["0.0", "0.5", "1.0", "1.5"])
        #expect(energy.lower == 0)
        let big = AxisScale.linear(minimum: 0, maximum: 40000, includeZero: true, label: plain)
        #expect(big.exponent == 3)
        #expect(big.ticks.map(\.label) == ["0", "10", "20", "30", "40"])

        let decades = AxisScale.log(minimum: 1, maximum: 3.1536e7, label: AxisLabel(name: "Drift time", unit: "s"))
        #expect(decades.ticks.map(\.label) == ["10⁰", "10¹", "10²", "10³", "10⁴", "10⁵", "10⁶", "10⁷"])
        let sizes = AxisScale.log(minimum: 64, maximum: 512, label: plain)
        #expect(sizes.ticks.map(\.label) == ["100", "200", "500"])
        let joules = AxisScale.log(minimum: 1.6e-7, maximum: 4e-6, label: AxisLabel(name: "E", unit: "J"))
        #expect(joules.exponent == -6)
        #expect(joules.ticks.map(\.label) == ["0.2", "0.5", "1", "2"])
    }

    @Test("axis titles come from column names with their units")
    func labels() {
        func title(_ column: String, _ exponent: Int = 0) -> String {
            AxisLabel.inferred(fromColumn: column).title(exponent: exponent)
        }
        #expect(title("metrics.energyPerInferenceJoules", -9) == "Energy per inference (nJ)")
        #expect(title("configuration.device.d2dSigmaRelative") == "Device d2d sigma (relative)")
        #expect(title("metrics.throughputInferencesPerSecond", 3) == "Throughput (×10³ inferences/s)")
        #expect(title("metrics.areaSquareMillimetres") == "Area (mm²)")
        #expect(title("configuration.adc.bits") == "ADC bits")
        #expect(title("configuration.wire.resistanceOhms", 3) == "Wire resistance (kΩ)")
        #expect(title("metrics.accuracy.analog", -3) == "Accuracy analog (×10⁻³)")
        #expect(AxisLabel.given("Energy (J)").title(exponent: -12) == "Energy (pJ)")
        #expect(AxisLabel.given("Accuracy").title(exponent: 0) == "Accuracy")
    }

    @Test("--bar reads NAME=COLUMNS")
    func barParsing() {
        #expect(PlotOptions.Bar(parsing: "digital baseline = metrics.digital.energyByComponentJoules.*")
            == PlotOptions.Bar(name: "digital baseline", pattern: "metrics.digital.energyByComponentJoules.*"))
        #expect(PlotOptions.Bar(parsing: "metrics.energyByComponentJoules.*") == nil)
        #expect(PlotOptions.Bar(parsing: "=metrics.a") == nil)
        #expect(PlotOptions.Bar(parsing: "name=") == nil)
    }

    @Test("plot errors name the file, the column and what to change")
    func errors() throws {
        func error(_ options: PlotOptions, table: CSVTable = PlotTests.table) -> PlotError? {
            do {
                _ = try Plot(table: table, file: "results.csv", options: options)
                return nil
            } catch {
                return error as? PlotError
            }
        }
        #expect(error(PlotOptions(x: "configuration.adc.bits", y: ["metrics.accuracy.analog"]))
            == .unknownColumn(file: "results.csv", column: "configuration.adc.bits", available: Self.table.columns))
        #expect(error(PlotOptions(x: "point", y: ["metrics.energy.*"]))
            == .unknownColumn(file: "results.csv", column: "metrics.energy.*", available: Self.table.columns))
        #expect(error(PlotOptions(x: "configuration.device.preset", y: ["metrics.accuracy.analog"]))
            == .notNumeric(file: "results.csv", column: "configuration.device.preset", row: 2, value: "reram"))
        #expect(error(PlotOptions(x: "configuration.device.d2dSigmaRelative", y: ["metrics.accuracy.analog"], logX: true))
            == .nonPositiveOnLogScale(file: "results.csv", column: "configuration.device.d2dSigmaRelative", value: 0))
        let negative = CSVTable(columns: ["a", "b"], rows: [["x", "-1"]])
        #expect(error(PlotOptions(x: "a", y: ["b"], kind: .stackedBar), table: negative)
            == .negativeStackedValue(file: "results.csv", column: "b", value: -1))
        #expect(error(PlotOptions(x: "a", y: ["b"]), table: CSVTable(columns: ["a", "b"], rows: [["1", ""]]))
            == .noData(file: "results.csv"))
        for options in [
            PlotOptions(x: "a", y: ["b"], kind: .bar, logX: true),
            PlotOptions(x: "a", y: ["b"], kind: .stackedBar, logY: true),
            PlotOptions(x: "a", y: ["b"], kind: .stackedBar, errorBars: true),
            PlotOptions(x: "a", y: []),
            PlotOptions(x: "point", y: ["metrics.accuracy.analog", "point"], series: "configuration.device.preset"),
            PlotOptions(x: "a", y: [], bars: [.init(name: "a", pattern: "b*")]),
            PlotOptions(x: "a", y: ["b"], bars: [.init(name: "a", pattern: "b*")], kind: .stackedBar),
            PlotOptions(x: "a", y: [], bars: [.init(name: "a", pattern: "b*")], series: "c", kind: .stackedBar),
            PlotOptions(x: "a", y: [], bars: [.init(name: "a", pattern: "b*"), .init(name: "a", pattern: "c*")], kind: .stackedBar),
        ] {
            guard case .invalidOptions = error(options) else {
                Issue.record("expected invalid options for \(options)")
                continue
            }
        }
    }
}
