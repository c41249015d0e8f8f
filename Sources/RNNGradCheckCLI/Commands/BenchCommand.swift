import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck bench`: the peers' workloads (../shared/peers in the project's workspace), timed the
/// way they time them, printed in their `key=value` format so that one summary reads both.
enum BenchCommand {
    struct Workload {
        let name: String
        let size: NetworkSize
        let isCheck: Bool
    }

    /// The peers' workloads (common.py): K, H, T.
    static let workloads = [
        Workload(name: "grad-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), isCheck: false),
        Workload(name: "grad-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), isCheck: false),
        Workload(name: "grad-large", size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), isCheck: false),
        Workload(name: "grad-long", size: NetworkSize(vocabulary: 50, hidden: 50, steps: 1000), isCheck: false),
        Workload(name: "check-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), isCheck: true),
        Workload(name: "check-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), isCheck: true),
    ]

    static let spec = CommandSpec(
        name: "bench",
        abstract: "Time the gradient and the full check on the peers' workloads.",
        discussion: """
            Each workload is a wildml network with the peers' sizes and initialisation (U uniform in \
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
            OptionSpec("workload", value: "workload", help: "Run one workload only.", default: "all", values: workloads.map(\.name)),
            OptionSpec("seed", value: "seed", help: "Seed of the random problem.", default: "0"),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        #if DEBUG
            console.printError("note: this is a debug build; time a release build: swift run -c release rnn-gradcheck bench")
        #endif
        let seed = try arguments.seed("seed") ?? 0
        let selected = arguments.string("workload").map { name in workloads.filter { $0.name == name } } ?? workloads
        console.print("# rnn-gradcheck \(RNNGradCheckCLI.version) bench, single thread, seed \(seed)")
        for workload in selected {
            let problem = Wildml.Problem.random(size: workload.size, seed: seed)
            let (x, y) = (problem.x, problem.y)
            if workload.isCheck {
                var result: GradientCheck?
                let timing = time(maxRuns: 21) { result = GradientChecker.check(problem) }
                report(workload, "swift_check", timing, console, extra: checkFields(result!))
                let plainTiming = time(maxRuns: 21) {
                    let numerical = NumericalDifferentiation.gradient(of: problem, exploitingStructure: false)
                    _ = GradientChecker.compare(problem, analytic: problem.bpttGradients(truncation: nil), numerical: numerical, tolerance: 1e-7)
                }
                report(workload, "swift_check_plain", plainTiming, console, extra: "")
            } else {
                var literal = problem.rnn
                literal.bpttTruncate = x.count
                let literalTiming = time(maxRuns: 101) { _ = literal.bptt(x, y) }
                var gradients = Wildml.Gradients.zeros(vocabulary: workload.size.vocabulary, hidden: workload.size.hidden)
                var workspace = Wildml.Workspace(vocabulary: workload.size.vocabulary, hidden: workload.size.hidden, steps: workload.size.steps)
                let sweepTiming = time(maxRuns: 101) { _ = problem.rnn.oneSweep(x, y, into: &gradients, workspace: &workspace) }
                let reference = literal.bptt(x, y)
                let difference = [
                    Equivalence.relativeDifference(reference.dLdU.storage, gradients.dLdU.storage),
                    Equivalence.relativeDifference(reference.dLdV.storage, gradients.dLdV.storage),
                    Equivalence.relativeDifference(reference.dLdW.storage, gradients.dLdW.storage),
                ].max() ?? 0
                report(workload, "swift_literal", literalTiming, console, extra: "")
                report(workload, "swift_sweep", sweepTiming, console, extra: "reldiff_vs_literal=\(Format.error(difference))")
            }
        }
        return .success
    }

    private static func checkFields(_ check: GradientCheck) -> String {
        let entries = check.blocks.reduce(0) { $0 + $1.shape.count }
        let worst = check.blocks.map(\.maxRelativeError).max() ?? 0
        return "entries=\(entries) passed=\(check.passed) max_rel=\(Format.error(worst))"
    }

    private static func report(_ workload: Workload, _ impl: String, _ timing: (median: Double, min: Double, runs: Int), _ console: Console, extra: String) {
        console.print("workload=\(workload.name) impl=\(impl) median_s=\(significant(timing.median)) runs=\(timing.runs) min_s=\(significant(timing.min))" + (extra.isEmpty ? "" : " " + extra))
    }

    private static func significant(_ x: Double) -> String { Format.value(x, digits: 6).trimmingCharacters(in: .whitespaces) }

    /// One warm-up call, then at least 5 timed calls (3 when one takes over a second, 1 over 20 s)
    /// until 2 s have passed or `maxRuns` calls: the peers' common.time_it.
    static func time(maxRuns: Int, _ body: () -> Void) -> (median: Double, min: Double, runs: Int) {
        let clock = ContinuousClock()
        let first = clock.measure(body)
        var minRuns = 5
        if first > .seconds(1) { minRuns = 3 }
        if first > .seconds(20) { minRuns = 1 }
        var times: [Double] = []
        let start = clock.now
        while true {
            let elapsed = clock.measure(body)
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            if times.count >= maxRuns { break }
            if times.count >= minRuns && clock.now - start >= .seconds(2) { break }
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        return (median, times[0], times.count)
    }
}
