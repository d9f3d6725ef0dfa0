/// Reads the parameters one device model needs from a preset and checks each against the range
/// the model is valid for.
///
/// Reads never throw: the first problem is remembered and ``finish()`` throws it, after first
/// reporting any key that nothing read (so a misspelt key is named as unknown rather than its
/// correct spelling as missing). Build nothing from the values before ``finish()`` succeeds.
struct PresetReader {
    /// The preset being read.
    let preset: DevicePreset
    private var readKeys: Set<String> = []
    private var firstProblem: DevicePresetError?

    /// A reader over `preset`'s parameters.
    init(_ preset: DevicePreset) {
        self.preset = preset
    }

    /// The number stored under `key`, which must lie in `range`.
    mutating func number(_ key: String, _ range: ParameterRange) -> Double {
        guard let value = lookUp(key) else { return 1 }
        guard case .number(let number) = value else {
            record(.wrongType(file: preset.file, field: field(key), expected: "a number in \(range)"))
            return 1
        }
        guard range.contains(number) else {
            record(.outOfRange(file: preset.file, field: field(key), value: shown(value, key), allowed: "\(range)"))
            return 1
        }
        return number
    }

    /// The whole number stored under `key`, which must lie in `range`.
    mutating func integer(_ key: String, _ range: ClosedRange<Int>) -> Int {
        let allowed = "an integer in \(range.lowerBound)...\(range.upperBound)"
        guard let value = lookUp(key) else { return range.lowerBound }
        guard case .number(let number) = value, number.isFinite, number == number.rounded() else {
            record(.wrongType(file: preset.file, field: field(key), expected: allowed))
            return range.lowerBound
        }
        guard number >= Double(range.lowerBound) && number <= Double(range.upperBound) else {
            record(.outOfRange(file: preset.file, field: field(key), value: shown(value, key), allowed: allowed))
            return range.lowerBound
        }
        return Int(number)
    }

    /// The list stored under `key`: between `count` numbers, each in `range`.
    mutating func numbers(_ key: String, count: ClosedRange<Int>, each range: ParameterRange) -> [Double] {
        let expected = "a list of \(count.lowerBound)–\(count.upperBound) numbers"
        guard let value = lookUp(key) else { return [0] }
        guard case .numbers(let numbers) = value else {
            record(.wrongType(file: preset.file, field: field(key), expected: expected))
            return [0]
        }
        guard count.contains(numbers.count) else {
            record(.outOfRange(file: preset.file, field: field(key), value: shown(value, key), allowed: expected))
            return [0]
        }
        for number in numbers where !range.contains(number) {
            record(.outOfRange(file: preset.file, field: field(key), value: shown(value, key), allowed: "each in \(range)"))
            return [0]
        }
        return numbers
    }

    /// Records an out-of-range problem for `key` unless `condition` holds; for constraints that
    /// involve several fields (`allowed` says which and how).
    mutating func require(_ condition: Bool, _ key: String, allowed: String) {
        guard !condition, let value = preset.parameters[key]?.value else { return }
        record(.outOfRange(file: preset.file, field: field(key), value: shown(value, key), allowed: allowed))
    }

    /// Throws the first problem found, after any key nothing read.
    func finish() throws {
        let unread = preset.parameters.keys.filter { !readKeys.contains($0) }.sorted()
        if let key = unread.first {
            throw DevicePresetError.unknownKey(
                file: preset.file, field: field(key), allowed: readKeys.sorted().map { field($0) })
        }
        if let firstProblem { throw firstProblem }
    }

    private mutating func lookUp(_ key: String) -> PresetValue? {
        readKeys.insert(key)
        guard let parameter = preset.parameters[key] else {
            record(.missingKey(file: preset.file, field: field(key)))
            return nil
        }
        return parameter.value
    }

    private mutating func record(_ problem: DevicePresetError) {
        if firstProblem == nil { firstProblem = problem }
    }

    private func field(_ key: String) -> String { "parameters." + key }

    private func shown(_ value: PresetValue, _ key: String) -> String {
        preset.overriddenKeys.contains(key) ? "\(value) (override)" : "\(value)"
    }
}
