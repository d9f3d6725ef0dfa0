import Experiment
import Foundation

/// `crossbar merge`: combine the output folders of sweep shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of sweep shards into the folder an unsharded sweep writes.",
        discussion: """
            Reads experiment.json and points.jsonl from every folder (the output of
            `crossbar sweep … --shard i/n`), checks that they come from the same experiment and
            together hold every point, and writes experiment.json, points.jsonl, results.jsonl,
            results.csv and timing.csv to --out. experiment.json, results.jsonl and results.csv
            are then byte-identical to those of an unsharded sweep; timing differs.

            Example:
              crossbar merge results/shard-1 results/shard-2 results/shard-3 --out results/all
            """)

    @Argument(name: "folders", help: "Output folders of the shards.") var folders: [String]
    @Option(help: "Folder to write the merged results to.") var out: String?

    func validate() throws {
        guard out != nil else { throw ValidationError("give the folder to write to: --out DIR") }
    }

    func run() throws {
        let output = URL(fileURLWithPath: out!)
        let summary = try SweepMerge.merge(folders.map { URL(fileURLWithPath: $0) }, into: output)
        var message = "merged \(summary.points) points from \(folders.count) folder(s) into \(output.path)"
        if summary.tornLines > 0 {
            message += " (ignored \(summary.tornLines) torn last line(s): points killed while being written)"
        }
        print(message)
    }
}
