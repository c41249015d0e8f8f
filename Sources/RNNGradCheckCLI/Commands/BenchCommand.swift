import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck bench`: the peers' workloads (../shared/peers in the project's workspace), timed the
/// way they time them, printed in their `key=value` format so that one summary reads both.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Time the gradient and the full check on the peers' workloads.",
        discussion: """
            Each workload is the peers' U/V/W network, with their sizes and initialisation (U uniform in \
            ±1/√K, V and W in ±1/√H). grad-* times one gradient: swift_literal is seed 000's loop \
            (O(T²) with full BPTT, allocating as the tutorial does), swift_sweep the one-sweep BPTT over \
            reused buffers. check-* times the whole check of every entry: swift_check (central \
            differences through the structure-aware evaluator, same numbers bit for bit) and \
            swift_check_plain (every loss through the plain forward pass). One warm-up call, then at \
            least 5 timed calls (3 when a call takes over a second) until 2 s have passed or 101 calls \
            (21 for checks); the median is printed. Build with -c release.
            """,
        usage: "rnn-gradcheck bench [--workload <workload>] [--seed <seed>]",
        options: [
            OptionSpec("workload", value: "workload", help: "Run one workload only.", default: "all", values: Benchmark.workloads.map(\.name)),
            OptionSpec("seed", value: "seed", help: "Seed of the random problem.", default: "0"),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        #if DEBUG
            console.printError("note: this is a debug build; time a release build: swift run -c release rnn-gradcheck bench")
        #endif
        let seed = try arguments.seed("seed") ?? 0
        let workloads = Benchmark.workloads
        let selected = arguments.string("workload").map { name in workloads.filter { $0.name == name } } ?? workloads
        console.print("# rnn-gradcheck \(RNNGradCheckCLI.version) bench, single thread, seed \(seed)")
        for workload in selected {
            Benchmark.run(workload, seed: seed) { m in
                let extra = m.fields.map { " \($0.key)=\($0.value)" }.joined()
                console.print("workload=\(m.workload) impl=\(m.implementation) median_s=\(significant(m.median)) runs=\(m.runs) min_s=\(significant(m.minimum))" + extra)
            }
        }
        return .success
    }

    private static func significant(_ x: Double) -> String { Format.value(x, digits: 6).trimmingCharacters(in: .whitespaces) }
}
