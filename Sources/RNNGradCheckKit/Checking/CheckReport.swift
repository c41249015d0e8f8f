import RNNGradCheck

/// The outcome of checking one case.
public struct CaseResult: Sendable {
    public let problemCase: ProblemCase
    public enum Outcome: Sendable {
        case full(GradientCheck)
        case truncated(TruncatedGradientCheck)
    }
    public let outcome: Outcome
    /// The code that computed the hand-derived gradients of this case.
    public let implementation: GradientImplementation

    /// The comparisons that count toward "N passed, M failed".
    public var verdicts: [Verdict] {
        switch outcome {
        case .full(let check): return check.blocks.map(\.verdict)
        case .truncated(let check): return (check.full.blocks + check.truncated.blocks).map(\.verdict)
        }
    }

    /// Every counted comparison passed.
    public var passed: Bool { verdicts.allSatisfy { $0 == .pass } }
}

/// Everything `check` found: one result per case and the agreement of notations that are one model.
public struct CheckReport: Sendable {
    public let settings: CheckSettings
    public let results: [CaseResult]
    /// For each correspondence between a checked notation and another one, the two on the same
    /// network (each pair of notations once).
    public let equivalences: [EquivalenceCheck]

    public var passed: Int { counts.passed }
    public var failed: Int { counts.failed }

    private var counts: (passed: Int, failed: Int) {
        let verdicts = results.flatMap(\.verdicts).map { $0 == .pass } + equivalences.map(\.passed)
        let passed = verdicts.filter { $0 }.count
        return (passed, verdicts.count - passed)
    }

    /// Checks every case and the correspondences of their notations; with `sampling`, a sampled check
    /// of each case (full BPTT only: see `GradientChecker.checkSampled`).
    /// `progress` is told, for case i, how many entries of its numerical gradient are done.
    public static func run(
        _ cases: [ProblemCase], settings: CheckSettings = CheckSettings(), sampling: EntrySampling? = nil,
        progress: (@Sendable (_ case: Int, _ done: Int, _ total: Int) -> Void)? = nil
    ) -> CheckReport {
        var results: [CaseResult] = []
        for (index, problemCase) in cases.enumerated() {
            var caseProgress: ParallelDifferences.Progress?
            if let progress { caseProgress = { done, total in progress(index, done, total) } }
            let outcome = check(problemCase.problem, settings: settings, sampling: sampling, progress: caseProgress)
            results.append(CaseResult(problemCase: problemCase, outcome: outcome, implementation: problemCase.implementation))
        }
        // Each correspondence once, on the first checked network of either of its notations.
        var equivalences: [EquivalenceCheck] = []
        for correspondence in NotationRegistry.correspondences {
            guard let first = cases.first(where: { [correspondence.notation, correspondence.other].contains($0.notation.name) }),
                let equivalence = Equivalence.check(first.problem, in: first.notation, correspondence: correspondence)
            else { continue }
            equivalences.append(equivalence)
        }
        return CheckReport(settings: settings, results: results, equivalences: equivalences)
    }

    private static func check<P: BPTTProblem>(
        _ problem: P, settings: CheckSettings, sampling: EntrySampling?, progress: ParallelDifferences.Progress?
    ) -> CaseResult.Outcome {
        if let sampling {
            return .full(GradientChecker.checkSampled(problem, settings: settings, sampling: sampling, progress: progress))
        }
        if let tau = problem.truncation {
            return .truncated(GradientChecker.checkTruncated(problem, truncation: tau, settings: settings, progress: progress))
        }
        return .full(GradientChecker.check(problem, settings: settings, progress: progress))
    }
}
