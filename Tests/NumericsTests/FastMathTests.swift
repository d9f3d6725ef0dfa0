import Foundation
import Numerics
import Testing

@Suite("Vectorized elementary functions")
struct FastMathTests {
    /// Every 127th of the 2²⁴ values j·2⁻²⁴ that Box–Muller feeds to the logarithm, then `count`
    /// more values spread geometrically over all normal binades.
    static func logInputs() -> [Float] {
        var inputs = stride(from: 1, through: 1 << 24, by: 127).map { Float($0) * 0x1p-24 } + [1]
        var x = Float.leastNormalMagnitude
        while x < Float.greatestFiniteMagnitude / 2 {
            inputs.append(x)
            x *= 1.0137
        }
        return inputs
    }

    /// `f` applied to `inputs` eight at a time.
    static func lanes(_ inputs: [Float], _ f: (SIMD8<Float>) -> SIMD8<Float>) -> [Float] {
        var outputs = [Float]()
        for start in stride(from: 0, to: inputs.count, by: 8) {
            var x = SIMD8<Float>(repeating: 1)
            for lane in 0..<min(8, inputs.count - start) { x[lane] = inputs[start + lane] }
            let y = f(x)
            for lane in 0..<min(8, inputs.count - start) { outputs.append(y[lane]) }
        }
        return outputs
    }

    @Test("log is within one ulp of Foundation's Double log")
    func log() {
        let inputs = Self.logInputs()
        let outputs = Self.lanes(inputs, FastMath.log)
        var worst = 0.0
        for (x, y) in zip(inputs, outputs) {
            let exact = Foundation.log(Double(x))
            let error = abs(Double(y) - exact) / Double(Float(exact).ulp)
            if exact == 0 { #expect(y == 0) } else { worst = max(worst, error) }
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
    }

    @Test("sinCosTwoPi is within 4·2⁻²⁴ of Foundation's sin and cos of 2πu")
    func sinCos() {
        // Every 127th of the values j·2⁻²⁴ in [0, 1] that Box–Muller uses, the quadrant edges included.
        let inputs = stride(from: 0, through: 1 << 24, by: 127).map { Float($0) * 0x1p-24 } + [0.125, 0.25, 0.5, 0.75, 1]
        let sines = Self.lanes(inputs) { FastMath.sinCosTwoPi($0).sin }
        let cosines = Self.lanes(inputs) { FastMath.sinCosTwoPi($0).cos }
        var worst = 0.0
        for (u, (s, c)) in zip(inputs, zip(sines, cosines)) {
            let angle = 2 * Double.pi * Double(u)
            worst = max(worst, abs(Double(s) - Foundation.sin(angle)), abs(Double(c) - Foundation.cos(angle)))
        }
        #expect(worst <= 4 * 0x1p-24, "worst error \(worst)")
    }

    @Test("roundedToNearestEven sends ties to even")
    func rounding() {
        let x = SIMD8<Float>(0.5, 1.5, 2.5, -0.5, -1.5, 2.4999998, 3.5000002, -7)
        #expect(FastMath.roundedToNearestEven(x) == SIMD8<Float>(0, 2, 2, -0.0, -2, 2, 4, -7))
    }
}
