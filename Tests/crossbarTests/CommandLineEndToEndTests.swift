import Foundation
import Testing

/// End-to-end tests of the `crossbar` command line: the built binary, its output and exit codes.
@Suite("crossbar command line")
struct CommandLineEndToEndTests {
    @Test("--version prints the version and exits 0")
    func version() throws {
        let outcome = try CommandLineTool.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "0.1.0\n")
        #expect(outcome.standardError.isEmpty)
    }

    @Test("bench gemm --help prints the command's help")
    func benchGEMMHelp() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == """
            OVERVIEW: Measure single-precision GEMM throughput in GFLOP/s.

            Multiplies two random N×N matrices (C = A·B) and reports 2N³ floating-point operations
            divided by the best of several runs.

            Example:
              swift run -c release crossbar bench gemm --size 1024 --threads 1 --json

            USAGE: crossbar bench gemm [--size <size>] [--threads <threads>] [--json]

            OPTIONS:
              --size <size>           Matrix size N. (default: 1024)
              --threads <threads>     Threads to use (default: all processors).
              --json                  Print one JSON object.
              -h, --help              Show help information.

            """)
    }

    @Test("'help bench gemm' prints the same help as 'bench gemm --help'")
    func helpSubcommand() throws {
        let viaHelp = try CommandLineTool.run(["help", "bench", "gemm"])
        let viaFlag = try CommandLineTool.run(["bench", "gemm", "--help"])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.standardOutput == viaFlag.standardOutput)
    }

    @Test("the overview lists every top-level command")
    func overviewListsCommands() throws {
        let outcome = try CommandLineTool.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("OVERVIEW: Emulate processing-in-memory accelerators"))
        #expect(outcome.standardOutput.contains("SUBCOMMANDS:\n"))
        #expect(outcome.standardOutput.contains("\n  bench "))
    }

    @Test("an unknown command exits 2 and suggests the closest one")
    func unknownCommand() throws {
        let outcome = try CommandLineTool.run(["bnech"])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix("Error: Unknown command 'bnech'. Did you mean 'bench'?\n"))
    }

    @Test("an unknown option exits 2 and suggests the closest one")
    func unknownOption() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--sise", "64"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == """
            Error: Unknown option '--sise'. Did you mean '--size'?
            Usage: crossbar bench gemm [--size <size>] [--threads <threads>] [--json]
              See 'crossbar bench gemm --help' for more information.

            """)
    }

    @Test("a value of the wrong type exits 2 and names the option")
    func invalidValue() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--size", "big"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("Error: The value 'big' is invalid for '--size': expected an integer.\n"))
    }

    @Test("an option without its value exits 2")
    func missingValue() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--size"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("Error: Missing value for '--size'.\n"))
    }

    @Test("train rejects a negative --weight-range, and --weight-range without --hardware-aware, with exit 2")
    func weightRangeValidation() throws {
        let negative = try CommandLineTool.run(["train", "--hardware-aware", "--weight-range", "-1"])
        #expect(negative.status == 2)
        #expect(negative.standardError.hasPrefix("Error: --weight-range must be in 0...1000 (0: keep the network's scale), got -1.0\n"))
        let alone = try CommandLineTool.run(["train", "--weight-range", "1"])
        #expect(alone.status == 2)
        #expect(alone.standardError.hasPrefix("Error: --weight-range applies only with --hardware-aware\n"))
    }

    @Test("validate() rejects an out-of-range value with exit 2")
    func validationFailure() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--size", "0"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("Error: --size must be in 1...16384, got 0\n"))
    }

    @Test("bench gemm --json prints one object with size, threads and gflops")
    func benchGEMMJSON() throws {
        let outcome = try CommandLineTool.run(["bench", "gemm", "--size", "32", "--threads", "1", "--json"])
        #expect(outcome.status == 0)
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["size"] as? Int == 32)
        #expect(object["threads"] as? Int == 1)
        let gflops = try #require(object["gflops"] as? Double)
        #expect(gflops > 0)
    }
}
