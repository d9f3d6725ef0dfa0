import Numerics
import TestSupport
import Testing

/// The statistics helpers against numpy/scipy (values computed with numpy 2.4 and scipy 1.17).
@Suite("Statistics helpers")
struct StatisticsTests {
    let sample: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]

    @Test("mean, sample variance and standard deviation match numpy (ddof = 1)")
    func moments() {
        #expect(Statistics.mean(sample) == 3.875)
        #expect(abs(Statistics.variance(sample) - 7.553571428571429) < 1e-14)
        #expect(abs(Statistics.standardDeviation(sample) - 2.748376143938713) < 1e-14)
    }

    @Test("quantiles interpolate linearly like numpy.percentile")
    func quantiles() {
        let expected: [(Double, Double)] = [(0, 1), (0.25, 1.75), (0.5, 3.5), (0.99, 8.79), (1, 9)]
        for (fraction, value) in expected {
            #expect(abs(Statistics.quantile(sample, fraction) - value) < 1e-12, "quantile \(fraction)")
        }
    }

    @Test("the mean of identical values is exactly that value")
    func exactMean() {
        let values = [Double](repeating: 1e-4, count: 1000)
        #expect(Statistics.mean(values) == 1e-4)
        #expect(SampleSummary(values).standardDeviation == 0)
    }

    @Test("a least-squares line matches scipy.stats.linregress")
    func lineFit() {
        let fit = LinearFit(x: [1, 2, 3, 4, 5], y: [2.1, 3.9, 6.2, 7.8, 10.1])
        #expect(abs(fit.slope - 1.99) < 1e-12)
        #expect(abs(fit.intercept - 0.05) < 1e-12)
        #expect(abs(fit.slopeStandardError - 0.059721576223897795) < 1e-12)
    }
}
