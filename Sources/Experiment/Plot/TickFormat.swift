import Foundation

/// How tick values are written: fixed decimals, powers of ten with superscripts, SI prefixes.
enum TickFormat {
    /// SI prefixes by power of ten.
    static let siPrefixes: [Int: String] = [
        -15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T",
    ]

    /// `exponent` in superscript digits: −9 → "⁻⁹".
    static func superscript(_ exponent: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(exponent).map { digits[$0]! })
    }

    /// `value` with `decimals` digits after the point, without a minus sign on zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, decimals))f", value)
        return Double(text) == 0 ? String(format: "%.\(max(0, decimals))f", 0.0) : text
    }

    /// Digits after the point needed to tell apart ticks `step` apart.
    static func decimals(forStep step: Double) -> Int {
        max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    }

    /// A short label for a single value: integers plainly, others with up to 4 significant digits.
    static func compact(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        let text = String(format: "%.4g", value)
        return text.contains("e") ? scientific(value) : text
    }

    /// `value` as `m×10ⁿ` (or `10ⁿ` when the mantissa is 1).
    static func scientific(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        let exponent = Int(log10(abs(value)).rounded(.down))
        let mantissa = value / pow(10, Double(exponent))
        let mantissaText = String(format: "%.3g", mantissa)
        return (mantissaText == "1" ? "" : mantissaText == "-1" ? "−" : mantissaText + "×") + "10" + superscript(exponent)
    }
}
