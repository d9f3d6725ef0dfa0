/// Builds SVG text: elements with escaped attributes and text, numbers with two decimals.
struct SVGWriter {
    private(set) var text = ""
    private var depth = 0

    /// Opens `<svg>` of `width × height` pixels.
    init(width: Int, height: Int, attributes: [(String, String)]) {
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", "\(width)"), ("height", "\(height)"),
            ("viewBox", "0 0 \(width) \(height)"),
        ] + attributes)
    }

    /// The finished document.
    mutating func finish() -> String {
        while depth > 0 { close("svg") }
        return text
    }

    /// Opens an element that will hold others.
    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    /// Closes the innermost open element, named `name`.
    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// An element without children, or with `content` as its text.
    mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        if let content {
            line("<\(name)\(Self.attributes(attributes))>\(Self.escaped(content))</\(name)>")
        } else {
            line("<\(name)\(Self.attributes(attributes))/>")
        }
    }

    /// A coordinate or length: two decimals, trailing zeros dropped.
    static func number(_ value: Double) -> String {
        var text = String(Int((value * 100).rounded()))
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        while text.count < 3 { text = "0" + text }
        var result = String(text.dropLast(2)) + "." + String(text.suffix(2))
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return (negative && result != "0" ? "-" : "") + result
    }

    /// A list of points for `points=`.
    static func points(_ list: [(Double, Double)]) -> String {
        list.map { number($0.0) + "," + number($0.1) }.joined(separator: " ")
    }

    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    private static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }

    private static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
