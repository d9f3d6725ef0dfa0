import Numerics

/// A device whose cells can be written to any conductance in their window, not only to a level
/// (ReRAM, PCM and their aihwkit equivalents): `crossbar device --target-conductance`, and
/// aihwkit-style analog weights.
///
/// ``MemoryDevice/program(level:levelCount:using:)`` is ``program(targetSiemens:using:)`` at
/// ``MemoryDevice/targetConductance(level:levelCount:)``.
public protocol ConductanceProgrammable: MemoryDevice {
    /// Writes `targetSiemens` into a fresh (erased) cell, drawing from `stream` as
    /// ``MemoryDevice/program(level:levelCount:using:)`` does (one 64-bit word per call).
    func program(targetSiemens: Double, using stream: inout RandomStream) -> ProgrammedCell
}

extension ConductanceProgrammable {
    public func program(level: Int, levelCount: Int, using stream: inout RandomStream) -> ProgrammedCell {
        checkLevel(level, of: levelCount)
        return program(targetSiemens: targetConductance(level: level, levelCount: levelCount), using: &stream)
    }
}
