/// How an experiment's points are evaluated (a spec's `evaluation` field).
public enum EvaluationKind: String, Sendable, CaseIterable {
    /// A full run with images: map, program, read the chip, report accuracy and cost (``RunEvaluator``; the default).
    case run
    /// An estimate from the mapping at full activity, without images (``EstimateEvaluator``).
    case estimate
}
