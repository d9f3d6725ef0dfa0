/// Groups of keys several technologies share.
extension PresetReader {
    /// `resistanceOnOhms` and `onOffRatio` → (G_min, G_max) = (1/(R_on·ratio), 1/R_on), siemens.
    mutating func resistanceWindow() -> (Double, Double) {
        let resistanceOn = number("resistanceOnOhms", .positive)
        let ratio = number("onOffRatio", .greaterThan(1))
        return (1 / (resistanceOn * ratio), 1 / resistanceOn)
    }

    /// `readVoltageVolts`, `readPulseSeconds`, `cellAreaFeatureSquared`.
    mutating func readout() -> (Double, Double, Double) {
        (
            number("readVoltageVolts", .leftOpen(0, 5)), number("readPulseSeconds", .leftOpen(0, 1)),
            number("cellAreaFeatureSquared", .leftOpen(0, 10_000))
        )
    }

    /// `d2dSigmaRelative`, the device-to-device knob every non-ideal technology has.
    mutating func d2dSigma() -> Double {
        number("d2dSigmaRelative", .closed(0, 0.5))
    }

    /// `readNoiseSigmaRelative`, `readNoiseSigmaSiemens`: Gaussian read noise.
    mutating func gaussianReadNoise() -> GaussianReadNoise {
        GaussianReadNoise(
            sigmaRelative: number("readNoiseSigmaRelative", .closed(0, 1)),
            sigmaSiemens: number("readNoiseSigmaSiemens", .nonNegative))
    }

    /// Polynomial coefficients (1–8 of them) of a σ/G_max that must be ≥ 0 over x ∈ [0, 1].
    mutating func polynomial(_ key: String) -> [Double] {
        let coefficients = numbers(key, count: 1...8, each: .finite)
        let negative = (0...100).contains { step in
            let x = Double(step) / 100
            return coefficients.reversed().reduce(0) { $0 * x + $1 } < 0
        }
        require(!negative, key, allowed: "coefficients whose polynomial is ≥ 0 for x in [0, 1]")
        return coefficients
    }

    /// `stuckOnRate`, `stuckOffRate`, `enduranceCycles`, `enduranceLogSigma`, `priorWriteCycles`.
    mutating func faultModel() -> FaultModel {
        let stuckOn = number("stuckOnRate", .probability)
        let stuckOff = number("stuckOffRate", .probability)
        require(stuckOn + stuckOff <= 1, "stuckOffRate", allowed: "stuckOnRate + stuckOffRate ≤ 1")
        return FaultModel(
            stuckOnRate: stuckOn, stuckOffRate: stuckOff, enduranceCycles: number("enduranceCycles", .closed(1, 1e20)),
            enduranceLogSigma: number("enduranceLogSigma", .closed(0, 5)),
            priorWriteCycles: number("priorWriteCycles", .closed(0, 1e20)))
    }
}
