import Foundation

/// An axis title with its unit, read from a column name such as
/// `metrics.energyPerInferenceJoules` ("Energy per inference", J) or given by the user as
/// `"Energy (J)"`.
///
/// Crossbar's keys carry their unit as a suffix (`Joules`, `Seconds`, `Ohms`,
/// `SquareMillimetres`, `Relative`…). An SI unit takes the prefix that suits the axis values
/// (`nJ`, `µs`, `kΩ`); other labels get a `×10ⁿ` factor when the values are very large or small.
public struct AxisLabel: Sendable, Hashable {
    /// The quantity, in sentence case: "Energy per inference".
    public let name: String
    /// The unit without prefix ("J", "mm²", "inferences/s"), if any.
    public let unit: String?

    /// A label with an explicit name and unit.
    public init(name: String, unit: String?) {
        self.name = name
        self.unit = unit
    }

    /// Units that take SI prefixes.
    static let prefixableUnits: Set<String> = ["J", "s", "Ω", "S", "V", "W", "A", "m", "Hz"]

    /// Key suffixes and the units they stand for, longest first.
    private static let unitSuffixes: [(suffix: String, unit: String)] = [
        ("SquareMillimetres", "mm²"), ("SquareMetres", "m²"), ("PerSecond", "/s"), ("PerWatt", "/W"),
        ("Joules", "J"), ("Seconds", "s"), ("Ohms", "Ω"), ("Siemens", "S"), ("Volts", "V"), ("Watts", "W"),
        ("Amperes", "A"), ("Metres", "m"), ("Hertz", "Hz"), ("Relative", "relative"), ("Percent", "%"),
    ]

    /// Words written in capitals or a fixed spelling.
    private static let spellings: [String: String] = [
        "adc": "ADC", "dac": "DAC", "pcm": "PCM", "sram": "SRAM", "reram": "ReRAM", "sttmram": "STT-MRAM",
        "tops": "TOPS", "ir": "IR", "mvm": "MVM", "isaac": "ISAAC", "prime": "PRIME", "snr": "SNR",
    ]

    /// The label of a results column: the `metrics.`/`configuration.` prefix dropped, keys
    /// split into words, the unit taken from the deepest key that carries one.
    public static func inferred(fromColumn column: String) -> AxisLabel {
        var components = column.split(separator: ".").map(String.init)
        if components.count > 1, ["metrics", "configuration"].contains(components[0]) { components.removeFirst() }
        var unit: String?
        var words: [String] = []
        for component in components {
            var key = component
            if let match = unitSuffixes.first(where: { key.hasSuffix($0.suffix) && key.count > $0.suffix.count }) {
                key.removeLast(match.suffix.count)
                var keyWords = camelWords(key)
                if match.unit.hasPrefix("/"), keyWords.count > 1 {
                    unit = keyWords.removeLast().lowercased() + match.unit
                } else {
                    unit = match.unit
                }
                words += keyWords
            } else {
                words += camelWords(key)
            }
        }
        return AxisLabel(name: sentence(words), unit: unit)
    }

    /// A label typed by the user: a trailing `(unit)` is taken as its unit.
    public static func given(_ text: String) -> AxisLabel {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "("), open > text.startIndex else {
            return AxisLabel(name: text, unit: nil)
        }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let unit = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        return AxisLabel(name: name, unit: unit.isEmpty ? nil : unit)
    }

    /// A key or value as display words: `reram` → "ReRAM", `energyByComponent` → "energy by component".
    public static func displayName(_ key: String) -> String {
        camelWords(key).map(spelled).joined(separator: " ")
    }

    /// Whether tick values are shown with an SI prefix on the unit.
    var takesSIPrefix: Bool { unit.map(Self.prefixableUnits.contains) ?? false }

    /// The title when tick labels are divided by 10^`exponent` (a multiple of 3 for SI units).
    func title(exponent: Int) -> String {
        guard exponent != 0 else { return unit.map { "\(name) (\($0))" } ?? name }
        if takesSIPrefix, let prefix = TickFormat.siPrefixes[exponent], let unit {
            return "\(name) (\(prefix)\(unit))"
        }
        let factor = "×10" + TickFormat.superscript(exponent)
        return unit.map { "\(name) (\(factor) \($0))" } ?? "\(name) (\(factor))"
    }

    private static func camelWords(_ key: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in key {
            if character.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = ""
            }
            if character == "_" || character == "-" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func spelled(_ word: String) -> String {
        spellings[word.lowercased()] ?? (word.count > 1 && word.allSatisfy(\.isUppercase) ? word : word.lowercased())
    }

    private static func sentence(_ words: [String]) -> String {
        let text = words.map(spelled).joined(separator: " ")
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
