import Foundation
import RNNGradCheck

/// The Python peers' workloads (../shared/peers in the project's workspace: numpy, JAX, PyTorch,
/// autograd), timed the way they time them, and the package's own larger ones: the exhaustive check of
/// the tutorial-size network and index-wise's long sequences and wide networks.
public enum Benchmark {
    public enum Kind: Sendable, Equatable {
        /// One wildml gradient: the literal port and the one sweep.
        case gradient
        /// A full wildml check of every entry, one thread and all of them, and through the plain pass.
        case check
        /// The exhaustive wildml check of a network too large to time repeatedly: one run.
        case exhaustiveCheck
        /// One index-wise gradient (the literal loops only where they take seconds at most).
        case indexWiseGradient
        /// A full index-wise check.
        case indexWiseCheck
        /// The sampled check (`check --entries 100`) of a large wildml network: the correct gradient,
        /// V scaled by 1.01 and U's largest entry with its sign flipped (where the sample does not
        /// look), one run each.
        case fastModeCheck
    }

    public struct Workload: Sendable {
        public let name: String
        public let size: NetworkSize
        public let kind: Kind
        /// The peers time this workload too (run_all.sh).
        public let inPeers: Bool
    }

    /// The workloads: the peers' (common.py: K, H, T), then the package's.
    public static let workloads = [
        Workload(name: "grad-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), kind: .gradient, inPeers: true),
        Workload(name: "grad-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), kind: .gradient, inPeers: true),
        Workload(name: "grad-large", size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), kind: .gradient, inPeers: true),
        Workload(name: "grad-long", size: NetworkSize(vocabulary: 50, hidden: 50, steps: 1000), kind: .gradient, inPeers: true),
        Workload(name: "check-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), kind: .check, inPeers: true),
        Workload(name: "check-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), kind: .check, inPeers: true),
        Workload(name: "check-large", size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), kind: .exhaustiveCheck, inPeers: false),
        Workload(name: "fast-large", size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), kind: .fastModeCheck, inPeers: false),
        Workload(name: "iw-grad-1000", size: NetworkSize(steps: 1000, inputs: 3, outputs: 2), kind: .indexWiseGradient, inPeers: false),
        Workload(name: "iw-grad-long", size: NetworkSize(steps: 10_000, inputs: 3, outputs: 2), kind: .indexWiseGradient, inPeers: false),
        Workload(name: "iw-check-m100", size: NetworkSize(hidden: 100, steps: 6, inputs: 3, outputs: 2), kind: .indexWiseCheck, inPeers: false),
        Workload(name: "iw-check-m200", size: NetworkSize(hidden: 200, steps: 6, inputs: 3, outputs: 2), kind: .indexWiseCheck, inPeers: false),
        Workload(name: "iw-check-m400", size: NetworkSize(hidden: 400, steps: 6, inputs: 3, outputs: 2), kind: .indexWiseCheck, inPeers: false),
    ]

    /// The workloads run when none is named: all but the exhaustive check, the fast mode's planted
    /// bugs and index-wise's widest network (a minute or more between them; name them, or use --quick
    /// for an estimate of the exhaustive check).
    public static var defaultWorkloads: [Workload] {
        workloads.filter { ![.exhaustiveCheck, .fastModeCheck].contains($0.kind) && $0.name != "iw-check-m400" }
    }

    /// One timed implementation of one workload.
    public struct Measurement: Sendable {
        public let workload: String
        /// `swift_literal`, `swift_sweep`, `swift_check`, `swift_check_threads`, `swift_check_plain`,
        /// `swift_check_estimate` (a sampled estimate).
        public let implementation: String
        public let median: Double
        public let minimum: Double
        public let runs: Int
        /// Further `key=value` fields (what was checked, the difference from the literal port).
        public let fields: [(key: String, value: String)]
    }

    /// How to run.
    public struct Options: Sendable {
        public var seed: UInt64
        /// Threads for the `swift_check_threads` and exhaustive checks (nil: one per processor).
        public var threads: Int?
        /// Estimate the exhaustive check from a sample of its entries instead of running it.
        public var quick: Bool

        public init(seed: UInt64 = 0, threads: Int? = nil, quick: Bool = false) {
            self.seed = seed
            self.threads = threads
            self.quick = quick
        }
    }

    /// Times every implementation of `workload`, reporting each measurement as soon as it is made.
    public static func run(_ workload: Workload, options: Options = Options(), report: (Measurement) -> Void) {
        func measurement(_ implementation: String, _ timing: Timing, _ fields: [(key: String, value: String)] = []) -> Measurement {
            Measurement(workload: workload.name, implementation: implementation, median: timing.median, minimum: timing.min, runs: timing.runs, fields: fields)
        }
        let threads = options.threads ?? Threads.availableCores
        switch workload.kind {
        case .gradient:
            let problem = Wildml.Problem.random(size: workload.size, seed: options.seed)
            let (x, y) = (problem.x, problem.y)
            var literal = problem.rnn
            literal.bpttTruncate = x.count
            let literalTiming = time(maxRuns: 101) { _ = literal.bptt(x, y) }
            let size = workload.size
            var gradients = Wildml.Gradients.zeros(vocabulary: size.vocabulary, hidden: size.hidden)
            var workspace = Wildml.Workspace(vocabulary: size.vocabulary, hidden: size.hidden, steps: size.steps)
            let sweepTiming = time(maxRuns: 101) { _ = problem.rnn.oneSweep(x, y, into: &gradients, workspace: &workspace) }
            let reference = literal.bptt(x, y)
            let difference = [
                Equivalence.relativeDifference(reference.dLdU.storage, gradients.dLdU.storage),
                Equivalence.relativeDifference(reference.dLdV.storage, gradients.dLdV.storage),
                Equivalence.relativeDifference(reference.dLdW.storage, gradients.dLdW.storage),
            ].max() ?? 0
            report(measurement("swift_literal", literalTiming))
            report(measurement("swift_sweep", sweepTiming, [("reldiff_vs_literal", Format.error(difference)), ("kernels", KernelLevel.current.name)]))
        case .check:
            let problem = Wildml.Problem.random(size: workload.size, seed: options.seed)
            var result: GradientCheck?
            let timing = time(maxRuns: 21) { result = GradientChecker.check(problem, settings: CheckSettings(threads: 1)) }
            report(measurement("swift_check", timing, checkFields(result!, threads: 1)))
            if threads > 1 {
                let parallel = time(maxRuns: 21) { result = GradientChecker.check(problem, settings: CheckSettings(threads: threads)) }
                report(measurement("swift_check_threads", parallel, checkFields(result!, threads: threads)))
            }
            let plainTiming = time(maxRuns: 21) {
                let numerical = NumericalDifferentiation.gradient(of: problem, exploitingStructure: false)
                _ = GradientChecker.compare(problem, analytic: problem.bpttGradients(truncation: nil), numerical: numerical, tolerance: 1e-7)
            }
            report(measurement("swift_check_plain", plainTiming))
        case .exhaustiveCheck:
            let problem = Wildml.Problem.random(size: workload.size, seed: options.seed)
            let estimate = CostEstimate.check(problem, settings: CheckSettings(threads: threads))
            if options.quick {
                let sampled = sampledCheck(problem, threads: threads, seed: options.seed)
                report(measurement("swift_check_estimate", (sampled.seconds, sampled.seconds, 1), [
                    ("threads", "\(threads)"), ("sampled_entries", "\(sampled.entries)"),
                    ("cost_estimate_s", significant(estimate.expected.seconds)),
                ]))
            } else {
                let clock = ContinuousClock()
                var result: GradientCheck?
                let elapsed = clock.measure { result = GradientChecker.check(problem, settings: CheckSettings(threads: threads)) }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                report(measurement("swift_check", (seconds, seconds, 1), checkFields(result!, threads: threads) + [
                    ("cost_estimate_s", significant(estimate.expected.seconds)),
                ]))
            }
        case .indexWiseGradient:
            let problem = IndexWise.Problem.random(size: workload.size, seed: options.seed)
            if workload.size.steps <= 2000 {
                let literalTiming = time(maxRuns: 101) { _ = problem.network.bptt(problem.x, problem.d) }
                report(measurement("swift_literal", literalTiming))
            }
            var sweep: IndexWise.Gradients?
            let sweepTiming = time(maxRuns: 101) { sweep = problem.network.oneSweep(problem.x, problem.d).gradients }
            var fields: [(key: String, value: String)] = [("kernels", KernelLevel.current.name)]
            if workload.size.steps <= 2000 {
                let reference = problem.network.bptt(problem.x, problem.d)
                let difference = [
                    Equivalence.relativeDifference(reference.dCdV.storage, sweep!.dCdV.storage),
                    Equivalence.relativeDifference(reference.dCdU.storage, sweep!.dCdU.storage),
                    Equivalence.relativeDifference(reference.dCdW.storage, sweep!.dCdW.storage),
                ].max() ?? 0
                fields.insert(("reldiff_vs_literal", Format.error(difference)), at: 0)
            }
            report(measurement("swift_sweep", sweepTiming, fields))
        case .indexWiseCheck:
            let problem = IndexWise.Problem.random(size: workload.size, seed: options.seed)
            var result: GradientCheck?
            let timing = time(maxRuns: 21) { result = GradientChecker.check(problem, settings: CheckSettings(threads: 1)) }
            let estimate = CostEstimate.check(problem, settings: CheckSettings(threads: 1))
            report(measurement("swift_check", timing, checkFields(result!, threads: 1) + [("cost_estimate_s", significant(estimate.expected.seconds))]))
            if threads > 1 {
                let parallel = time(maxRuns: 21) { result = GradientChecker.check(problem, settings: CheckSettings(threads: threads)) }
                report(measurement("swift_check_threads", parallel, checkFields(result!, threads: threads)))
            }
        case .fastModeCheck:
            let problem = Wildml.Problem.random(size: workload.size, seed: options.seed)
            let right = Wildml.Problem<Double>.blocks.map { problem.bpttGradients(truncation: nil)[keyPath: $0.gradient] }
            let sampling = EntrySampling(perBlock: 100, seed: 1)
            let sample = EntrySample(blockSizes: right.map(\.count), perBlock: sampling.perBlock, seed: sampling.seed)
            var scaled = right
            scaled[1] = scaled[1].map { $0 * 1.01 }
            var flipped = right
            let largest = right[0].indices.max { abs(right[0][$0]) < abs(right[0][$1]) }!
            flipped[0][largest] = -flipped[0][largest]
            let cases: [(String, [[Double]])] = [("swift_fast_correct", right), ("swift_fast_V_x1.01", scaled), ("swift_fast_U_largest_flipped", flipped)]
            for (name, gradients) in cases {
                let clock = ContinuousClock()
                var result: GradientCheck?
                let elapsed = clock.measure {
                    result = GradientChecker.checkSampled(
                        problem, analytic: problem.gradients(fromBlocks: gradients), settings: CheckSettings(threads: threads), sampling: sampling)
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let check = result!
                let checked = check.blocks.reduce(0) { $0 + $1.checkedCount }
                let exhaustive = zip(check.blocks, check.sampling!.exhaustive).filter(\.1).map(\.0.key).joined(separator: ",")
                let failing = check.blocks.filter { $0.verdict != .pass }.map { block in "\(block.key)@\(block.worstEntry.map(block.label(ofEntry:)) ?? "-")" }
                report(measurement(name, (seconds, seconds, 1), [
                    ("threads", "\(threads)"), ("passed", "\(check.passed)"), ("checked", "\(checked)"),
                    ("direction_rel", Format.error(check.sampling!.direction.relativeError(tolerance: check.settings.tolerance))),
                    ("exhaustive", exhaustive.isEmpty ? "-" : exhaustive), ("failing", failing.isEmpty ? "-" : failing.joined(separator: ",")),
                    ("flipped_entry_sampled", name.contains("flipped") ? "\(sample.entries[0].contains(largest))" : "-"),
                ]))
            }
        }
    }

    private static func checkFields(_ check: GradientCheck, threads: Int) -> [(key: String, value: String)] {
        let entries = check.blocks.reduce(0) { $0 + $1.shape.count }
        let worst = check.blocks.map(\.maxRelativeError).max() ?? 0
        let worstEntries = check.blocks.compactMap { block in block.worstEntry.map { block.label(ofEntry: $0) } }.joined(separator: ",")
        return [
            ("threads", "\(threads)"), ("entries", "\(entries)"), ("passed", "\(check.passed)"), ("max_rel", Format.error(worst)),
            ("worst", worstEntries),
        ]
    }

    /// The exhaustive check's time from a seeded sample of each block's batches (the groups the
    /// perturbed-loss evaluator computes together, so that the sample is computed as the whole check
    /// computes it): the analytic gradient, plus each block's time on its sampled batches scaled by the
    /// cost of all its batches over the cost of the sampled ones.
    static func sampledCheck(_ problem: Wildml.Problem<Double>, threads: Int, seed: UInt64) -> (seconds: Double, entries: Int) {
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
        var total = seconds(clock.measure { _ = problem.bpttGradients(truncation: nil) })
        var generator = SeededGenerator(seed: seed)
        var sampledEntries = 0
        let blocks = Wildml.Problem<Double>.blocks
        let planner = problem.perturbedLossEvaluator()
        for (index, block) in blocks.enumerated() {
            let count = problem[keyPath: block.values].count
            var batches = planner.batches(block: index, entries: Array(0..<count)).filter { $0.cost > 0 }
            guard !batches.isEmpty else { continue }
            // A seeded shuffle, then batches until about 4000 entries.
            for i in stride(from: batches.count - 1, to: 0, by: -1) { batches.swapAt(i, generator.integer(below: i + 1)) }
            var chosen: [PerturbationBatch] = []
            var chosenEntries = 0
            for batch in batches where chosenEntries < 4000 {
                chosen.append(batch)
                chosenEntries += batch.entries.count
            }
            var entries = blocks.map { _ in [Int]() }
            entries[index] = chosen.flatMap(\.entries).sorted()
            let elapsed = seconds(clock.measure { _ = NumericalDifferentiation.gradient(of: problem, entries: entries, threads: threads) })
            let allCost = batches.reduce(0) { $0 + $1.cost }, chosenCost = chosen.reduce(0) { $0 + $1.cost }
            total += elapsed * allCost / chosenCost
            sampledEntries += chosenEntries
        }
        return (total, sampledEntries)
    }

    private static func significant(_ x: Double) -> String { Format.value(x, digits: 4).trimmingCharacters(in: .whitespaces) }

    public typealias Timing = (median: Double, min: Double, runs: Int)

    /// One warm-up call, then at least 5 timed calls (3 when one takes over a second, 1 over 20 s)
    /// until 2 s have passed or `maxRuns` calls: the peers' common.time_it.
    public static func time(maxRuns: Int, _ body: () -> Void) -> Timing {
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
