import Circuit
import DataFiles
import Device
import Foundation
import Numerics

/// Everything one run depends on, as one tree of values: the network, the images, the device,
/// the architecture and every setting a run may change. Two runs with equal configurations give
/// identical results, whatever the thread count or batch size (which are therefore not part of it).
///
/// The JSON form (``init(json:)``, ``json``) is what `crossbar run --json` reports and what a
/// sweep edits by dotted path. Its paths:
///
/// | path | type | default | meaning |
/// |---|---|---|---|
/// | `network` | string | `"lenet5"` | bundled model (`mlp`, `lenet5`), zoo architecture (``ModelZoo``, weights from `seed`) or an ONNX file |
/// | `dataset` | string | `"mnist"` | `mnist` (bundled) or a folder in any ``ImageDataset`` layout (MNIST IDX, CIFAR-10/100, NPY) |
/// | `images` | integer ≥ 1 | 10000 | test images run (the first ones) |
/// | `calibrationImages` | integer 1…60000 | 1000 | images (the training split's, else the first test images) that calibrate activation scales and ADC ranges |
/// | `seed` | integer 0…2⁵³ | 1 | seed of every random stream (programming, reads) |
/// | `device.preset` | string | `"reram"` | device preset name or file (`Devices/`) |
/// | `device.<key>` | number or list | — | replaces that preset parameter (`device.d2dSigmaRelative`) |
/// | `architecture` | string | `"isaac"` | architecture name or file (`Experiments/architectures/`) |
/// | `architectureOverrides.<key>` | per key | — | replaces an architecture parameter that has no setting below (`tilesPerChip`) |
/// | `weights.bits` | integer 2…16 | 8 | weight bits (per-channel symmetric quantization) |
/// | `weights.encoding` | `"offset"`, `"differential"` | architecture; `differential` when `cells.bits` ≥ `weights.bits` | sign scheme of the cells |
/// | `weights.columnFlip` | boolean | architecture (`false` for differential) | ISAAC's column flip |
/// | `inputs.bits` | integer 2…15 | 8 | activation bits (every layer's input) |
/// | `inputs.skipZeroSlices` | boolean | architecture | skip all-zero input slices |
/// | `cells.bits` | integer 1…8 | architecture, capped at the device's maximum | bits per cell |
/// | `dac.bits` | integer 1…8 | architecture | DAC resolution (input bits per slice) |
/// | `adc.bits` | integer 1…16 | architecture | ADC resolution |
/// | `adc.rangePolicy` | `"fixed"`, `"calibrated"` | architecture; `calibrated` when the fixed range needs more than `adc.bits` | how ADC ranges are set |
/// | `adc.rangePercentile` | number (0, 100] | architecture | calibrated range percentile |
/// | `adc.noiseLSB` | number 0…100 | 0 | input-referred Gaussian noise σ of every conversion, LSB (drawn from the read stream) |
/// | `adc.inlPeakLSB` | number, \|·\| ≤ 2^(adc.bits − 1) | 0 | peak of the parabolic integral nonlinearity (mid-scale bow), LSB |
/// | `adc.dnlSigmaLSB` | number 0…1 | 0 | σ of each code transition's static displacement (DNL), LSB, clipped to ±1/2, per column per chip |
/// | `adc.offsetSigmaLSB` | number 0…2^(adc.bits − 1) | 0 | σ of each column converter's static offset, LSB, per column per chip |
/// | `adc.gainErrorSigmaRelative` | number 0…0.1 | 0 | σ of each column converter's static relative gain error, per column per chip |
/// | `adc.recalibrateAtReadTime` | boolean | `false` | fit calibrated ADC ranges again at the read time instead of once after programming |
/// | `array.rows`, `array.columns` | integer 1…4096 | architecture | array size |
/// | `wire.rowResistanceOhms` | number 0…10⁶ | 0 | resistance of one row-wire segment (cell (i, j) to (i, j+1)), ohms |
/// | `wire.columnResistanceOhms` | number 0…10⁶ | 0 | resistance of one column-wire (bit-line) segment (cell (i, j) to (i+1, j)), ohms |
/// | `wire.resistanceOhms` | number 0…10⁶ | — | shorthand: sets both segment resistances (not written back by ``json``) |
/// | `wire.accessTransistorOhms` | number ≥ 0 | 0 | access transistor in series with each cell, ohms |
/// | `driftTimeSeconds` | number ≥ 0 | 1 | time between programming and inference (PCM drift, read noise) |
/// | `driftCompensation` | boolean | `false` | global drift compensation (a gain from a reference read) |
/// | `readNoise` | boolean | `true` | draw the device's read noise at every read |
/// | `baseline.kind` | `"macArray"`, `"dadiannao"`, `"eyeriss"` | `"macArray"` | the digital accelerator the report compares with (``DigitalBaselineKind``) |
/// | `baseline.batchSize` | integer 1…1000000 | 1 | images that share each weight fetch of the digital baseline |
/// | `pipeline.batchSize` | integer 1…1000000 | 1 | images that enter the chip's pipeline back to back: the report's batch latency and throughput (``PerformanceEstimate/runSeconds(images:)``) |
///
/// Missing settings take their default (the architecture's value where the table says so).
/// Two defaults follow other settings so that a configuration the architecture was not designed
/// for still computes: weights that fit in one cell (`cells.bits` ≥ `weights.bits`, aihwkit's
/// one analog weight per device pair) default to differential pairs, and an ADC too coarse for
/// the architecture's fixed range (fewer bits than ``CrossbarCore/losslessADCBits``, so small
/// column sums would round to 0) defaults to calibrated ranges. Settings given explicitly win;
/// unknown keys, wrong types and out-of-range values are errors naming the path
/// (``RunConfigurationError``). ``json`` writes every setting explicitly, so it reproduces the
/// run whatever the defaults. `wire.resistanceOhms` in one tree together with
/// `wire.rowResistanceOhms` or `wire.columnResistanceOhms` is refused as ambiguous (a sweep
/// spec's base configuration with its swept paths is one tree); layered sources (CLI options
/// over a `--config` file, ``setting(_:at:)`` over a configuration) resolve it as
/// ``layering(_:at:over:)`` says: the later one wins. `driftTimeSeconds`, `driftCompensation`,
/// `readNoise` and the ADC's non-idealities and recalibration (`adc.noiseLSB` …
/// `adc.recalibrateAtReadTime`) are read-time settings (``readTimePaths``): they do not change
/// the programmed chip; so are `baseline.kind` and `baseline.batchSize`, which only pick the
/// digital accelerator the report compares with, and `pipeline.batchSize`, which only sets the
/// batch the report's latency is given for (a sweep over them shares one chip and seed).
/// The ADC's non-idealities act on the bit-sliced pass; an `analogTile` architecture (aihwkit),
/// whose analog predictions come from its tiles' own output noise and resolution, refuses them.
public struct RunConfiguration: Sendable, Equatable {
    /// Bundled model name or ONNX file.
    public internal(set) var network = "lenet5"
    /// `mnist` or a folder of MNIST-layout files.
    public internal(set) var dataset = "mnist"
    /// Test images run.
    public internal(set) var images = 10000
    /// Training images used for calibration.
    public internal(set) var calibrationImages = 1000
    /// Seed of every random stream.
    public internal(set) var seed: UInt64 = 1
    /// Device preset name or file.
    public internal(set) var devicePreset = "reram"
    /// Device preset parameters replaced by the run.
    public internal(set) var deviceOverrides: [String: PresetValue] = [:]
    /// Architecture name or file.
    public internal(set) var architecture = "isaac"
    /// Architecture parameters replaced by the run (those without a setting of their own).
    public internal(set) var architectureOverrides: [String: JSONValue] = [:]
    /// Weight bits.
    public internal(set) var weightBits = 8
    /// Sign scheme of the cells.
    public internal(set) var signEncoding = WeightEncoding.SignScheme.offset
    /// ISAAC's column flip.
    public internal(set) var columnFlip = false
    /// Activation bits.
    public internal(set) var inputBits = 8
    /// Whether all-zero input slices are skipped.
    public internal(set) var skipsZeroSlices = false
    /// Bits per cell.
    public internal(set) var bitsPerCell = 2
    /// DAC resolution.
    public internal(set) var dacBits = 1
    /// ADC resolution.
    public internal(set) var adcBits = 8
    /// ADC range policy.
    public internal(set) var adcRangePolicy = ADCRangePolicy.fixed
    /// Percentile for calibrated ADC ranges.
    public internal(set) var adcRangePercentile = 100.0
    /// ADC input-referred noise σ, LSB.
    public internal(set) var adcNoiseLSB = 0.0
    /// ADC peak integral nonlinearity, LSB.
    public internal(set) var adcINLPeakLSB = 0.0
    /// σ of the ADC's code-transition displacements (DNL), LSB.
    public internal(set) var adcDNLSigmaLSB = 0.0
    /// σ of the column converters' offsets, LSB.
    public internal(set) var adcOffsetSigmaLSB = 0.0
    /// σ of the column converters' relative gain errors.
    public internal(set) var adcGainErrorSigmaRelative = 0.0
    /// Whether calibrated ADC ranges are fitted again at each read time.
    public internal(set) var adcRecalibratesAtReadTime = false
    /// Array word lines.
    public internal(set) var arrayRows = 128
    /// Array bit lines.
    public internal(set) var arrayColumns = 128
    /// Row-wire segment resistance, ohms.
    public internal(set) var rowWireResistanceOhms = 0.0
    /// Column-wire segment resistance, ohms.
    public internal(set) var columnWireResistanceOhms = 0.0
    /// Access transistor resistance, ohms.
    public internal(set) var accessTransistorOhms = 0.0
    /// Seconds from programming to inference.
    public internal(set) var driftTimeSeconds = 1.0
    /// Whether global drift compensation is applied.
    public internal(set) var driftCompensation = false
    /// Whether read noise is drawn.
    public internal(set) var readNoise = true
    /// The digital baseline the report compares with.
    public internal(set) var baselineKind = DigitalBaselineKind.macArray
    /// Images that share each weight fetch of the digital baseline.
    public internal(set) var baselineBatchSize = 1
    /// Images that enter the chip's pipeline back to back, for the report's batch latency and
    /// throughput.
    public internal(set) var pipelineBatchSize = 1

    /// The device preset file as read (once, when the configuration is made), before the run's
    /// overrides.
    private var presetFile: DevicePreset?
    /// The architecture file as read (once, when the configuration is made), before the run's
    /// overrides and settings.
    private var architectureFile: ArchitectureSpec?

    /// Paths that only change how a programmed chip is read, or what the report compares it with
    /// (a sweep shares the chip between them).
    public static let readTimePaths = [
        "driftTimeSeconds", "driftCompensation", "readNoise", "adc.noiseLSB", "adc.inlPeakLSB", "adc.dnlSigmaLSB", "adc.offsetSigmaLSB",
        "adc.gainErrorSigmaRelative", "adc.recalibrateAtReadTime", "baseline.kind", "baseline.batchSize", "pipeline.batchSize",
    ]

    /// The default configuration: LeNet-5 on the 10,000 MNIST test images, ReRAM, ISAAC, 8-bit
    /// weights and inputs.
    public init() throws {
        try self.init(json: .object([:]))
    }

    /// Reads a configuration tree (see the type's table), filling in defaults; throws
    /// ``RunConfigurationError`` naming the path of the first problem.
    public init(json: JSONValue) throws {
        try self.init(json: json, reading: nil)
    }

    /// ``init(json:)``, reusing the files `previous` read when the tree names the same ones.
    private init(json: JSONValue, reading previous: RunConfiguration?) throws {
        guard case .object(let top) = json else { throw RunConfigurationError.wrongType(path: "(top level)", expected: "an object") }
        let sections = Self.fields.reduce(into: [String: Set<String>]()) { sections, field in
            let keys = field.path.split(separator: ".").map(String.init)
            sections[keys.count == 1 ? "" : keys[0], default: []].insert(keys.count == 1 ? keys[0] : keys[1])
        }
        let topLevel = sections[""]!.union(sections.keys.filter { !$0.isEmpty }).union(["device", "architectureOverrides"])
        try Self.checkKeys(top, allowed: topLevel, prefix: "")
        for (section, keys) in sections where !section.isEmpty {
            guard let value = top[section] else { continue }
            guard case .object(let members) = value else { throw RunConfigurationError.wrongType(path: section, expected: "an object") }
            try Self.checkKeys(members, allowed: keys, prefix: section + ".")
        }

        // The device and the architecture come first: other defaults depend on them.
        if let device = top["device"] {
            guard case .object(let members) = device else { throw RunConfigurationError.wrongType(path: "device", expected: "an object") }
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if key == "preset" {
                    guard case .string(let name) = value, !name.isEmpty else {
                        throw RunConfigurationError.wrongType(path: "device.preset", expected: "a preset name or file")
                    }
                    devicePreset = name
                } else {
                    deviceOverrides[key] = try Self.presetValue(value, path: "device." + key)
                }
            }
        }
        if let overrides = top["architectureOverrides"] {
            guard case .object(let members) = overrides else {
                throw RunConfigurationError.wrongType(path: "architectureOverrides", expected: "an object")
            }
            for key in members.keys.sorted() {
                if let field = Self.fields.first(where: { $0.architectureKey == key }) {
                    throw RunConfigurationError.rejected(
                        path: "architectureOverrides." + key, reason: "set it with '\(field.path)' instead")
                }
                guard ArchitectureSpec.parameterKeys.contains(key) else {
                    throw RunConfigurationError.unknownKey(
                        path: "architectureOverrides." + key,
                        allowed: ArchitectureSpec.parameterKeys.filter { key in !Self.fields.contains { $0.architectureKey == key } })
                }
            }
            architectureOverrides = members
        }
        for field in Self.fields where field.path == "architecture" {
            if let value = Self.value(in: top, at: field.path) { try field.assign(value, to: &self) }
        }
        do {
            presetFile = try previous?.devicePreset == devicePreset ? previous?.presetFile : DevicePreset.load(devicePreset)
        } catch let error as DevicePresetError {
            throw presetError(error)
        }
        let device = try makeDevice()
        let base: ArchitectureSpec
        do {
            let file = try previous?.architecture == architecture ? previous!.architectureFile! : ArchitectureSpec.load(architecture)
            architectureFile = file
            base = try file.overriding(architectureOverrides, origin: "architectureOverrides")
        } catch let error as ArchitectureSpecError {
            throw RunConfigurationError.rejected(path: "architecture", reason: error.description)
        }

        let given = Dictionary(uniqueKeysWithValues: Self.fields.compactMap { field in Self.value(in: top, at: field.path).map { (field.path, $0) } })
        if given[Self.wireShorthand] != nil, let specific = Self.wireSpecifics.first(where: { given[$0] != nil }) {
            throw RunConfigurationError.rejected(
                path: Self.wireShorthand,
                reason: "sets both the row and the column wire, so it cannot be given together with '\(specific)'; "
                    + "give it alone, or give '\(Self.wireSpecifics[0])' and '\(Self.wireSpecifics[1])'")
        }
        for field in Self.fields where field.path != "architecture" {
            if let value = given[field.path] {
                try field.assign(value, to: &self)
            } else if let key = field.architectureKey, let value = base.value(of: key) {
                try field.assign(value, to: &self)
            }
        }
        // Defaults that depend on other settings.
        if given["cells.bits"] == nil { bitsPerCell = min(bitsPerCell, device.maximumBitsPerCell) }
        if given["weights.encoding"] == nil && bitsPerCell >= weightBits { signEncoding = .differential }
        if given["weights.columnFlip"] == nil && signEncoding != .offset { columnFlip = false }
        guard bitsPerCell <= device.maximumBitsPerCell else {
            throw RunConfigurationError.outOfRange(
                path: "cells.bits", value: "\(bitsPerCell)",
                allowed: "1...\(device.maximumBitsPerCell) (device '\(device.name)' stores at most \(device.maximumBitsPerCell) bits per cell)")
        }
        do {
            _ = try architectureSpec()
        } catch let error as ArchitectureSpecError {
            guard case .outOfRange(_, let field, let value, let allowed) = error,
                let path = Self.fields.first(where: { "parameters." + ($0.architectureKey ?? "") == field })?.path
            else { throw RunConfigurationError.rejected(path: "architecture", reason: error.description) }
            throw RunConfigurationError.outOfRange(path: path, value: value.replacingOccurrences(of: " (override)", with: ""), allowed: allowed)
        }
        let halfCodeRange = Double(1 << (adcBits - 1))
        for (path, value) in [("adc.inlPeakLSB", abs(adcINLPeakLSB)), ("adc.offsetSigmaLSB", adcOffsetSigmaLSB)] where value > halfCodeRange {
            throw RunConfigurationError.outOfRange(
                path: path, value: given[path]?.canonicalJSON() ?? "\(value)",
                allowed: "\(path == "adc.inlPeakLSB" ? "-\(Int(halfCodeRange))" : "0")...\(Int(halfCodeRange)) (half the code range of the \(adcBits)-bit ADC)")
        }
        if try architectureSpec().executionModel == .analogTile,
            let path = ["adc.noiseLSB", "adc.inlPeakLSB", "adc.dnlSigmaLSB", "adc.offsetSigmaLSB", "adc.gainErrorSigmaRelative"].first(where: {
                given[$0].flatMap(\.numberValue).map { $0 != 0 } ?? false
            })
        {
            throw RunConfigurationError.rejected(
                path: path,
                reason: "architecture '\(architecture)' computes its analog predictions on aihwkit analog tiles, whose output noise and resolution are the architecture's (outputNoise, adcBits); the ADC non-idealities act on the bit-sliced pass only")
        }
        if given["adc.rangePolicy"] == nil && adcRangePolicy == .fixed {
            let encoding = try WeightEncoding(weightBits: weightBits, bitsPerCell: bitsPerCell, sign: signEncoding, columnFlip: columnFlip)
            if adcBits < encoding.losslessADCBits(arrayRows: arrayRows, maximumInputCode: (1 << dacBits) - 1) { adcRangePolicy = .calibrated }
        }
    }

    /// The configuration with the setting at `path` replaced (a sweep point, a CLI option), as
    /// ``layering(_:at:over:)`` resolves it.
    public func setting(_ value: JSONValue, at path: String) throws -> RunConfiguration {
        try RunConfiguration(json: Self.layering(value, at: path, over: json), reading: self)
    }

    /// The shorthand path that sets both wire segment resistances.
    public static let wireShorthand = "wire.resistanceOhms"
    /// The row and column wire segment paths the shorthand sets.
    public static let wireSpecifics = ["wire.rowResistanceOhms", "wire.columnResistanceOhms"]

    /// `tree` with `value` set at `path` by a later source (an option over a file or an earlier
    /// option, a setting over a configuration), so that the later one wins: the wire shorthand replaces both specific
    /// wire paths; a specific wire path over the shorthand keeps the shorthand's value for the other.
    /// Throws ``JSONPathError`` for a malformed path.
    public static func layering(_ value: JSONValue, at path: String, over tree: JSONValue) throws -> JSONValue {
        var result = tree
        if path == wireShorthand {
            for specific in wireSpecifics { result.removeValue(at: specific) }
        } else if wireSpecifics.contains(path), let both = tree.value(at: wireShorthand) {
            result.removeValue(at: wireShorthand)
            for specific in wireSpecifics { try result.set(both, at: specific) }
        }
        try result.set(value, at: path)
        return result
    }

    /// Whether `tree` gives `path` or, for a wire path, another path that sets the same wire.
    public static func gives(_ path: String, in tree: JSONValue) -> Bool {
        let wirePaths = [wireShorthand] + wireSpecifics
        let related = path == wireShorthand ? wirePaths : wireSpecifics.contains(path) ? [path, wireShorthand] : [path]
        return related.contains { tree.value(at: $0) != nil }
    }

    /// Every setting, explicitly (see the type's table).
    public var json: JSONValue {
        var top: [String: JSONValue] = [:]
        var sections: [String: [String: JSONValue]] = [:]
        for field in Self.fields {
            guard let get = field.get else { continue }
            let keys = field.path.split(separator: ".", maxSplits: 1).map(String.init)
            if keys.count == 1 {
                top[keys[0]] = get(self)
            } else {
                sections[keys[0], default: [:]][keys[1]] = get(self)
            }
        }
        var device: [String: JSONValue] = ["preset": .string(devicePreset)]
        for (key, value) in deviceOverrides {
            switch value {
            case .number(let number): device[key] = .number(number)
            case .numbers(let numbers): device[key] = .array(numbers.map(JSONValue.number))
            }
        }
        sections["device"] = device
        sections["architectureOverrides"] = architectureOverrides
        return .object(top.merging(sections.mapValues(JSONValue.object)) { first, _ in first })
    }

    /// Every setting path of the table (device and architecture override keys excepted).
    public static var paths: [String] { fields.map(\.path) + ["device.preset"] }

    /// The device the run programs: the preset file read with the configuration, with the
    /// run's overrides (no file is read again).
    public func makeDevice() throws -> any MemoryDevice {
        do {
            return try presetFile!.overriding(deviceOverrides).makeDevice()
        } catch let error as DevicePresetError {
            throw presetError(error)
        }
    }

    /// A device preset error as the configuration path it comes from.
    private func presetError(_ error: DevicePresetError) -> RunConfigurationError {
        switch error {
        case .notFound, .unreadable, .malformedJSON:
            return .rejected(path: "device.preset", reason: error.description)
        case .unknownKey(_, let field, let allowed):
            let key = field.replacingOccurrences(of: "parameters.", with: "")
            if deviceOverrides[key] != nil {
                return .unknownKey(path: "device." + key, allowed: allowed.map { "device." + $0.replacingOccurrences(of: "parameters.", with: "") })
            }
            return .rejected(path: "device.preset", reason: error.description)
        case .missingKey, .wrongType, .outOfRange:
            let key = Self.presetKey(in: error)
            return .rejected(path: key.flatMap { deviceOverrides[$0] != nil ? "device." + $0 : nil } ?? "device.preset", reason: error.description)
        }
    }

    /// The architecture as its file describes it, without the run's overrides and settings (what
    /// `crossbar cost` rolls up).
    public var architectureAsFiled: ArchitectureSpec { architectureFile! }

    /// The architecture the run uses: the architecture file read with the configuration, with
    /// ``architectureOverrides`` and the run's own settings (array size, bits, encoding, ADC,
    /// weight and input bits) applied (no file is read again).
    public func architectureSpec() throws -> ArchitectureSpec {
        var overrides = architectureOverrides
        overrides["weightBits"] = .number(Double(weightBits))
        overrides["inputBits"] = .number(Double(inputBits))
        for field in Self.fields {
            if let key = field.architectureKey, let get = field.get { overrides[key] = get(self) }
        }
        return try architectureFile!.overriding(overrides, origin: "run")
    }

    // MARK: The table

    /// One setting: its path, type, where its default comes from and its property.
    struct Field {
        let path: String
        let kind: ArchitectureParameter.Kind
        /// The architecture parameter that gives the default and that the setting overrides.
        let architectureKey: String?
        /// The value ``json`` writes; `nil` for a shorthand it does not write.
        let get: ((RunConfiguration) -> JSONValue)?
        let set: (inout RunConfiguration, JSONValue) -> Void

        /// Checks and stores `value`.
        func assign(_ value: JSONValue, to configuration: inout RunConfiguration) throws {
            let parameter = ArchitectureParameter(key: path, kind: kind, get: { _ in .null }, set: { _, _ in })
            switch parameter.check(value) {
            case .wrongType: throw RunConfigurationError.wrongType(path: path, expected: parameter.allowed)
            case .outOfRange: throw RunConfigurationError.outOfRange(path: path, value: value.canonicalJSON(), allowed: parameter.allowed)
            case nil: set(&configuration, value)
            }
        }

        static func integer(_ path: String, _ range: ClosedRange<Int>, _ property: WritableKeyPath<RunConfiguration, Int>, architecture: String? = nil) -> Field {
            Field(
                path: path, kind: .integer(range), architectureKey: architecture, get: { .number(Double($0[keyPath: property])) },
                set: { $0[keyPath: property] = Int($1.numberValue!) })
        }

        static func number(_ path: String, _ range: ParameterRange, _ property: WritableKeyPath<RunConfiguration, Double>, architecture: String? = nil) -> Field {
            Field(
                path: path, kind: .number(range), architectureKey: architecture, get: { .number($0[keyPath: property]) },
                set: { $0[keyPath: property] = $1.numberValue! })
        }

        static func boolean(_ path: String, _ property: WritableKeyPath<RunConfiguration, Bool>, architecture: String? = nil) -> Field {
            Field(
                path: path, kind: .boolean, architectureKey: architecture, get: { .bool($0[keyPath: property]) },
                set: { configuration, value in if case .bool(let flag) = value { configuration[keyPath: property] = flag } })
        }

        static func string(_ path: String, _ property: WritableKeyPath<RunConfiguration, String>) -> Field {
            Field(
                path: path, kind: .text, architectureKey: nil, get: { .string($0[keyPath: property]) },
                set: { configuration, value in if case .string(let text) = value { configuration[keyPath: property] = text } })
        }

        static func choice<Value: RawRepresentable & CaseIterable>(
            _ path: String, _ property: WritableKeyPath<RunConfiguration, Value>, architecture: String? = nil
        ) -> Field where Value.RawValue == String {
            Field(
                path: path, kind: .choice(Value.allCases.map(\.rawValue)), architectureKey: architecture,
                get: { .string($0[keyPath: property].rawValue) },
                set: { configuration, value in
                    if case .string(let text) = value, let choice = Value(rawValue: text) { configuration[keyPath: property] = choice }
                })
        }
    }

    /// Every setting but the device section and the architecture overrides.
    static var fields: [Field] {
        [
            .string("network", \.network),
            .string("dataset", \.dataset),
            .integer("images", 1...1_000_000, \.images),
            .integer("calibrationImages", 1...60000, \.calibrationImages),
            Field(
                path: "seed", kind: .integer(0...(1 << 53)), architectureKey: nil, get: { .number(Double($0.seed)) },
                set: { $0.seed = UInt64($1.numberValue!) }),
            .string("architecture", \.architecture),
            .integer("weights.bits", 2...16, \.weightBits),
            .choice("weights.encoding", \.signEncoding, architecture: "signEncoding"),
            .boolean("weights.columnFlip", \.columnFlip, architecture: "columnFlip"),
            .integer("inputs.bits", 2...15, \.inputBits),
            .boolean("inputs.skipZeroSlices", \.skipsZeroSlices, architecture: "skipsZeroSlices"),
            .integer("cells.bits", 1...8, \.bitsPerCell, architecture: "bitsPerCell"),
            .integer("dac.bits", 1...8, \.dacBits, architecture: "dacBits"),
            .integer("adc.bits", 1...16, \.adcBits, architecture: "adcBits"),
            .choice("adc.rangePolicy", \.adcRangePolicy, architecture: "adcRangePolicy"),
            .number("adc.rangePercentile", .leftOpen(0, 100), \.adcRangePercentile, architecture: "adcRangePercentile"),
            .number("adc.noiseLSB", .closed(0, 100), \.adcNoiseLSB),
            .number("adc.inlPeakLSB", .closed(-32768, 32768), \.adcINLPeakLSB),
            .number("adc.dnlSigmaLSB", .closed(0, 1), \.adcDNLSigmaLSB),
            .number("adc.offsetSigmaLSB", .closed(0, 32768), \.adcOffsetSigmaLSB),
            .number("adc.gainErrorSigmaRelative", .closed(0, 0.1), \.adcGainErrorSigmaRelative),
            .boolean("adc.recalibrateAtReadTime", \.adcRecalibratesAtReadTime),
            .integer("array.rows", 1...4096, \.arrayRows, architecture: "arrayRows"),
            .integer("array.columns", 1...4096, \.arrayColumns, architecture: "arrayColumns"),
            .number("wire.rowResistanceOhms", .closed(0, 1e6), \.rowWireResistanceOhms),
            .number("wire.columnResistanceOhms", .closed(0, 1e6), \.columnWireResistanceOhms),
            Field(
                path: wireShorthand, kind: .number(.closed(0, 1e6)), architectureKey: nil, get: nil,
                set: { configuration, value in
                    configuration.rowWireResistanceOhms = value.numberValue!
                    configuration.columnWireResistanceOhms = value.numberValue!
                }),
            .number("wire.accessTransistorOhms", .closed(0, 1e9), \.accessTransistorOhms),
            .number("driftTimeSeconds", .closed(0, 1e10), \.driftTimeSeconds),
            .boolean("driftCompensation", \.driftCompensation),
            .boolean("readNoise", \.readNoise),
            .choice("baseline.kind", \.baselineKind),
            .integer("baseline.batchSize", 1...1_000_000, \.baselineBatchSize),
            .integer("pipeline.batchSize", 1...1_000_000, \.pipelineBatchSize),
        ]
    }

    private static func value(in top: [String: JSONValue], at path: String) -> JSONValue? {
        JSONValue.object(top).value(at: path)
    }

    private static func checkKeys(_ object: [String: JSONValue], allowed: Set<String>, prefix: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RunConfigurationError.unknownKey(path: prefix + unknown, allowed: allowed.sorted().map { prefix + $0 })
        }
    }

    private static func presetValue(_ value: JSONValue, path: String) throws -> PresetValue {
        switch value {
        case .number(let number): return .number(number)
        case .array(let items):
            return .numbers(
                try items.map { item in
                    guard case .number(let number) = item else { throw RunConfigurationError.wrongType(path: path, expected: "a number or a list of numbers") }
                    return number
                })
        default: throw RunConfigurationError.wrongType(path: path, expected: "a number or a list of numbers")
        }
    }

    /// The parameter key a preset error names, if any.
    private static func presetKey(in error: DevicePresetError) -> String? {
        let field: String
        switch error {
        case .missingKey(_, let f), .wrongType(_, let f, _), .outOfRange(_, let f, _, _): field = f
        default: return nil
        }
        return field.hasPrefix("parameters.") ? String(field.dropFirst("parameters.".count)) : nil
    }
}

extension RunConfiguration: Codable {
    /// Decodes the JSON tree and reads it with ``init(json:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(json: try JSONValue(from: decoder))
    }

    /// Encodes ``json``.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
