import Foundation

/// Numbers with SI prefixes for device reports: `2.35 nJ`, `40.0 µS`.
enum EngineeringFormat {
    private static let prefixes: [(Double, String)] = [
        (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"),
        (1e-12, "p"), (1e-15, "f"), (1e-18, "a"),
    ]

    /// `value` in `unit` with the prefix that puts the mantissa in [1, 1000) and `digits`
    /// significant digits; 0 without a prefix, infinity as `∞`.
    static func format(_ value: Double, _ unit: String, digits: Int = 3) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : "−∞" }
        guard value != 0 else { return "0 " + unit }
        let magnitude = abs(value)
        let (scale, prefix) = prefixes.first { magnitude >= $0.0 * 0.9995 } ?? prefixes.last!
        let mantissa = value / scale
        let decimals = max(0, digits - 1 - Int(log10(abs(mantissa)).rounded(.down)))
        return String(format: "%.\(decimals)f", mantissa) + " " + prefix + unit
    }

    /// A count such as 10¹² as `1e12` (`2.5e9` when not a power of ten); counts below 10⁶ in full.
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        guard value >= 1e6 else { return String(format: "%.0f", value) }
        let exponent = Int(log10(value).rounded(.down))
        let mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
        return (mantissa == mantissa.rounded() ? String(format: "%.0f", mantissa) : String(format: "%.1f", mantissa))
            + "e\(exponent)"
    }
}
