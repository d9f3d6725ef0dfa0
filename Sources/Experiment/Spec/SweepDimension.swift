import DataFiles
import Numerics

/// One dimension of an experiment's grid: a single axis, or several axes zipped so that they
/// change together (value `i` of each axis goes with value `i` of the others).
///
/// An experiment's points are the Cartesian product of its dimensions, the first dimension
/// varying slowest. `{"zip": [rows, columns]}` with rows = columns = [64, 128] gives the two
/// points 64×64 and 128×128, not four.
public struct SweepDimension: Sendable, Hashable {
    /// The axes that vary together; all have the same number of values.
    public let axes: [SweepAxis]

    /// How many positions the dimension has.
    public var count: Int { axes[0].values.count }

    /// The settings at position `index`: each axis's path and its `index`-th value.
    public func settings(at index: Int) -> [(path: String, value: JSONValue)] {
        axes.map { ($0.path, $0.values[index]) }
    }
}
