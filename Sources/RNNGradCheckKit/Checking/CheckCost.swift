import Foundation
import RNNGradCheck

/// What a `check` run will cost, estimated before any heavy work from each case's counted work
/// (`CostEstimate`, calibrated on the reference machine: "about", within a factor of 2–3).
public struct CheckCost: Sendable {
    /// Wall-clock seconds of the run when no entry needs re-examination.
    public var seconds: Double
    /// The largest memory the run holds at once, in bytes.
    public var bytes: Double
    /// Seconds if every entry failed under the finite difference and were re-derived by the complex
    /// step (and, for a sampled check, every block were then checked entry by entry).
    public var worstCaseSeconds: Double
    /// The entries differentiated one by one, over every case.
    public var entries: Int
    /// The threads the numerical gradients use.
    public var threads: Int

    /// The estimate for checking `cases` with `settings` (and `sampling`, the fast mode).
    public static func of(_ cases: [ProblemCase], settings: CheckSettings, sampling: EntrySampling? = nil) -> CheckCost {
        var total = CheckCost(seconds: 0, bytes: 0, worstCaseSeconds: 0, entries: 0, threads: 1)
        for problemCase in cases {
            let part = estimate(problemCase.problem, truncation: problemCase.truncation, settings: settings, sampling: sampling)
            total.seconds += part.seconds
            total.worstCaseSeconds += part.worstCaseSeconds
            total.bytes = max(total.bytes, part.bytes)
            total.entries += part.entries
            total.threads = max(total.threads, part.threads)
        }
        // The notations that are one model are compared on the same network: two more gradients.
        if let first = cases.first {
            let analytic = CostEstimate.check(first.problem, settings: settings).analytic.seconds
            total.seconds += 2 * analytic
            total.worstCaseSeconds += 2 * analytic
        }
        return total
    }

    private static func estimate<P: GradientProblem>(
        _ problem: P, truncation: Int?, settings: CheckSettings, sampling: EntrySampling?
    ) -> CheckCost
    where P.Scalar == Double {
        let estimate = CostEstimate.check(problem, settings: settings)
        let rates = MachineRates.reference
        let model = problem.costModel
        let sizes = P.blocks.map { problem[keyPath: $0.values].count }
        let all = sizes.reduce(0, +)
        var checked = all
        var seconds = estimate.expected.seconds
        var worst = estimate.worstCase.seconds
        if let sampling {
            checked = sizes.reduce(0) { $0 + min($1, sampling.perBlock) }
            let fraction = all > 0 ? Double(checked) / Double(all) : 0
            // The sampled entries, and the directions (two losses each, one per block when it differs).
            let directions = Double(2 + 2 * sizes.count) * rates.seconds(model.forward)
            seconds = estimate.analytic.seconds + fraction * estimate.numerical.seconds + directions
            worst = estimate.worstCase.seconds + directions
        }
        var bytes = estimate.expected.bytes
        if truncation != nil, sampling == nil {
            // Truncated BPTT is checked against the truncated objective too: every one of its losses
            // runs each output's forward pass up to it, (T + 1)/2 forward passes.
            let steps = Double(problem.steps)
            let perLoss = (steps + 1) / 2 * rates.seconds(model.forward)
            let truncated = estimate.analytic.seconds + Double(all * settings.scheme.evaluationsPerEntry) * perLoss
            seconds += truncated
            worst += truncated + estimate.reexaminationWorstCase.seconds * (steps + 1) / 2
            bytes = max(bytes, 3 * 8 * Double(all))
        }
        return CheckCost(seconds: seconds, bytes: bytes, worstCaseSeconds: worst, entries: checked, threads: estimate.threads)
    }

    /// "about 20 s", "about 3.2 h", "about 2.1 days".
    public static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<1: return "under a second"
        case ..<90: return "about \(Int(seconds.rounded())) s"
        case ..<(90 * 60): return "about \(Int((seconds / 60).rounded())) min"
        case ..<(48 * 3600): return String(format: "about %.1f h", seconds / 3600)
        default: return String(format: "about %.1f days", seconds / 86400)
        }
    }

    /// "120 MB", "3.1 GB".
    public static func size(_ bytes: Double) -> String {
        bytes < 1e9 ? "\(max(1, Int((bytes / 1e6).rounded()))) MB" : String(format: "%.1f GB", bytes / 1e9)
    }

    /// The memory of this machine, in bytes (nil where it cannot be read).
    public static var physicalMemory: Double? {
        let bytes = Double(ProcessInfo.processInfo.physicalMemory)
        return bytes > 0 ? bytes : nil
    }
}
