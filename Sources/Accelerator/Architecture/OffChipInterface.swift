/// What carries a chip's bits to and from the outside (`offChipInterface`): the component that
/// prices ``Action/offChipBitTransfer``, the run report's I/O. ``ArchitectureSpec/offChipLinks``
/// and ``ArchitectureSpec/offChipLinkBytesPerSecond`` give its lanes and their rate either way.
public enum OffChipInterface: String, Sendable, Hashable, CaseIterable, Codable {
    /// Point-to-point serial links, ISAAC's HyperTransport (`link`, priced from ISAAC's Table I).
    case hyperTransport
    /// A DDR memory chip's data pins (PRIME: the accelerator is the main memory, so its I/O is the
    /// memory bus; `memory-bus`, priced from the pins' drivers and termination): one lane per pin.
    case memoryBus
}
