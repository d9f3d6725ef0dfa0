extension Dictionary where Key: Comparable, Value == Double {
    /// Σ of the values added in key order, so that the rounding of the sum does not depend on
    /// the dictionary's iteration order (which differs between equal dictionaries): equal
    /// inputs give bit-identical totals and reports.
    var sumInKeyOrder: Double {
        keys.sorted().reduce(0) { $0 + self[$1]! }
    }
}
