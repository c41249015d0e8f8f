import RNNGradCheck

extension BPTTProblem {
    /// `blocks` (flat, in block order) against the objective the problem poses (its truncation
    /// included): what another program's or a bug's gradient is checked against.
    public func checkBlocks(_ blocks: [[Double]], settings: CheckSettings = CheckSettings()) -> GradientCheck {
        GradientChecker.checkAsPosed(self, analytic: gradients(fromBlocks: blocks), settings: settings)
    }

    /// The problem's own BPTT (with its truncation) against the objective it poses.
    public func checkOwnBPTT(settings: CheckSettings = CheckSettings()) -> GradientCheck {
        GradientChecker.checkAsPosed(self, analytic: bpttGradients(truncation: truncation), settings: settings)
    }
}

/// Every catalogued bug through the checker on its classroom network, and the correct BPTT on every
/// network the bugs used: what `rnn-gradcheck bugs` reports.
public struct BugsRun: Sendable {
    public struct BugResult: Sendable {
        public let bug: AnyBPTTBug
        public let problemCase: ProblemCase
        public let check: GradientCheck
        /// The bug's gradient attributed to outputs and time steps (nil when the network is too large).
        public let attribution: StepAttribution?
        /// Some parameter failed.
        public var caught: Bool { !check.passed }
        /// The first step (lag, or output) at which the bug's contributions part from the complex step's.
        public var firstBrokenStep: StepAttribution.Parting? { attribution?.firstParting }
    }

    public struct CorrectResult: Sendable {
        public let problemCase: ProblemCase
        public let check: GradientCheck
    }

    public let seed: UInt64
    public let settings: CheckSettings
    public let bugs: [BugResult]
    public let correct: [CorrectResult]

    public var caughtCount: Int { bugs.filter(\.caught).count }
    public var correctPassedCount: Int { correct.filter(\.check.passed).count }
    /// Every bug is caught and every correct implementation passes.
    public var passed: Bool { caughtCount == bugs.count && correctPassedCount == correct.count }

    /// The bugs of `notations` (all registered ones by default) on the classroom networks of `seed`.
    public static func run(notations: [AnyNotation] = NotationRegistry.all, seed: UInt64 = 1, settings: CheckSettings = CheckSettings()) -> BugsRun {
        var bugs: [BugResult] = []
        var correct: [CorrectResult] = []
        // The bugs of a notation share a few networks, and each network's numerical contributions.
        var references: [StepAttribution.Reference] = []
        for notation in notations {
            var networks: [String] = []
            for bug in notation.bugs {
                let problemCase = ProblemCase(notation: notation, problem: bug.classroomProblem(seed: seed), origin: "seed \(seed)")
                guard let check = bug.check(on: problemCase.problem, settings: settings) else { continue }
                let problem = problemCase.problem
                if !references.contains(where: { $0.fits(problem) }), let reference = StepAttribution.reference(problem) { references.append(reference) }
                let attribution = StepAttribution.attribute(problem, reference: references.first { $0.fits(problem) }, tolerance: settings.tolerance) {
                    bug.gradients(of: $0)
                }
                bugs.append(BugResult(bug: bug, problemCase: problemCase, check: check, attribution: attribution))
                // The correct BPTT on every distinct network the bugs used.
                if !networks.contains(problemCase.networkLabel) {
                    networks.append(problemCase.networkLabel)
                    correct.append(CorrectResult(problemCase: problemCase, check: problemCase.problem.checkOwnBPTT(settings: settings)))
                }
            }
        }
        return BugsRun(seed: seed, settings: settings, bugs: bugs, correct: correct)
    }

    /// The failing parameters of a check, and the block with the largest relative error.
    public static func summary(_ check: GradientCheck) -> (failing: [BlockComparison], worst: BlockComparison?) {
        let failing = check.blocks.filter { $0.verdict != .pass }
        // A NaN error counts as the largest.
        func size(_ block: BlockComparison) -> Double { block.maxRelativeError.isNaN ? .infinity : block.maxRelativeError }
        let worst = check.blocks.max { size($0) < size($1) }
        return (failing, worst)
    }
}
