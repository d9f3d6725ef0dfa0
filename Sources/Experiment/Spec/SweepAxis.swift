import DataFiles
import Numerics

/// One swept (free) setting: a configuration path and the values it takes.
public struct SweepAxis: Sendable, Hashable {
    /// Dotted path into the run configuration, such as `device.d2dSigmaRelative`.
    public let path: String
    /// The values, in the order the points visit them (a range is expanded).
    public let values: [JSONValue]
    /// Where the axis is written in the spec file (`axes[1].zip[0]`), for error messages.
    public let field: String
}
