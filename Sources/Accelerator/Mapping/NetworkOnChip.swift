/// The chip's on-chip network as the ledger routes bits over it: ISAAC's concentrated mesh
/// (Shafiee et al., ISCA 2016, §V: one router shared by four tiles), its routers on a w × w grid
/// in tile order, w = ⌈√(routers)⌉, router r at (r mod w, ⌊r/w⌋), the off-chip links at router 0.
///
/// A bit from tile a to tile b on another tile passes the routers of a dimension-ordered route,
/// |Δx| + |Δy| + 1 of them (its own router, each hop's, the destination's); a bit that stays on
/// its tile passes none, and a bit between a tile and the off-chip links passes the routers
/// from the tile's router to router 0. Link contention and router latency are not modelled.
public struct NetworkOnChip: Sendable, Equatable {
    /// Tiles per router.
    public let tilesPerRouter: Int
    /// Routers per row of the mesh.
    public let width: Int

    /// The network of `architecture` (which has routers: ``ArchitectureSpec/tilesPerRouter`` > 0).
    public init(_ architecture: ArchitectureSpec) {
        precondition(architecture.tilesPerRouter > 0, "the architecture has no on-chip network")
        tilesPerRouter = architecture.tilesPerRouter
        width = Int(Double(architecture.routersPerChip).squareRoot().rounded(.up))
    }

    /// Mesh coordinates of the router of `tile`.
    func position(ofTile tile: Int) -> (x: Int, y: Int) {
        let router = tile / tilesPerRouter
        return (router % width, router / width)
    }

    /// Routers a bit passes from tile `a` to tile `b` (0 on the same tile).
    public func traversals(from a: Int, to b: Int) -> Int {
        guard a != b else { return 0 }
        let p = position(ofTile: a), q = position(ofTile: b)
        return abs(p.x - q.x) + abs(p.y - q.y) + 1
    }

    /// Routers a bit passes between tile `tile` and the off-chip links (at router 0).
    public func traversalsToLinks(fromTile tile: Int) -> Int {
        let p = position(ofTile: tile)
        return p.x + p.y + 1
    }

    /// Mean routers per bit when bits leave `sources` tiles evenly and reach `destinations` tiles
    /// evenly (every pair of tiles equally likely; 0 for a pair on the same tile).
    public func meanTraversals(from sources: Set<Int>, to destinations: Set<Int>) -> Double {
        guard !sources.isEmpty, !destinations.isEmpty else { return 0 }
        let total = sources.reduce(0) { sum, a in destinations.reduce(sum) { $0 + traversals(from: a, to: $1) } }
        return Double(total) / Double(sources.count * destinations.count)
    }

    /// Mean routers per bit between `tiles` (evenly) and the off-chip links.
    public func meanTraversalsToLinks(from tiles: Set<Int>) -> Double {
        guard !tiles.isEmpty else { return 1 }
        return Double(tiles.reduce(0) { $0 + traversalsToLinks(fromTile: $1) }) / Double(tiles.count)
    }
}
