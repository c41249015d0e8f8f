import Foundation
import RNNGradCheck

/// The Python peers' workloads (../shared/peers in the project's workspace: numpy, JAX, PyTorch,
/// autograd), timed the way they time them. The peers implement the wildml network, so every workload
/// is a wildml network with their sizes and initialisation.
public enum Benchmark {
    public struct Workload: Sendable {
        public let name: String
        public let size: NetworkSize
        /// A full check of every entry (otherwise one gradient).
        public let isCheck: Bool
    }

    /// The peers' workloads (common.py): K, H, T.
    public static let workloads = [
        Workload(name: "grad-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), isCheck: false),
        Workload(name: "grad-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), isCheck: false),
        Workload(name: "grad-large", size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), isCheck: false),
        Workload(name: "grad-long", size: NetworkSize(vocabulary: 50, hidden: 50, steps: 1000), isCheck: false),
        Workload(name: "check-classroom", size: NetworkSize(vocabulary: 8, hidden: 4, steps: 6), isCheck: true),
        Workload(name: "check-small", size: NetworkSize(vocabulary: 100, hidden: 10, steps: 10), isCheck: true),
    ]

    /// One timed implementation of one workload.
    public struct Measurement: Sendable {
        public let workload: String
        /// `swift_literal`, `swift_sweep`, `swift_check`, `swift_check_plain`.
        public let implementation: String
        public let median: Double
        public let minimum: Double
        public let runs: Int
        /// Further `key=value` fields (what was checked, the difference from the literal port).
        public let fields: [(key: String, value: String)]
    }

    /// Times every implementation of `workload`, reporting each measurement as soon as it is made.
    public static func run(_ workload: Workload, seed: UInt64, report: (Measurement) -> Void) {
        let problem = Wildml.Problem.random(size: workload.size, seed: seed)
        let (x, y) = (problem.x, problem.y)
        func measurement(_ implementation: String, _ timing: Timing, _ fields: [(key: String, value: String)] = []) -> Measurement {
            Measurement(workload: workload.name, implementation: implementation, median: timing.median, minimum: timing.min, runs: timing.runs, fields: fields)
        }
        if workload.isCheck {
            var result: GradientCheck?
            let timing = time(maxRuns: 21) { result = GradientChecker.check(problem) }
            let check = result!
            let entries = check.blocks.reduce(0) { $0 + $1.shape.count }
            let worst = check.blocks.map(\.maxRelativeError).max() ?? 0
            report(measurement("swift_check", timing, [("entries", "\(entries)"), ("passed", "\(check.passed)"), ("max_rel", Format.error(worst))]))
            let plainTiming = time(maxRuns: 21) {
                let numerical = NumericalDifferentiation.gradient(of: problem, exploitingStructure: false)
                _ = GradientChecker.compare(problem, analytic: problem.bpttGradients(truncation: nil), numerical: numerical, tolerance: 1e-7)
            }
            report(measurement("swift_check_plain", plainTiming))
        } else {
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
            report(measurement("swift_sweep", sweepTiming, [("reldiff_vs_literal", Format.error(difference))]))
        }
    }

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
