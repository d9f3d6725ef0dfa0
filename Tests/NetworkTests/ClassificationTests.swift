import Numerics
import Testing

@testable import Network

@Suite("Classification: top-1 agreement and relative logit RMS error")
struct ClassificationTests {
    @Test("relative RMS error is RMS(a − b)/RMS(b): [3, 5] against [3, 4] is √(0.5/12.5) = 0.2")
    func relativeRMSError() {
        let reference = Tensor<Float>(shape: [1, 2], elements: [3, 4])
        let scores = Tensor<Float>(shape: [1, 2], elements: [3, 5])
        #expect(abs(Classification.relativeRMSError(scores, reference: reference) - 0.2) < 1e-12)
        #expect(Classification.relativeRMSError(reference, reference: reference) == 0)
        #expect(Classification.relativeRMSError(scores, reference: Tensor(shape: [1, 2], elements: [0, 0])) == .infinity)
    }

    @Test("agreement counts equal predictions")
    func agreement() {
        #expect(Classification.agreement([1, 2, 3, 4], [1, 0, 3, 0]) == 0.5)
    }
}
