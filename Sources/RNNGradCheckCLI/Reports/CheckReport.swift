import RNNGradCheck

/// The outcome of checking one case.
struct CaseResult {
    let problemCase: ProblemCase
    enum Outcome {
        case full(GradientCheck)
        case truncated(TruncatedGradientCheck)
    }
    let outcome: Outcome

    /// The comparisons that count toward "N passed, M failed".
    var verdicts: [Verdict] {
        switch outcome {
        case .full(let check): return check.blocks.map(\.verdict)
        case .truncated(let check): return (check.full.blocks + check.truncated.blocks).map(\.verdict)
        }
    }
}

/// Everything `check` found, ready to print as text or JSON.
struct CheckReport {
    let settings: CheckSettings
    let results: [CaseResult]
    /// Wildml against denominator-layout on the same network, when one of them was checked.
    let equivalence: EquivalenceCheck?

    var passed: Int { counts.passed }
    var failed: Int { counts.failed }

    private var counts: (passed: Int, failed: Int) {
        var verdicts = results.flatMap(\.verdicts)
        if let equivalence { verdicts.append(equivalence.passed ? .pass : .fail) }
        let passed = verdicts.filter { $0 == .pass }.count
        return (passed, verdicts.count - passed)
    }

    static func run(_ cases: [ProblemCase], settings: CheckSettings) -> CheckReport {
        let results = cases.map { problemCase in
            CaseResult(problemCase: problemCase, outcome: check(problemCase.problem, settings: settings))
        }
        // The equivalence check needs a wildml network: take the wildml case, or translate a
        // denominator-layout one (W_in = U, W_rec = W, W_out = V).
        var equivalence: EquivalenceCheck?
        if let wildml = cases.lazy.compactMap({ $0.problem as? Wildml.Problem<Double> }).first {
            equivalence = Equivalence.wildmlVersusDenominatorLayout(wildml, truncation: wildml.truncation)
        } else if let denominator = cases.lazy.compactMap({ $0.problem as? DenominatorLayout.Problem<Double> }).first {
            let p = denominator.parameters
            let wildml = Wildml.Problem(
                rnn: Wildml.RNN(U: p.WIn, V: p.WOut, W: p.WRec, bpttTruncate: denominator.truncation ?? denominator.steps),
                x: denominator.x, y: denominator.y)
            equivalence = Equivalence.wildmlVersusDenominatorLayout(wildml, truncation: denominator.truncation)
        }
        return CheckReport(settings: settings, results: results, equivalence: equivalence)
    }

    private static func check<P: BPTTProblem>(_ problem: P, settings: CheckSettings) -> CaseResult.Outcome {
        if let tau = problem.truncation {
            return .truncated(GradientChecker.checkTruncated(problem, truncation: tau, settings: settings))
        }
        return .full(GradientChecker.check(problem, settings: settings))
    }
}
