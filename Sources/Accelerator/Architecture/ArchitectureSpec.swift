import Circuit
import DataFiles
import Device
import Foundation
import Numerics

/// A PIM accelerator's organisation and periphery, as a JSON preset with a source for every
/// number (`Experiments/architectures/isaac.json`, `prime.json`, or any file of that form).
///
/// The hierarchy is ISAAC's (Shafiee et al., ISCA 2016): a **chip** holds tiles connected by
/// routers (one router shared by ``tilesPerRouter`` tiles) and off-chip links; a **tile** holds
/// in-situ multiply-accumulate units (IMAs), an eDRAM buffer, output registers, shift-and-add,
/// activation and max-pool units; an **IMA** holds crossbar arrays with their DACs,
/// sample-and-holds and shared ADCs, input and output registers and shift-and-add units.
/// PRIME's organisation (Chi et al., ISCA 2016: a ReRAM memory chip whose banks hold
/// full-function subarrays of mats) maps onto the same levels as mat = array, FF subarray = IMA,
/// bank = tile, memory chip = chip, with a ReRAM Buffer subarray in place of the eDRAM
/// (``bufferSubarraysPerTile``), no routers (``tilesPerRouter`` 0), the memory bus as its I/O
/// (``offChipInterface``) and multi-level wordline drivers (``rowDriver``); see `prime.json`'s
/// sources for what PRIME does not publish.
///
/// The file is a ``PresetFile``:
/// ```json
/// {
///   "name": "isaac",
///   "description": "what the preset models",
///   "citation": "the papers its numbers come from",
///   "parameters": {
///     "arrayRows": { "value": 128, "source": "ISAAC Table I: 128×128 memristor arrays" },
///     "signEncoding": { "value": "offset", "source": "ISAAC §V: weights biased by 2^15" }
///   }
/// }
/// ```
/// Every key in ``parameters`` is required; keys carry their unit; enums are strings. Unknown
/// keys, missing keys, wrong types and out-of-range values are errors
/// (``ArchitectureSpecError``) naming the file, the field and what is allowed. A run overrides
/// any parameter with ``overriding(_:origin:)`` (ISAAC's organisation with 4-bit cells, say).
public struct ArchitectureSpec: Sendable, Equatable {
    /// Preset name, e.g. `isaac`.
    public let name: String
    /// What the preset models.
    public let description: String
    /// The papers the numbers come from.
    public let citation: String
    /// The file the preset was read from, as shown in error messages.
    public let file: String
    /// Where each parameter's value comes from, by key (`override` for overridden values).
    public internal(set) var sources: [String: String] = [:]
    /// Keys whose values were replaced by ``overriding(_:origin:)``.
    public internal(set) var overriddenKeys: Set<String> = []

    // MARK: Technology and timing

    /// CMOS technology node of the periphery, metres (ISAAC: 32e-9).
    public internal(set) var technologyNodeMetres = 0.0
    /// Clock of the digital logic, hertz (ISAAC: 1.2e9).
    public internal(set) var clockHz = 0.0
    /// One crossbar read cycle: the time an array takes per input slice, seconds (ISAAC: 100 ns).
    public internal(set) var readCycleSeconds = 0.0

    // MARK: Arrays and encoding

    /// Word lines per array.
    public internal(set) var arrayRows = 0
    /// Bit lines per array.
    public internal(set) var arrayColumns = 0
    /// Bits stored per cell, b.
    public internal(set) var bitsPerCell = 0
    /// How signed weights are stored: ISAAC's offset (bias, unit column) or PRIME's differential pairs.
    public internal(set) var signEncoding = WeightEncoding.SignScheme.offset
    /// ISAAC's column flip, which saves one ADC bit (offset encoding only).
    public internal(set) var columnFlip = false
    /// Weight bits the architecture is designed for (ISAAC: 16); the width its peak operations count.
    public internal(set) var weightBits = 0
    /// Input bits the architecture is designed for (ISAAC: 16).
    public internal(set) var inputBits = 0
    /// Row DAC resolution, d: input bits applied per slice (ISAAC: 1, bit-serial).
    public internal(set) var dacBits = 0
    /// What drives the word lines: row DACs (ISAAC), PRIME's multi-level wordline drivers or a
    /// switch matrix (NeuroSim, 1-bit slices).
    public internal(set) var rowDriver = RowDriver.dac
    /// Whether input slices whose codes are all zero are skipped (not converted, not counted).
    public internal(set) var skipsZeroSlices = false
    /// Where the offset scheme's Σx comes from: the analog unit column (ISAAC) or a digital
    /// popcount of each input slice (offset encoding only).
    public internal(set) var inputSumSource = InputSumSource.analogUnitColumn
    /// How grouped and depthwise convolutions are mapped (``GroupedConvolutionMapping``).
    public internal(set) var groupedConvolutions = GroupedConvolutionMapping.arrays

    // MARK: ADC

    /// ADC resolution, bits.
    public internal(set) var adcBits = 0
    /// ADC circuit family (energy and area model).
    public internal(set) var adcArchitecture = ADCModel.Architecture.sar
    /// Conversions per second of one ADC, hertz.
    public internal(set) var adcSampleRateHz = 0.0
    /// Sensed columns time-shared by one ADC through sample-and-holds (ISAAC: 128).
    public internal(set) var columnsPerADC = 0
    /// How the sensed columns reach their ADC: through sample-and-holds (ISAAC) or a multiplexer (NeuroSim).
    public internal(set) var columnReadout = ColumnReadout.sampleAndHold
    /// What senses each column's current before it is held or multiplexed: nothing (ISAAC,
    /// PRIME, NeuroSim) or a charge integrator.
    public internal(set) var columnSensing = ColumnSensing.none
    /// How a differential pair's columns are subtracted: digitally (none) or by current mirrors (PRIME).
    public internal(set) var referenceSubtraction = ReferenceSubtraction.none
    /// How each ADC's input range is chosen.
    public internal(set) var adcRangePolicy = ADCRangePolicy.fixed
    /// Percentile (0, 100] of a column's calibration values its range is set to, under
    /// ``ADCRangePolicy/calibrated`` (100: the largest value seen); unused under ``ADCRangePolicy/fixed``.
    public internal(set) var adcRangePercentile = 0.0

    // MARK: Execution model and analog-tile periphery

    /// How a run computes the matrix layers: bit-sliced integer crossbars (ISAAC, PRIME) or
    /// aihwkit's analog tile (``TilePeriphery``, ``AnalogTileChip``).
    public internal(set) var executionModel = ExecutionModel.bitSliced
    /// Analog tile: output bound in units of weight × normalised input (aihwkit `out_bound`, 12);
    /// the output step is (2·bound)/(2^adcBits − 2). Unused by bit-sliced runs.
    public internal(set) var outputBound = 0.0
    /// Analog tile: σ of the Gaussian added to every output before conversion, same units
    /// (aihwkit `out_noise`, 0.06). Unused by bit-sliced runs.
    public internal(set) var outputNoise = 0.0
    /// Analog tile: how inputs are scaled to the DAC's range (aihwkit `noise_management`).
    public internal(set) var noiseManagement = TilePeriphery.NoiseManagement.absMax
    /// Analog tile: what happens when an output clips (aihwkit `bound_management`).
    public internal(set) var boundManagement = TilePeriphery.BoundManagement.iterative
    /// Analog tile: largest input reduction of iterative bound management (aihwkit `max_bm_factor`, 1000).
    public internal(set) var boundManagementMaxFactor = 0.0
    /// Analog tile: iterative bound management stops once the reduction exceeds this over the
    /// input step (aihwkit `max_bm_res`, 0.25).
    public internal(set) var boundManagementMaxResolution = 0.0
    /// Analog tile: global drift compensation (aihwkit `GlobalDriftCompensation`), on for every
    /// read of an analog-tile run when true; bit-sliced runs use the run's `driftCompensation`.
    public internal(set) var driftCompensation = false

    // MARK: Organisation

    /// Crossbar arrays per IMA.
    public internal(set) var arraysPerIMA = 0
    /// IMAs per tile.
    public internal(set) var imasPerTile = 0
    /// Tiles per chip.
    public internal(set) var tilesPerChip = 0
    /// Shift-and-add units per IMA.
    public internal(set) var shiftAddUnitsPerIMA = 0
    /// Shift-and-add units per tile (outside the IMAs).
    public internal(set) var shiftAddUnitsPerTile = 0
    /// Adders of the tile's adder trees that accumulate partial sums across arrays and IMAs
    /// (NeuroSim's `AdderTree` in each PE and tile), 0 where the tile's shift-and-add units do it (ISAAC).
    public internal(set) var adderTreeAddersPerTile = 0
    /// Input register per IMA, bytes.
    public internal(set) var inputRegisterBytesPerIMA = 0
    /// Output register per IMA, bytes.
    public internal(set) var outputRegisterBytesPerIMA = 0
    /// Width of one IMA output (a shift-and-added partial sum), bits (ISAAC: 16).
    public internal(set) var imaOutputBits = 0
    /// eDRAM buffer per tile, bytes (0: none, PRIME buffers in a ReRAM subarray).
    public internal(set) var edramBytesPerTile = 0
    /// eDRAM banks per tile (0 without eDRAM).
    public internal(set) var edramBanksPerTile = 0
    /// Width of the eDRAM banks' bus, bits (0 without eDRAM).
    public internal(set) var edramBusWidthBits = 0
    /// Width of the shared bus from the eDRAM to the IMAs, bits (wires).
    public internal(set) var imaBusWidthBits = 0
    /// Output register per tile, bytes.
    public internal(set) var outputRegisterBytesPerTile = 0
    /// Activation (sigmoid/ReLU) units per tile.
    public internal(set) var activationUnitsPerTile = 0
    /// Max-pool units per tile.
    public internal(set) var maxPoolUnitsPerTile = 0
    /// Tiles sharing one router (ISAAC: 4); 0: no on-chip network (PRIME's banks), bits between
    /// tiles leave and re-enter through the off-chip interface.
    public internal(set) var tilesPerRouter = 0
    /// Off-chip links of the chip (ISAAC: 4 HyperTransport links).
    public internal(set) var offChipLinks = 0
    /// Bandwidth of one off-chip link, bytes per second.
    public internal(set) var offChipLinkBytesPerSecond = 0.0
    /// What the off-chip links are: ISAAC's HyperTransport or a memory chip's data pins (PRIME).
    public internal(set) var offChipInterface = OffChipInterface.hyperTransport
    /// ReRAM buffer subarrays per tile (PRIME: one per bank, between its FF subarrays); 0 on
    /// architectures that buffer in eDRAM.
    public internal(set) var bufferSubarraysPerTile = 0

    /// Every parameter key a file must have, in file order.
    public static var parameterKeys: [String] { parameters.map(\.key) }

    /// The parameter table (see ``ArchitectureParameter``).
    static var parameters: [ArchitectureParameter] {
        let count = ClosedRange(uncheckedBounds: (0, 1 << 20))
        let positiveCount = ClosedRange(uncheckedBounds: (1, 1 << 20))
        let bytes = ClosedRange(uncheckedBounds: (0, 1 << 40))
        return [
            .number("technologyNodeMetres", .closed(1e-9, 1e-6), \.technologyNodeMetres),
            .number("clockHz", .leftOpen(0, 1e11), \.clockHz),
            .number("readCycleSeconds", .leftOpen(0, 1e-3), \.readCycleSeconds),
            .integer("arrayRows", 1...4096, \.arrayRows),
            .integer("arrayColumns", 1...4096, \.arrayColumns),
            .integer("bitsPerCell", 1...8, \.bitsPerCell),
            .choice("signEncoding", \.signEncoding),
            .boolean("columnFlip", \.columnFlip),
            .integer("weightBits", 2...16, \.weightBits),
            .integer("inputBits", 2...16, \.inputBits),
            .integer("dacBits", 1...8, \.dacBits),
            .choice("rowDriver", \.rowDriver),
            .boolean("skipsZeroSlices", \.skipsZeroSlices),
            .choice("inputSumSource", \.inputSumSource),
            .choice("groupedConvolutions", \.groupedConvolutions),
            .integer("adcBits", 1...16, \.adcBits),
            .choice("adcArchitecture", \.adcArchitecture),
            .number("adcSampleRateHz", .leftOpen(0, 1e12), \.adcSampleRateHz),
            .integer("columnsPerADC", 1...4096, \.columnsPerADC),
            .choice("columnReadout", \.columnReadout),
            .choice("columnSensing", \.columnSensing),
            .choice("referenceSubtraction", \.referenceSubtraction),
            .choice("adcRangePolicy", \.adcRangePolicy),
            .number("adcRangePercentile", .leftOpen(0, 100), \.adcRangePercentile),
            .choice("executionModel", \.executionModel),
            .number("outputBound", .leftOpen(0, 1e6), \.outputBound),
            .number("outputNoise", .closed(0, 1e3), \.outputNoise),
            .choice("noiseManagement", \.noiseManagement),
            .choice("boundManagement", \.boundManagement),
            .number("boundManagementMaxFactor", .closed(1, 1e9), \.boundManagementMaxFactor),
            .number("boundManagementMaxResolution", .leftOpen(0, 1), \.boundManagementMaxResolution),
            .boolean("driftCompensation", \.driftCompensation),
            .integer("arraysPerIMA", positiveCount, \.arraysPerIMA),
            .integer("imasPerTile", positiveCount, \.imasPerTile),
            .integer("tilesPerChip", positiveCount, \.tilesPerChip),
            .integer("shiftAddUnitsPerIMA", count, \.shiftAddUnitsPerIMA),
            .integer("shiftAddUnitsPerTile", count, \.shiftAddUnitsPerTile),
            .integer("adderTreeAddersPerTile", count, \.adderTreeAddersPerTile),
            .integer("inputRegisterBytesPerIMA", bytes, \.inputRegisterBytesPerIMA),
            .integer("outputRegisterBytesPerIMA", bytes, \.outputRegisterBytesPerIMA),
            .integer("imaOutputBits", 1...64, \.imaOutputBits),
            .integer("edramBytesPerTile", bytes, \.edramBytesPerTile),
            .integer("edramBanksPerTile", count, \.edramBanksPerTile),
            .integer("edramBusWidthBits", count, \.edramBusWidthBits),
            .integer("imaBusWidthBits", positiveCount, \.imaBusWidthBits),
            .integer("outputRegisterBytesPerTile", bytes, \.outputRegisterBytesPerTile),
            .integer("activationUnitsPerTile", count, \.activationUnitsPerTile),
            .integer("maxPoolUnitsPerTile", count, \.maxPoolUnitsPerTile),
            .integer("tilesPerRouter", count, \.tilesPerRouter),
            .integer("offChipLinks", positiveCount, \.offChipLinks),
            .number("offChipLinkBytesPerSecond", .leftOpen(0, 1e13), \.offChipLinkBytesPerSecond),
            .choice("offChipInterface", \.offChipInterface),
            .integer("bufferSubarraysPerTile", count, \.bufferSubarraysPerTile),
        ]
    }

    /// How the matrix layers of a run are computed.
    public enum ExecutionModel: String, Sendable, CaseIterable {
        /// Integer weights in bit slices of cells, inputs in DAC slices, ADC per slice (ISAAC, PRIME).
        case bitSliced
        /// aihwkit's `InferenceTile`: one differential pair per float weight, one DAC/ADC pass
        /// per product with noise and bound management (``TilePeriphery``).
        case analogTile
    }

    /// The analog-tile periphery this spec describes: DAC and ADC steps from ``dacBits`` and
    /// ``adcBits`` (aihwkit `inp_res` = `out_res` = 1/(2^bits − 2)), input bound 1.
    public var tilePeriphery: TilePeriphery {
        TilePeriphery(
            inputResolution: 1 / Double((1 << dacBits) - 2), outputResolution: 1 / Double((1 << adcBits) - 2), outputBound: outputBound,
            outputNoise: outputNoise, noiseManagement: noiseManagement, boundManagement: boundManagement,
            boundManagementMaxFactor: boundManagementMaxFactor, boundManagementMaxResolution: boundManagementMaxResolution)
    }

    // MARK: Derived values

    /// Arrays on the chip.
    public var arraysPerChip: Int { arraysPerIMA * imasPerTile * tilesPerChip }
    /// Routers on the chip, ⌈tiles / tilesPerRouter⌉ (0 without an on-chip network).
    public var routersPerChip: Int { tilesPerRouter == 0 ? 0 : (tilesPerChip + tilesPerRouter - 1) / tilesPerRouter }
    /// The weight encoding arrays use: ``weightBits`` in ``bitsPerCell``-bit cells, signed per
    /// ``signEncoding``, with ``columnFlip``.
    public var weightEncoding: WeightEncoding {
        get throws { try WeightEncoding(weightBits: weightBits, bitsPerCell: bitsPerCell, sign: signEncoding, columnFlip: columnFlip) }
    }

    /// The value of parameter `key` as JSON, or `nil` for an unknown key.
    public func value(of key: String) -> JSONValue? {
        Self.parameters.first { $0.key == key }?.get(self)
    }

    /// Every parameter's value, keyed as in the file.
    public var parameterValues: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: Self.parameters.map { ($0.key, $0.get(self)) }))
    }

    /// The preset as JSON: name, file, overridden keys and every parameter's value.
    public var json: JSONValue {
        .object([
            "name": .string(name), "file": .string(ProjectDirectory.reportedPath(URL(fileURLWithPath: file))), "parameters": parameterValues,
            "overriddenKeys": .array(overriddenKeys.sorted().map(JSONValue.string)),
        ])
    }

    // MARK: Loading

    /// Architecture files: `Experiments/architectures/*.json`.
    public static let kind = PresetFile.Kind(noun: "architecture", folderPath: "Experiments/architectures")

    /// The bundled architecture called `reference` (`Experiments/architectures/<reference>.json`),
    /// or the file at the path `reference` when it contains a `/` or ends in `.json`.
    public static func load(_ reference: String) throws -> ArchitectureSpec {
        try ArchitectureSpec(PresetFile.load(reference, kind: kind))
    }

    /// `Experiments/architectures`.
    public static func folder() throws -> URL {
        try kind.folder()
    }

    /// Names of the bundled architectures, sorted.
    public static func bundledNames() throws -> [String] {
        try kind.bundledNames()
    }

    /// Parses and validates a file's contents; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> ArchitectureSpec {
        try ArchitectureSpec(PresetFile.parse(data, file: file, kind: kind))
    }

    /// The spec with some parameters replaced (a run's settings, a what-if); keys must be
    /// parameter keys. `origin` names where the overrides come from in error messages
    /// (e.g. `run configuration architectureOverrides`).
    public func overriding(_ overrides: [String: JSONValue], origin: String = "override") throws -> ArchitectureSpec {
        var copy = self
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let parameter = Self.parameters.first(where: { $0.key == key }) else {
                throw ArchitectureSpecError.unknownKey(file: file, field: "parameters." + key, allowed: Self.parameterKeys)
            }
            try copy.assign(parameter, value, field: "parameters." + key, shown: { "\($0.canonicalJSON()) (\(origin))" })
            copy.sources[key] = origin
            copy.overriddenKeys.insert(key)
        }
        try copy.checkConsistency()
        return copy
    }

    /// The spec a checked file describes: every parameter of the table present, in range and
    /// consistent with the others.
    private init(_ preset: PresetFile) throws {
        try preset.requireParameters(Self.parameterKeys)
        name = preset.name
        description = preset.description
        citation = preset.citation
        file = preset.file
        for parameter in Self.parameters {
            let entry = preset.parameters[parameter.key]!
            sources[parameter.key] = entry.source
            try assign(parameter, entry.value, field: "parameters.\(parameter.key).value", shown: { "\($0.canonicalJSON())" })
        }
        try checkConsistency()
    }

    /// Checks `value` against `parameter` and stores it.
    private mutating func assign(
        _ parameter: ArchitectureParameter, _ value: JSONValue, field: String, shown: (JSONValue) -> String
    ) throws {
        switch parameter.check(value) {
        case .wrongType:
            throw ArchitectureSpecError.wrongType(file: file, field: field, expected: parameter.allowed)
        case .outOfRange:
            throw ArchitectureSpecError.outOfRange(file: file, field: field, value: shown(value), allowed: parameter.allowed)
        case nil:
            parameter.set(&self, value)
        }
    }

    /// Constraints between fields.
    private func checkConsistency() throws {
        func fail(_ key: String, _ allowed: String) -> ArchitectureSpecError {
            let shown = (value(of: key)?.canonicalJSON() ?? "?") + (overriddenKeys.contains(key) ? " (override)" : "")
            return .outOfRange(file: file, field: "parameters." + key, value: shown, allowed: allowed)
        }
        if columnFlip && signEncoding != .offset {
            throw fail("columnFlip", "false unless signEncoding is \"offset\" (the flip is undone with the offset scheme's unit column)")
        }
        if referenceSubtraction == .currentMirror && signEncoding != .differential {
            throw fail("referenceSubtraction", "\"none\" unless signEncoding is \"differential\" (a mirror subtracts a pair's negative column)")
        }
        if rowDriver == .switchMatrix && dacBits != 1 {
            throw fail("dacBits", "1 under rowDriver \"switchMatrix\" (a switch connects a row to the read voltage or not)")
        }
        if executionModel == .analogTile && (dacBits < 2 || adcBits < 2) {
            throw fail(dacBits < 2 ? "dacBits" : "adcBits", "at least 2 under executionModel \"analogTile\" (a signed converter of 2^bits − 1 levels)")
        }
        let encoding = try weightEncoding
        let needed = encoding.physicalColumns(outputs: 1)
        if arrayColumns < needed {
            throw fail(
                "arrayColumns",
                "at least \(needed) columns: one \(weightBits)-bit weight in \(bitsPerCell)-bit cells takes \(needed) (\(signEncoding.rawValue) encoding)")
        }
    }
}
