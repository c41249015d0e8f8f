// The bug catalog: realistic mistakes in each notation's BPTT, each a copy of the document's literal
// BPTT with one line changed (marked `// BUG:`). Open a bug beside the correct code and the difference
// is that line; `wrongLine` and `rightLine` quote it (BugCatalogTests checks that they do).
//
// Catalogs: Wildml.bugs (WildmlBugs.swift), DenominatorLayout.bugs (DenominatorLayoutBugs.swift),
// IndexWise.bugs (IndexWiseBugs.swift). `rnn-gradcheck bugs` runs every bug through the checker;
// `rnn-gradcheck exercise grade` compares a student's answer with what each bug produces.

/// One realistic BPTT mistake: the wrong gradients it produces and the line it changes.
public struct BPTTBug<Problem: BPTTProblem>: Sendable {
    /// `notation/slug`, e.g. `wildml/missing-tanh-derivative`.
    public let id: String
    /// A few words: "the tanh derivative forgotten in the first δ".
    public let title: String
    /// What went wrong, phrased to complete "… the gradient you get when …":
    /// "the tanh derivative (1 − s_t²) is left out of the first δ".
    public let mistake: String
    /// The line as the bug writes it ("" when the bug leaves the right line out).
    public let wrongLine: String
    /// The line as the correct BPTT writes it ("" when the bug adds a line).
    public let rightLine: String
    /// The mistake moves a term to the neighbouring time step (s_t for s_{t−1}, h_k for h_{k−1}):
    /// the grader reports such a match as "shifted by one time step".
    public let shiftsTime: Bool
    /// The network the catalog shows the bug on, for a seed: the classroom network, truncated or with a
    /// softmax output when the bug only shows there (an off-by-one truncation is invisible under full
    /// BPTT; a softmax mistake under a sigmoid output).
    public let classroomProblem: @Sendable (_ seed: UInt64) -> Problem
    /// The gradients the bug computes, with the problem's own truncation.
    public let gradients: @Sendable (Problem) -> Problem.Gradients

    public init(
        id: String, title: String, mistake: String, wrongLine: String, rightLine: String, shiftsTime: Bool = false,
        classroomProblem: @escaping @Sendable (_ seed: UInt64) -> Problem,
        gradients: @escaping @Sendable (Problem) -> Problem.Gradients
    ) {
        self.id = id
        self.title = title
        self.mistake = mistake
        self.wrongLine = wrongLine
        self.rightLine = rightLine
        self.shiftsTime = shiftsTime
        self.classroomProblem = classroomProblem
        self.gradients = gradients
    }

    /// Runs the bug through the checker on `problem` (see `GradientChecker.checkAsPosed`).
    public func check(on problem: Problem, settings: CheckSettings = CheckSettings(), sampling: EntrySampling? = nil) -> GradientCheck {
        guard let sampling else { return GradientChecker.checkAsPosed(problem, analytic: gradients(problem), settings: settings) }
        return GradientChecker.checkSampled(problem, analytic: gradients(problem), settings: settings, sampling: sampling)
    }
}

extension GradientChecker {
    /// Checks `analytic` against the objective the problem poses: ∂E/∂θ under full BPTT, and with a
    /// truncation τ the gradient of the truncated objective (what a correct truncated BPTT returns).
    /// The verdict is the one `check` gives the problem's own BPTT.
    public static func checkAsPosed<P: BPTTProblem>(
        _ problem: P, analytic: P.Gradients, settings: CheckSettings = CheckSettings()
    ) -> GradientCheck {
        guard let tau = problem.truncation else {
            return check(problem, analytic: analytic, settings: settings)
        }
        return check(problem, analytic: analytic, settings: settings) { scheme, step, entries in
            NumericalDifferentiation.truncatedGradient(
                of: problem, truncation: tau, scheme: scheme, step: step ?? (scheme == settings.scheme ? settings.step : nil), entries: entries)
        }.check
    }
}
