import Foundation
import RNNGradCheck

/// The cost estimate (CostEstimate.swift) beside measured times, part by part, for a few problems of
/// every notation: how far the estimate is from this machine, and the numbers its rates come from.
public enum Calibration {
    /// One part of one problem: measured and estimated seconds (one thread, wall clock).
    public struct Row: Sendable {
        public let problem: String
        /// `analytic`, `numerical` or `reexamination` (the complex step of every entry, extrapolated
        /// from a sample).
        public let part: String
        public let measured: Double
        public let estimated: Double
        /// measured ÷ estimated.
        public var ratio: Double { measured / estimated }
    }

    /// The problems: each notation at classroom size and at two larger ones.
    public static var problems: [(label: String, problem: any NotationProblem)] {
        var list: [(String, any NotationProblem)] = []
        for notation in NotationRegistry.all {
            let sizes: [[String: Int]] =
                notation.name == "index-wise"
                ? [[:], ["M": 40, "T": 20], ["M": 100, "T": 6], ["T": 400]]
                : [[:], ["K": 100, "H": 10, "T": 10], ["K": 500, "H": 30, "T": 20], ["K": 50, "H": 20, "T": 200]]
            for size in sizes {
                let problem = notation.random(sizes: size, seed: 0)
                let label = notation.name + " " + notation.sizes(of: problem).map { "\($0.symbol)=\($0.value)" }.joined(separator: " ")
                list.append((label, problem))
            }
        }
        return list
    }

    /// Measures every problem, reporting each row as it is made.
    public static func run(report: (Row) -> Void) {
        for (label, problem) in problems { measure(problem, label: label, report: report) }
    }

    private static func measure<P: NotationProblem>(_ problem: P, label: String, report: (Row) -> Void) {
        let settings = CheckSettings(threads: 1)
        let estimate = CostEstimate.check(problem, settings: settings, cores: 1)
        let analytic = Benchmark.time(maxRuns: 11) { _ = problem.bpttGradients(truncation: problem.truncation) }
        report(Row(problem: label, part: "analytic", measured: analytic.median, estimated: estimate.analytic.seconds))
        let numerical = Benchmark.time(maxRuns: 11) { _ = NumericalDifferentiation.gradient(of: problem, threads: 1) }
        report(Row(problem: label, part: "numerical", measured: numerical.median, estimated: estimate.numerical.seconds))
        // The complex step of a sample of entries, scaled to all of them.
        let counts = P.blocks.map { problem[keyPath: $0.values].count }
        let sample = counts.map { Array(0..<min($0, 20)) }
        let sampled = sample.reduce(0) { $0 + $1.count }
        let complex = Benchmark.time(maxRuns: 5) { _ = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep, entries: sample) }
        let all = counts.reduce(0, +)
        report(Row(
            problem: label, part: "reexamination", measured: complex.median * Double(all) / Double(sampled),
            estimated: estimate.reexaminationWorstCase.seconds))
    }
}
