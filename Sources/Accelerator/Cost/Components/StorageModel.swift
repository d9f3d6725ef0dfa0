import Circuit

/// A register or buffer (`input-register`, `output-register`, `edram`,
/// `tile-output-register`): one per IMA or tile when its capacity is not zero, priced per bit
/// read and written (the same energy per bit), sized from the table's reference capacity
/// (``ComponentCalibration/storage(bytes:referenceBytes:)``), one clock cycle per action.
struct StorageModel: ChipComponentModel {
    /// The architecture's capacity of this storage, bytes.
    let bytes: KeyPath<ArchitectureSpec, Int> & Sendable
    /// What the size label says before the capacity (`eDRAM `), and the name it shows.
    let technology: String
    /// The name the size label shows, when shorter than the component's.
    let shortName: String?
    /// The action of one bit read and of one bit written.
    let read: Action, write: Action
    /// Bits read and written per second at peak.
    let peakBits: @Sendable (PeakActivity) -> (read: Double, write: Double)

    /// An IMA's input register: every input bit written once, read once per DAC bit applied.
    static let inputRegister = StorageModel(
        bytes: \.inputRegisterBytesPerIMA, technology: "", shortName: nil, read: .inputRegisterBitRead, write: .inputRegisterBitWrite
    ) { a in
        let o = a.architecture
        return (Double(o.arraysPerIMA) * Double(o.arrayRows) * Double(o.dacBits) / a.cycleSeconds, a.imaInputBitsPerSecond)
    }
    /// An IMA's output register: every output bit written and read once.
    static let outputRegister = StorageModel(
        bytes: \.outputRegisterBytesPerIMA, technology: "", shortName: nil, read: .outputRegisterBitRead, write: .outputRegisterBitWrite
    ) { a in (a.imaOutputBitsPerSecond, a.imaOutputBitsPerSecond) }
    /// The tile buffer: read for every input bit sent to an IMA, written for every output bit.
    static let tileBuffer = StorageModel(
        bytes: \.edramBytesPerTile, technology: "eDRAM ", shortName: nil, read: .tileBufferBitRead, write: .tileBufferBitWrite
    ) { a in
        let imas = Double(a.architecture.imasPerTile)
        return (imas * a.imaInputBitsPerSecond, imas * a.imaOutputBitsPerSecond)
    }
    /// The tile output register: every final output written and read once.
    static let tileOutputRegister = StorageModel(
        bytes: \.outputRegisterBytesPerTile, technology: "", shortName: "tileOutputReg", read: .tileOutputRegisterBitRead,
        write: .tileOutputRegisterBitWrite
    ) { a in
        let bits = a.tileOutputsPerSecond * Double(a.architecture.imaOutputBits)
        return (bits, bits)
    }

    func count(_ o: ArchitectureSpec) -> Double { o[keyPath: bytes] > 0 ? 1 : 0 }

    func label(_ name: String, _ o: ArchitectureSpec) -> String {
        let size = o[keyPath: bytes]
        return "\(shortName ?? name) (\(technology)\(size >= 1024 && size % 1024 == 0 ? "\(size / 1024) KB" : "\(size) B"))"
    }

    func peakActionsPerSecond(_ activity: PeakActivity) -> [Action: Double] {
        let bits = peakBits(activity)
        return [read: bits.read, write: bits.write]
    }

    func figures(_ c: ComponentCalibration) throws -> ComponentFigures {
        try c.storage(bytes: c.architecture[keyPath: bytes], referenceBytes: c.table.architecture[keyPath: bytes])
    }
}
