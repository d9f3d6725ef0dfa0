/// How the mapper places a grouped convolution (G > 1 groups: a block-diagonal K × N matrix of
/// G blocks of K/G × N/G weights), the architecture key `groupedConvolutions`.
public enum GroupedConvolutionMapping: String, Sendable, CaseIterable {
    /// Block-diagonal placement: row and column blocks follow the group boundaries, as many
    /// whole groups per array as fit both its rows and its outputs (a group larger than an
    /// array is cut within itself), and only the arrays that hold a group's weights exist — the
    /// all-zero blocks off the diagonal take no arrays. G = 1 gives the ordinary ⌈K/R⌉ × ⌈N/P⌉ cut.
    case arrays
    /// As ``arrays``, except that depthwise layers (G = C_in) run in the digital units: they
    /// take no arrays, their products are computed exactly and their MACs are counted there.
    case digitalDepthwise
}
