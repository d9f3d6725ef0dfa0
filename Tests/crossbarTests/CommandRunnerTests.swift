import Testing

@testable import crossbar

/// A command used only to exercise the runner: it fails at run time when asked to.
private struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "Test command.")

    struct Failure: Error, CustomStringConvertible {
        var description: String { "the probe failed" }
    }

    @Option(help: "How many.") var count: Int = 3
    @Option(help: "Times.") var time: [Double] = []
    @Option(help: "Optional label.") var label: String?
    @Flag(help: "Fail at run time.") var fail: Bool
    @Flag(help: "Find a usage error at run time.") var misuse: Bool
    @Argument(help: "Input files.") var files: [String]

    func validate() throws {
        if count < 0 { throw ValidationError("--count must be non-negative") }
    }

    func run() throws {
        if fail { throw Failure() }
        if misuse { throw ValidationError("--misuse names a file that does not resolve") }
    }
}

@Suite("command runner")
struct CommandRunnerTests {
    @Test("exit codes: 0 on success, 1 on a runtime failure, 2 on bad usage (found in validate or in run)")
    func exitCodes() {
        #expect(CommandRunner.run(Probe.self, arguments: ["a.json"]) == 0)
        #expect(CommandRunner.run(Probe.self, arguments: ["a.json", "--fail"]) == 1)
        #expect(CommandRunner.run(Probe.self, arguments: ["a.json", "--count", "-1"]) == 2)
        #expect(CommandRunner.run(Probe.self, arguments: ["a.json", "--misuse"]) == 2)
        #expect(CommandRunner.run(Probe.self, arguments: []) == 2)
        #expect(CommandRunner.run(Probe.self, arguments: ["a.json", "--cuont", "1"]) == 2)
    }

    @Test("options parse with spaces, '=', repeated array values and negative numbers")
    func parsing() throws {
        let probe = Probe()
        try CommandRunner.parse(
            ["x", "--count=7", "--time", "1", "10", "-5", "--label", "-n", "y", "--", "--z"],
            into: DeclaredArgument.all(in: probe), commandType: Probe.self)
        #expect(probe.count == 7)
        #expect(probe.time == [1, 10, -5])
        #expect(probe.label == "-n")
        #expect(probe.files == ["x", "y", "--z"])
        #expect(probe.fail == false)
    }

    @Test("an array option given again replaces its default and then appends")
    func repeatedArrayOption() throws {
        let probe = Probe()
        try CommandRunner.parse(
            ["f", "--time", "1", "--time", "2"], into: DeclaredArgument.all(in: probe), commandType: Probe.self)
        #expect(probe.time == [1, 2])
    }

    @Test("usage errors are typed and suggest the closest name")
    func usageErrors() {
        let probe = Probe()
        #expect(throws: CommandLineError.unknownOption("--cont", suggestion: "--count")) {
            try CommandRunner.parse(["f", "--cont", "1"], into: DeclaredArgument.all(in: probe), commandType: Probe.self)
        }
        #expect(throws: CommandLineError.missingArgument("files")) {
            try CommandRunner.parse(["--count", "1"], into: DeclaredArgument.all(in: Probe()), commandType: Probe.self)
        }
        #expect(throws: CommandLineError.invalidValue(option: "--time", value: "soon", expected: "a finite number")) {
            try CommandRunner.parse(["f", "--time", "soon"], into: DeclaredArgument.all(in: Probe()), commandType: Probe.self)
        }
    }

    @Test("edit distance and suggestions")
    func suggestions() {
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.closest(to: "bnech", among: ["bench", "run"]) == "bench")
        #expect(EditDistance.closest(to: "zzzzzz", among: ["bench", "run"]) == nil)
    }

    @Test("property names become kebab-case options")
    func kebabCase() {
        #expect(DeclaredArgument.kebabCase("weightBits") == "weight-bits")
        #expect(DeclaredArgument.kebabCase("json") == "json")
        #expect(DeclaredArgument.kebabCase("adcBitsPerSlice") == "adc-bits-per-slice")
    }
}
