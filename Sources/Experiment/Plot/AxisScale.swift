import Foundation

/// Maps data values to positions along an axis and chooses its ticks: steps of 1, 2 or 5 × 10ⁿ
/// on a linear axis, decades (with minor ticks) on a logarithmic one, one band per category.
struct AxisScale {
    enum Kind {
        case linear
        case log
        case categorical
    }

    /// A labelled tick.
    struct Tick {
        let value: Double
        let label: String
    }

    let kind: Kind
    /// The smallest value shown (for categories: 0).
    let lower: Double
    /// The largest value shown (for categories: their count).
    let upper: Double
    /// Labelled ticks.
    let ticks: [Tick]
    /// Unlabelled small ticks (log axes).
    let minorTicks: [Double]
    /// Tick labels are values divided by 10^exponent; the axis title says so.
    let exponent: Int

    /// Where `value` lies between the lower (0) and upper (1) end; categories are indices
    /// placed at the middle of their band.
    func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear: (value - lower) / (upper - lower)
        case .log: (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        case .categorical: (value + 0.5) / upper
        }
    }

    /// A linear axis over `minimum…maximum`. With `includeZero` (bars) it starts or ends at 0
    /// and is widened to whole steps; otherwise it reaches 4 % of the span beyond the data, so
    /// markers do not sit on the axes, with ticks at the steps inside.
    static func linear(minimum: Double, maximum: Double, includeZero: Bool, label: AxisLabel) -> AxisScale {
        var low = minimum
        var high = maximum
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        } else {
            let pad = (high - low) * 0.04
            low -= pad
            high += pad
        }
        let rawStep = (high - low) / 5
        let magnitude = pow(10, (log10(rawStep)).rounded(.down))
        var step = ([1.0, 2, 5].first { $0 * magnitude >= rawStep * (1 - 1e-9) } ?? 10) * magnitude
        func range(_ step: Double) -> (first: Double, last: Double) {
            includeZero
                ? ((low / step * (1 + 1e-12)).rounded(.down), (high / step * (1 - 1e-12)).rounded(.up))
                : ((low / step * (1 - 1e-12)).rounded(.up), (high / step * (1 + 1e-12)).rounded(.down))
        }
        // Padded axes show only the ticks inside: take the next finer step (5 → 2 → 1 → 0.5…)
        // until at least four are.
        while !includeZero, range(step).last - range(step).first < 3 {
            let decade = pow(10, log10(step).rounded(.down))
            let mantissa = (step / decade).rounded()
            step = mantissa == 1 ? decade / 2 : mantissa == 2 ? decade : 2 * decade
        }
        let (first, last) = range(step)
        let lower = includeZero ? first * step : low
        let upper = includeZero ? last * step : high
        let largest = max(abs(first * step), abs(last * step))
        var exponent = 0
        if largest > 0, label.takesSIPrefix || largest >= 1e4 || largest < 1e-2 {
            exponent = min(12, max(-15, Int((log10(largest) / 3).rounded(.down)) * 3))
        }
        let scale = pow(10, Double(exponent))
        let decimals = TickFormat.decimals(forStep: step / scale)
        let ticks = stride(from: first, through: last, by: 1).map { index in
            Tick(value: index * step, label: TickFormat.fixed(index * step / scale, decimals: decimals))
        }
        return AxisScale(kind: .linear, lower: lower, upper: upper, ticks: ticks, minorTicks: [], exponent: exponent)
    }

    /// A logarithmic axis over `minimum…maximum` (both positive), reaching a little beyond the
    /// data: ticks at the decades when the data span two or more, else at 1, 2 and 5 × 10ⁿ. Ticks
    /// are plain numbers when they fit (after an SI prefix for an SI unit), else powers of ten.
    static func log(minimum: Double, maximum: Double, label: AxisLabel) -> AxisScale {
        let lowDecade = Int(log10(minimum).rounded(.down))
        var highDecade = Int(log10(maximum).rounded(.up))
        if highDecade == lowDecade { highDecade += 1 }
        var major: [Double] = []
        var minor: [Double] = []
        let lower: Double
        let upper: Double
        if maximum / minimum >= 100 {
            // 4 % of the span (in log space) beyond the data, ticks at the decades inside.
            let pad = pow(maximum / minimum, 0.04)
            lower = minimum / pad
            upper = maximum * pad
            let every = max(1, (highDecade - lowDecade + 7) / 8)
            major = stride(from: lowDecade, through: highDecade, by: every).map { pow(10, Double($0)) }
                .filter { $0 >= lower && $0 <= upper }
            if highDecade - lowDecade <= 6 {
                minor = (lowDecade..<highDecade).flatMap { decade in (2...9).map { Double($0) * pow(10, Double(decade)) } }
                    .filter { $0 >= lower && $0 <= upper }
            }
        } else {
            lower = minimum / 1.15
            upper = maximum * 1.15
            let candidates = (lowDecade - 1...highDecade).flatMap { decade in
                (1...9).map { Double($0) * pow(10, Double(decade)) }
            }.filter { $0 >= lower && $0 <= upper }
            major = candidates.filter { value in
                let mantissa = (value / pow(10, log10(value).rounded(.down))).rounded()
                return [1, 2, 5].contains(mantissa)
            }
            if major.count < 2 { major = candidates }
            minor = candidates.filter { !major.contains($0) }
        }
        func fits(_ scale: Double) -> Bool { major.allSatisfy { $0 / scale >= 1e-3 && $0 / scale < 1e5 } }
        var exponent = 0
        if label.takesSIPrefix, let top = major.max() {
            let candidate = min(12, max(-15, Int((log10(top) / 3).rounded(.down)) * 3))
            if fits(pow(10, Double(candidate))) { exponent = candidate }
        }
        let scale = pow(10, Double(exponent))
        let plain = fits(scale)
        let ticks = major.map { Tick(value: $0, label: plain ? TickFormat.compact($0 / scale) : TickFormat.scientific($0)) }
        return AxisScale(kind: .log, lower: lower, upper: upper, ticks: ticks, minorTicks: minor, exponent: exponent)
    }

    /// One band per category, labelled with its name.
    static func categorical(_ names: [String]) -> AxisScale {
        AxisScale(
            kind: .categorical, lower: 0, upper: Double(names.count),
            ticks: names.enumerated().map { Tick(value: Double($0.offset), label: $0.element) }, minorTicks: [],
            exponent: 0)
    }
}
