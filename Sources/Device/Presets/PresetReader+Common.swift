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

    /// aihwkit's PCM drift keys (`driftReferenceSeconds`, `driftExponentMean…`,
    /// `driftExponentSigma…`; see ``PCMDrift``).
    mutating func pcmDrift() -> PCMDrift {
        let reference = number("driftReferenceSeconds", .positive)
        let meanSlope = number("driftExponentMeanLogSlope", .finite)
        let meanIntercept = number("driftExponentMeanIntercept", .finite)
        let meanMinimum = number("driftExponentMeanMinimum", .closed(0, 1))
        let meanMaximum = number("driftExponentMeanMaximum", .closed(0, 1))
        require(meanMaximum >= meanMinimum, "driftExponentMeanMaximum", allowed: "≥ driftExponentMeanMinimum")
        let sigmaSlope = number("driftExponentSigmaLogSlope", .finite)
        let sigmaIntercept = number("driftExponentSigmaIntercept", .finite)
        let sigmaMinimum = number("driftExponentSigmaMinimum", .closed(0, 1))
        let sigmaMaximum = number("driftExponentSigmaMaximum", .closed(0, 1))
        require(sigmaMaximum >= sigmaMinimum, "driftExponentSigmaMaximum", allowed: "≥ driftExponentSigmaMinimum")
        return PCMDrift(
            referenceSeconds: reference, meanLogSlope: meanSlope, meanIntercept: meanIntercept, meanMinimum: meanMinimum,
            meanMaximum: meanMaximum, sigmaLogSlope: sigmaSlope, sigmaIntercept: sigmaIntercept,
            sigmaMinimum: sigmaMinimum, sigmaMaximum: sigmaMaximum)
    }

    /// aihwkit's PCM 1/f read-noise keys (`readNoiseCoefficient`, `readNoiseExponent`,
    /// `readNoiseMaximumRelative`, `readNoiseTimeSeconds`; see ``PCMReadNoise``).
    mutating func pcmReadNoise(conductanceMaxSiemens: Double) -> PCMReadNoise {
        PCMReadNoise(
            coefficient: number("readNoiseCoefficient", .closed(0, 1)), exponent: number("readNoiseExponent", .closed(0, 5)),
            maximumRelative: number("readNoiseMaximumRelative", .closed(0, 1)),
            readTimeSeconds: number("readNoiseTimeSeconds", .leftOpen(0, 1)), conductanceMaxSiemens: conductanceMaxSiemens)
    }

    /// `bitsPerCell`, `maximumBitsPerCell` (at most `maximumBits`), `conductanceMinSiemens`,
    /// `conductanceMaxSiemens` and the ``readout()`` keys: the window of an analog device given
    /// directly in siemens.
    mutating func analogWindow(maximumBits: Int) -> AnalogCellWindow {
        let maximumBitsPerCell = integer("maximumBitsPerCell", 1...maximumBits)
        let bitsPerCell = integer("bitsPerCell", 1...maximumBits)
        require(bitsPerCell <= maximumBitsPerCell, "bitsPerCell", allowed: "at most maximumBitsPerCell")
        let low = number("conductanceMinSiemens", .closed(0, 1))
        let high = number("conductanceMaxSiemens", .leftOpen(0, 1))
        require(high > low, "conductanceMaxSiemens", allowed: "> conductanceMinSiemens")
        let (readVoltage, readPulse, area) = readout()
        return AnalogCellWindow(
            bitsPerCell: bitsPerCell, maximumBitsPerCell: maximumBitsPerCell, conductanceMinSiemens: low,
            conductanceMaxSiemens: high, readVoltageVolts: readVoltage, readPulseSeconds: readPulse,
            cellAreaFeatureSquared: area)
    }

    /// `programmingNoiseSeconds`, `relaxationTimesSeconds`, `relaxationCoefficientsRelative` (the
    /// polynomials of the later times one after the other, each as long): the spread of ReRAM
    /// conductances at later times (see ``ReRAMRelaxation``), whose first fit is `programming`,
    /// the programming-noise polynomial.
    mutating func reramRelaxation(programming: ConductancePolynomial) -> ReRAMRelaxation {
        let first = number("programmingNoiseSeconds", .positive)
        let times = numbers("relaxationTimesSeconds", count: 1...8, each: .positive)
        let increasing = zip([first] + times, times).allSatisfy { $0 < $1 }
        require(increasing, "relaxationTimesSeconds", allowed: "increasing times, each after programmingNoiseSeconds")
        let coefficients = numbers("relaxationCoefficientsRelative", count: 1...64, each: .finite)
        let perTime = max(1, coefficients.count / times.count)
        require(
            coefficients.count == perTime * times.count, "relaxationCoefficientsRelative",
            allowed: "the same number of coefficients for each of the \(times.count) relaxationTimesSeconds, time after time")
        let fits = times.indices.map { index in
            ConductancePolynomial(
                coefficientsRelative: Array(coefficients.dropFirst(index * perTime).prefix(perTime)),
                conductanceMaxSiemens: programming.conductanceMaxSiemens)
        }
        let negative = fits.contains { fit in
            (0...100).contains { fit.standardDeviation(atSiemens: Double($0) / 100 * fit.conductanceMaxSiemens) <= 0 }
        }
        require(!negative, "relaxationCoefficientsRelative", allowed: "polynomials > 0 for x in [0, 1]")
        return ReRAMRelaxation(
            programmingSeconds: first, programming: programming, timesSeconds: times,
            spreads: fits)
    }
}
