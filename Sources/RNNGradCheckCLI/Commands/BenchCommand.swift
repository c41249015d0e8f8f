import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck bench`: the peers' workloads (../shared/peers in the project's workspace) and the
/// package's larger ones, timed the way the peers time theirs and printed in their `key=value` format;
/// with --compare, the ratio table against a run_all.sh output; with --calibrate, the cost estimate
/// beside measured times.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Time the gradient and the full check on the peers' workloads and larger ones.",
        discussion: """
            Each peer workload is the peers' U/V/W network, with their sizes and initialisation (U uniform \
            in ±1/√K, V and W in ±1/√H). grad-* times one gradient: swift_literal is seed 000's loop \
            (O(T²) with full BPTT, allocating as the tutorial does), swift_sweep the one-sweep BPTT over \
            reused buffers. check-* times the whole check of every entry: swift_check on one thread (as \
            the peers run with THREADS=1), swift_check_threads on --threads, both through the \
            structure-aware evaluators (the same numbers, bit for bit), and swift_check_plain with every \
            loss through the plain forward pass. One warm-up call, then at least 5 timed calls (3 when a \
            call takes over a second) until 2 s have passed or 101 calls (21 for checks); the median is \
            printed.

            check-large is the exhaustive check of the tutorial-size network (K=8000, H=100, T=20, 1.61 \
            million entries), run once (about 20 s on two cores); --quick estimates it from about 4000 \
            entries of each block, sampled as the batches the check computes together. fast-large runs \
            the fast mode (check --entries 100) on the same network three times: on the correct gradient, \
            on V scaled by 1.01, and on U's largest entry with its sign flipped. iw-* run seed \
            001's network (sigmoid units, biases, real inputs): its one sweep against its loops (T=1000, \
            and T=10000 where the loops would take seconds), and full checks of M=100, 200, 400 hidden \
            units. Without --workload every workload runs except check-large, fast-large and iw-check-m400.

            With --compare FILE (the output of THREADS=1 ../shared/peers/run_all.sh, one or more runs), \
            the peer workloads run and the table of peer time ÷ rnn-gradcheck time follows (above 1: \
            rnn-gradcheck is faster; each side the median over its runs, with the spread). With \
            --calibrate, every notation's cost estimate is printed beside the measured times. Build with \
            -c release.
            """,
        usage: "rnn-gradcheck bench [--workload <workload>] [--seed <seed>] [--threads <n>] [--quick] [--kernels <level>] [--compare <file>] [--calibrate]",
        options: [
            OptionSpec("workload", value: "workload", help: "Run one workload only.", default: "all but check-large, fast-large and iw-check-m400", values: Benchmark.workloads.map(\.name)),
            OptionSpec("seed", value: "seed", help: "Seed of the random problem.", default: "0"),
            OptionSpec("threads", value: "n", help: "Threads for swift_check_threads and check-large.", default: "one per processor (\(Threads.availableCores) here)"),
            OptionSpec("quick", help: "Estimate check-large from a sample of its entries instead of running it."),
            OptionSpec("kernels", value: "level", help: "The vector kernels to use (the numbers of a check are the same at every level).", default: "the best this processor has (\(KernelLevel.supported.name) here)", values: KernelLevel.allCases.map(\.argument)),
            OptionSpec("compare", value: "file", help: "Run the peer workloads and print the ratio table against this run_all.sh output."),
            OptionSpec("calibrate", help: "Print the cost estimate of every notation's check beside the measured times."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        #if DEBUG
            console.printError("note: this is a debug build; time a release build: swift run -c release rnn-gradcheck bench")
        #endif
        let seed = try arguments.seed("seed") ?? 0
        let threads = try arguments.integer("threads", in: 1...1024)
        if let name = arguments.string("kernels") {
            guard let level = KernelLevel.allCases.first(where: { $0.argument == name }) else {
                throw .usage("the value '\(name)' is invalid for '--kernels <level>'", command: spec.name)
            }
            guard level.rawValue <= KernelLevel.supported.rawValue else {
                throw .usage("this processor has no \(level.name) (the best it has: \(KernelLevel.supported.argument))", command: spec.name)
            }
            KernelLevel.use(level)
        }
        try arguments.forbid(["compare", "workload", "quick"], with: "calibrate", because: "--calibrate runs its own problems")
        try arguments.forbid(["workload"], with: "compare", because: "--compare runs the peer workloads")
        // Read the peers' file before spending minutes on the workloads.
        let peers = try arguments.string("compare").map { path throws(RNNGradCheckError) in
            let file = try InputFile.read(path) { InputFile.readCapped(FileHandle.standardInput) }
            let lines = try PeerComparison.lines(in: String(decoding: file.bytes, as: UTF8.self), file: file.name)
            guard !lines.isEmpty else {
                throw RNNGradCheckError(.dataError, "\(file.name): no 'workload=… impl=… median_s=…' lines (is it the output of run_all.sh?)")
            }
            return lines
        }
        let options = Benchmark.Options(seed: seed, threads: threads, quick: arguments.flag("quick"))
        let cores = Threads.availableCores
        console.print("# rnn-gradcheck \(RNNGradCheckCLI.version) bench, seed \(seed), kernels \(KernelLevel.current.name), \(cores) processor\(cores == 1 ? "" : "s")")

        if arguments.flag("calibrate") {
            console.print("# the cost estimate (one thread) beside the measured time; ratio = measured ÷ estimated")
            Calibration.run { row in
                console.print("problem=\"\(row.problem)\" part=\(row.part) measured_s=\(significant(row.measured)) estimated_s=\(significant(row.estimated)) ratio=\(ratio(row.ratio))")
            }
            return .success
        }

        let workloads: [Benchmark.Workload]
        if peers != nil {
            workloads = Benchmark.workloads.filter(\.inPeers)
        } else if let name = arguments.string("workload") {
            workloads = Benchmark.workloads.filter { $0.name == name }
        } else {
            workloads = Benchmark.defaultWorkloads
        }
        var measured: [PeerComparison.Line] = []
        for workload in workloads {
            Benchmark.run(workload, options: options) { m in
                let extra = m.fields.map { " \($0.key)=\($0.value)" }.joined()
                console.print("workload=\(m.workload) impl=\(m.implementation) median_s=\(significant(m.median)) runs=\(m.runs) min_s=\(significant(m.minimum))" + extra)
                measured.append(PeerComparison.Line(workload: m.workload, implementation: m.implementation, median: m.median))
            }
        }
        if let peers { printComparison(PeerComparison.table(ours: measured, peers: peers), console: console) }
        return .success
    }

    /// The ratio table: one row per workload, one column per peer implementation.
    private static func printComparison(_ rows: [PeerComparison.Row], console: Console) {
        console.print("")
        console.print("peer time ÷ rnn-gradcheck time (above 1: rnn-gradcheck is faster); each side the median of its runs (rnn-gradcheck's range in brackets)")
        var peers: [String] = []
        for row in rows { for ratio in row.ratios where !peers.contains(ratio.peer) { peers.append(ratio.peer) } }
        var table = [["workload", "rnn-gradcheck"] + peers]
        for row in rows {
            let range = row.ours.runs > 1 ? " [\(duration(row.ours.low))–\(duration(row.ours.high))]" : ""
            let cells = peers.map { peer in
                row.ratios.first { $0.peer == peer }.map { ratio($0.ratio) } ?? "–"
            }
            table.append([row.workload, "\(row.implementation) \(duration(row.ours.median))\(range)"] + cells)
        }
        for line in Format.table(table) { console.print(line) }
    }

    /// 0.98, 12.3, 4732.
    private static func ratio(_ x: Double) -> String {
        String(format: x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x)
    }

    /// 1.23 µs, 4.56 ms, 7.89 s.
    private static func duration(_ seconds: Double) -> String {
        let (value, unit) = seconds < 1e-3 ? (seconds * 1e6, "µs") : seconds < 1 ? (seconds * 1e3, "ms") : (seconds, "s")
        return String(format: "%.3g %@", value, unit)
    }

    private static func significant(_ x: Double) -> String { Format.value(x, digits: 6).trimmingCharacters(in: .whitespaces) }
}

extension KernelLevel {
    /// The name on the command line: portable, avx2, avx512.
    var argument: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512: return "avx512"
        }
    }
}
