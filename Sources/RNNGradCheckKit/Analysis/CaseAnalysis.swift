import RNNGradCheck

/// The code whose gradient a case checks: the notation's own BPTT, or a catalogued bug.
public enum GradientSource: @unchecked Sendable {
    case own
    case bug(AnyBPTTBug)

    /// The gradient this source computes on `problem` (flat per block, block order, with the problem's
    /// truncation); nil for a bug of another notation.
    public func gradients(of problem: any NotationProblem) -> [[Double]]? {
        switch self {
        case .own: return problem.gradientBlocks(truncation: problem.truncation).map(\.values)
        case .bug(let bug): return bug.gradients(of: problem)
        }
    }

    /// The code, as a report names it.
    public func implementation(for problem: any NotationProblem) -> GradientImplementation {
        switch self {
        case .own: return problem.gradientImplementation(truncation: problem.truncation)
        case .bug(let bug): return GradientImplementation(name: "bug", description: "the catalogued bug \(bug.id): \(bug.title)")
        }
    }
}

/// What the analyses found on one case, or why one was not run: the picture of why a gradient is
/// right or wrong beside the verdict.
public struct CaseAnalysis: @unchecked Sendable {
    public let problemCase: ProblemCase
    public var dynamics: GradientDynamics?
    public var sweep: StepSizeSweep?
    public var attribution: StepAttribution?
    public var truncationBias: TruncationBias?
    /// Per analysis that is absent although asked for, why ("attribution": "…").
    public var notes: [String: String] = [:]

    public init(problemCase: ProblemCase) {
        self.problemCase = problemCase
    }

    public enum Kind: String, CaseIterable, Sendable {
        case dynamics, sweep, attribution, truncation
    }

    /// Runs the analyses `kinds` on `problemCase` for the gradient `source` computes.
    public static func run(
        _ problemCase: ProblemCase, source: GradientSource = .own, kinds: Set<Kind>, settings: CheckSettings = CheckSettings()
    ) -> CaseAnalysis {
        var analysis = CaseAnalysis(problemCase: problemCase)
        let problem = problemCase.problem
        let notation = problemCase.notation
        if kinds.contains(.dynamics) {
            analysis.dynamics = GradientDynamics.of(problem)
            if analysis.dynamics == nil { analysis.notes["dynamics"] = "\(notation.name) does not supply its step Jacobians" }
        }
        if kinds.contains(.sweep) {
            if let analytic = source.gradients(of: problem) {
                analysis.sweep = StepSizeSweep.run(problem, analytic: analytic, settings: settings)
            }
            if analysis.sweep == nil {
                analysis.notes["sweep"] = "the sweep would need about \(Format.error(StepSizeSweep.estimatedWork(problem))) multiply-adds "
                    + "(limit \(Format.error(StepSizeSweep.workLimit))): sweep a smaller network (--hidden, --steps)"
            }
        }
        if kinds.contains(.attribution) {
            analysis.attribution = StepAttribution.attribute(problem, tolerance: settings.tolerance) { source.gradients(of: $0) }
            if analysis.attribution == nil {
                analysis.notes["attribution"] = "attributing to time steps would need about \(Format.error(StepAttribution.estimatedWork(problem))) "
                    + "multiply-adds (limit \(Format.error(StepAttribution.workLimit))): attribute on a shorter sequence or a smaller network (--steps, --hidden)"
            }
        }
        if kinds.contains(.truncation) {
            analysis.truncationBias = TruncationBias.measure(problem)
            if analysis.truncationBias == nil {
                analysis.notes["truncation"] = "the bias of every τ would need about \(Format.error(TruncationBias.estimatedWork(problem))) "
                    + "multiply-adds (limit \(Format.error(TruncationBias.workLimit))): use a smaller network (--hidden, --steps)"
            }
        }
        return analysis
    }
}
