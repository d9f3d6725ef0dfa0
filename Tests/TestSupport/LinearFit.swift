import Numerics

/// Ordinary least-squares line y ≈ intercept + slope·x, for tests that check a fitted slope
/// (drift exponents, scaling laws) against its closed form.
///
/// Standard errors assume independent residuals of equal variance (the textbook OLS formulas:
/// s² = Σr²/(n − 2), SE(slope) = s/√Σ(x − x̄)²).
public struct LinearFit: Sendable, Equatable {
    /// Fitted slope dy/dx.
    public let slope: Double
    /// Fitted value at x = 0.
    public let intercept: Double
    /// Standard error of the slope (0 when n = 2: the line passes through both points).
    public let slopeStandardError: Double

    /// Fits a line through the points (x[i], y[i]); needs at least two distinct x values.
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y differ in length (\(x.count) vs \(y.count))")
        precondition(x.count >= 2, "a line fit needs at least two points")
        let meanX = Statistics.mean(x)
        let meanY = Statistics.mean(y)
        var sxx = 0.0
        var sxy = 0.0
        for i in x.indices {
            sxx += (x[i] - meanX) * (x[i] - meanX)
            sxy += (x[i] - meanX) * (y[i] - meanY)
        }
        precondition(sxx > 0, "a line fit needs two distinct x values")
        slope = sxy / sxx
        intercept = meanY - slope * meanX
        if x.count > 2 {
            var residualSquares = 0.0
            for i in x.indices {
                let residual = y[i] - (intercept + slope * x[i])
                residualSquares += residual * residual
            }
            slopeStandardError = (residualSquares / Double(x.count - 2) / sxx).squareRoot()
        } else {
            slopeStandardError = 0
        }
    }
}
