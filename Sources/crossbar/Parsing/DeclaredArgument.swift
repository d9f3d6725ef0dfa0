/// An option, flag or positional argument of a command instance, with its command-line name.
struct DeclaredArgument {
    /// The name without dashes: `weight-bits` for `--weight-bits`.
    let name: String
    /// The property wrapper that stores it.
    let definition: any ArgumentDefinition

    /// Every declared argument of `command` (a command or a ``ParsableArguments`` group), in
    /// declaration order, those of its groups in their place.
    static func all(in command: Any) -> [DeclaredArgument] {
        Mirror(reflecting: command).children.flatMap { child -> [DeclaredArgument] in
            if let group = child.value as? any ParsableArguments { return all(in: group) }
            guard let definition = child.value as? any ArgumentDefinition, let label = child.label else { return [] }
            let property = label.hasPrefix("_") ? String(label.dropFirst()) : label
            return [DeclaredArgument(name: definition.explicitName ?? kebabCase(property), definition: definition)]
        }
    }

    /// `weightBits` → `weight-bits`.
    static func kebabCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("-") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// How it appears in a usage line: `[--size <size>]`, `--json`, `<file>`.
    var usage: String {
        switch definition.kind {
        case .flag: return "[--\(name)]"
        case .option:
            return "[--\(name) <\(name)>" + (definition.takesManyValues ? " ...]" : "]")
        case .positional:
            let word = "<\(name)>" + (definition.takesManyValues ? " ..." : "")
            return definition.isRequired ? word : "[\(word)]"
        }
    }

    /// How it appears in the left column of help.
    var label: String {
        switch definition.kind {
        case .flag: return "--\(name)"
        case .option: return "--\(name) <\(name)>" + (definition.takesManyValues ? " ..." : "")
        case .positional: return "<\(name)>" + (definition.takesManyValues ? " ..." : "")
        }
    }
}
