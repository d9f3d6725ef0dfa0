/// How a plot draws its data.
public enum PlotKind: String, Sendable, Hashable, CaseIterable {
    /// Mean of each x per series, joined by lines, with markers.
    case line
    /// Every row as a marker (means with error bars when asked for).
    case scatter
    /// Bars side by side per x category, one per series.
    case bar
    /// Bars stacked per x category, one segment per series (an energy breakdown).
    case stackedBar = "stacked-bar"
}
