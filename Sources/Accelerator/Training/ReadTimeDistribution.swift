import Foundation
import Numerics

/// The time after programming at which each training step reads the chip (drift), seconds.
public enum ReadTimeDistribution: Sendable, Equatable, CustomStringConvertible {
    /// Every step at the same time.
    case fixed(Double)
    /// log t uniform between the bounds (both > 0, lower ≤ upper): every decade of the span
    /// weighs the same, as a chip read over its lifetime.
    case logUniform(ClosedRange<Double>)

    /// One read time, from one uniform draw of `stream` (none for ``fixed(_:)``).
    public func sample(using stream: inout RandomStream) -> Double {
        switch self {
        case .fixed(let seconds): return seconds
        case .logUniform(let range):
            let (low, high) = (log(range.lowerBound), log(range.upperBound))
            return exp(low + (high - low) * stream.nextUniform())
        }
    }

    /// `T` or `T1:T2` (log-uniform), as the CLI's `--read-time` takes it.
    public var description: String {
        switch self {
        case .fixed(let seconds): "\(seconds)"
        case .logUniform(let range): "\(range.lowerBound):\(range.upperBound)"
        }
    }
}
