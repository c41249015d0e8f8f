// Where a gradient goes wrong: its error attributed to time steps.
//
// With the weights untied in time (θ_k, the copy of θ that step k uses), the gradient is a double sum
//
//     ∂E/∂θ = Σ_t Σ_{τ=0}^{t} ∂E_t/∂θ_{t−τ}
//
// over outputs t and lags τ (the step t − τ, counted back from the output). Both sides of a check can
// be split the same way without any per-implementation code:
//
// - the implementation f (a notation's BPTT, a catalogued bug, another program) is run on the first
//   n steps of the sequence with truncation τ. Call that F(n, τ). Output t's contribution at lag τ is
//
//       A(t, τ) = [F(t+1, τ) − F(t+1, τ−1)] − [F(t, τ) − F(t, τ−1)],    F(·, −1) = F(0, ·) = 0
//
//   (a prefix adds output t; one more step of truncation adds lag τ);
// - the numerical side is the complex-step derivative of E_t alone with the weights perturbed in step
//   t − τ only, N(t, τ) = ∂E_t/∂θ_{t−τ}, exact to rounding.
//
// Compared lag by lag, counting back from the output, the first lag where A and N part names the
// step of the recursion that goes wrong. A notation whose code has no truncation (min-char-rnn) can
// still be split by output (A(t) = F(t+1) − F(t) against ∂E_t/∂θ), but not by lag.

/// The equations each step of a notation's BPTT exercises, per parameter block: the hint an
/// attribution gives.
public struct StepEquations: Sendable {
    /// Per block key: what output t's own step (lag 0) computes for the block, with the note's
    /// equation numbers.
    public let ownStep: [String: String]
    /// Per block key: what a step further back (lag ≥ 1) computes; for a block only the output layer
    /// uses, that it has no such contribution.
    public let earlierSteps: [String: String]

    public init(ownStep: [String: String], earlierSteps: [String: String]) {
        self.ownStep = ownStep
        self.earlierSteps = earlierSteps
    }
}

/// A problem whose sequence can be cut short: what step attribution needs.
public protocol StepAttributable: NotationProblem {
    static var stepEquations: StepEquations { get }
    /// The same network, options and truncation on the first `steps` steps of the sequence
    /// (outputs 0 … steps − 1), 1 ≤ steps ≤ T.
    func prefix(steps: Int) -> Self
}

/// A gradient's error, attributed to outputs and lags.
public struct StepAttribution: Sendable {
    /// How finely the contributions are split.
    public enum Resolution: String, Sendable {
        /// Per output t and lag τ: the notation's code has a truncation.
        case lags
        /// Per output t only: the notation's code has no truncation to cut lags with.
        case outputs
    }

    /// One output (and lag): the implementation's contribution against the numerical one.
    public struct Cell: Sendable {
        public let output: Int
        /// τ (nil at the `outputs` resolution: the output's whole contribution).
        public let lag: Int?
        /// Per block: analytic = the implementation's contribution, numerical = the complex step's.
        public let blocks: [BlockComparison]

        /// The step the lag reaches, t − τ.
        public var step: Int? { lag.map { output - $0 } }
        /// Some block differs by more than the tolerance (or is not finite).
        public var parts: Bool { blocks.contains { $0.verdict != .pass } }
    }

    /// Where the contributions first part, counting back from the output.
    public struct Parting: Sendable {
        /// The first lag that parts (nil at the `outputs` resolution).
        public let lag: Int?
        /// The outputs that part there, in order (at the `outputs` resolution, the first one alone).
        public let outputs: [Int]
        /// The keys of the blocks that part there, in block order.
        public let blocks: [String]
        /// The printed symbols of those blocks.
        public let symbols: [String]
        /// For each of those blocks, what that step computes (from the notation's `StepEquations`).
        public let equations: [String]
        /// The equations come from the output's own step (lag 0, or output 0) rather than earlier steps.
        public let ownStep: Bool

        /// The first output that parts.
        public var output: Int { outputs[0] }
    }

    public let resolution: Resolution
    /// The truncation the problem poses: lags beyond it are not part of the objective and are not split.
    public let truncation: Int?
    public let tolerance: Double
    /// Ordered by lag, then output (at the `outputs` resolution, by output).
    public let cells: [Cell]
    public let firstParting: Parting?

    /// Every cell agrees.
    public var agrees: Bool { firstParting == nil }

    /// One lag (or, at the `outputs` resolution, one output) summed over its cells: the norms of the
    /// implementation's contributions, of the numerical ones, and of their difference, over every
    /// block and output.
    public struct Summary: Sendable {
        /// The lag (nil at the `outputs` resolution).
        public let lag: Int?
        /// The output (nil at the `lags` resolution: every output with this lag).
        public let output: Int?
        public let analyticNorm: Double
        public let numericalNorm: Double
        public let differenceNorm: Double
        /// The largest relative error of any block in these cells.
        public let worstRelativeError: Double
        /// Some cell parts.
        public let parts: Bool
    }

    /// Per lag (or per output), in order.
    public var summaries: [Summary] {
        var groups: [(key: Int, cells: [Cell])] = []
        for cell in cells {
            let key = cell.lag ?? cell.output
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].cells.append(cell) } else { groups.append((key, [cell])) }
        }
        return groups.map { key, cells in
            let blocks = cells.flatMap(\.blocks)
            let analytic = blocks.flatMap(\.analytic), numerical = blocks.flatMap(\.numerical)
            let errors = blocks.map(\.maxRelativeError)
            return Summary(
                lag: resolution == .lags ? key : nil, output: resolution == .outputs ? key : nil,
                analyticNorm: Norms.euclidean(analytic), numericalNorm: Norms.euclidean(numerical),
                differenceNorm: Norms.euclidean(zip(analytic, numerical).map { $0 - $1 }),
                worstRelativeError: errors.contains(where: \.isNaN) ? .nan : (errors.max() ?? 0), parts: cells.contains(where: \.parts))
        }
    }

    /// The cells of one lag.
    public func cells(lag: Int) -> [Cell] { cells.filter { $0.lag == lag } }

    /// The largest lag split.
    public var largestLag: Int? { cells.compactMap(\.lag).max() }

    /// The numerical side of an attribution, N(t, τ) = ∂E_t/∂θ_{t−τ} by the complex step, for one problem:
    /// it does not depend on the implementation, so several implementations (the bugs of a catalog)
    /// can share it.
    public struct Reference: @unchecked Sendable {
        let parameters: [NamedBlock]
        let inputs: SequenceData
        let targets: SequenceData
        let truncation: Int?
        /// In layout order: per output, per lag, the numerical gradient.
        let gradients: [[NumericalGradient]]

        /// Whether it was computed on `problem`.
        public func fits(_ problem: any NotationProblem) -> Bool {
            problem.inputSequence == inputs && problem.targetSequence == targets && problem.truncation == truncation
                && problem.parameterBlocks.map(\.values) == parameters.map(\.values)
        }
    }

    /// The numerical contributions of `problem` (nil when it does not support attribution or the work
    /// limit is exceeded).
    public static func reference(_ problem: any NotationProblem) -> Reference? {
        guard let attributable = problem as? any StepAttributable, estimatedWork(problem) <= workLimit else { return nil }
        return referenceOpened(attributable)
    }

    private static func referenceOpened<P: StepAttributable>(_ problem: P) -> Reference {
        let base = problem.complexified()
        let gradients = layout(problem).map { t, lags -> [NumericalGradient] in
            let outputLoss = problem.outputLoss(t) { _ in problem }
            return (lags.map { $0.map { Optional($0) } } ?? [nil]).map { tau in
                // ∂E_t/∂θ_{t−τ}: the weights perturbed in step t − τ only (every step for a whole output).
                NumericalDifferentiation.complexStep(base, step: GradientCheckDefaults.complexStep, lossScale: outputLoss, entries: nil) { perturbed in
                    base.outputLoss(t) { k in tau == nil || k == t - tau! ? perturbed : base }
                }
            }
        }
        return Reference(
            parameters: problem.parameterBlocks, inputs: problem.inputSequence, targets: problem.targetSequence,
            truncation: problem.truncation, gradients: gradients)
    }

    /// The most work (parameters² × forward steps of the complex-step side, about one multiply-add
    /// each) an attribution is given; beyond it `attribute` returns nil.
    public static let workLimit = 2e9

    /// The work `attribute` would do on `problem`.
    public static func estimatedWork(_ problem: any NotationProblem) -> Double {
        let parameters = Double(problem.parameterBlocks.reduce(0) { $0 + $1.shape.count })
        var forwardSteps = 0.0
        for (output, lags) in layout(problem) {
            forwardSteps += Double(output + 1) * Double(lags?.count ?? 1)
        }
        return parameters * parameters * forwardSteps
    }

    /// The outputs and, per output, the lags split (nil: the output as a whole).
    static func layout(_ problem: any NotationProblem) -> [(output: Int, lags: ClosedRange<Int>?)] {
        let splitsLags = NotationRegistry.notation(of: problem)?.truncationName != nil
        return (0..<problem.steps).map { t in
            (t, splitsLags ? 0...min(t, problem.truncation ?? t) : nil)
        }
    }

    /// Attributes the gradient `implementation` computes on `problem` (flat per block, in block order,
    /// with the problem's truncation) to outputs and lags. nil when the problem does not support it,
    /// the implementation returns nil, or it would take more than `workLimit`.
    ///
    /// - Parameter reference: the numerical contributions, when already computed on this problem
    ///   (`reference(_:)`); computed here otherwise.
    public static func attribute(
        _ problem: any NotationProblem, reference: Reference? = nil, tolerance: Double = GradientCheckDefaults.tolerance,
        implementation: (any NotationProblem) -> [[Double]]?
    ) -> StepAttribution? {
        guard let attributable = problem as? any StepAttributable, estimatedWork(problem) <= workLimit,
            let split = contributionsOpened(attributable, implementation: implementation)
        else { return nil }
        // A contribution is the difference of four runs: its rounding is about four times theirs.
        let rounding = 4 * GradientCheckDefaults.roundingUnits * Double.ulpOfOne * split.largestRun
        return compareOpened(
            attributable, contributions: split.contributions, reference: reference, analyticRounding: rounding, tolerance: tolerance)
    }

    /// The problem's own BPTT, attributed (it should agree everywhere).
    public static func attributeOwnBPTT(_ problem: any NotationProblem, tolerance: Double = GradientCheckDefaults.tolerance) -> StepAttribution? {
        attribute(problem, tolerance: tolerance) { $0.gradientBlocks(truncation: $0.truncation).map(\.values) }
    }

    /// The contributions A(t, τ) of the gradient `implementation` computes, split by running it on
    /// prefixes and truncations: `[t][τ]` for τ = 0 … min(t, truncation), flat per block in block order
    /// (one entry per output, its whole contribution, when the notation has no truncation). They add up
    /// to the implementation's gradient. nil when the problem does not support it or the implementation
    /// returns nil.
    public static func contributions(
        of problem: any NotationProblem, implementation: (any NotationProblem) -> [[Double]]?
    ) -> [[[[Double]]]]? {
        guard let attributable = problem as? any StepAttributable else { return nil }
        return contributionsOpened(attributable, implementation: implementation)?.contributions
    }

    private static func contributionsOpened<P: StepAttributable>(
        _ problem: P, implementation: (any NotationProblem) -> [[Double]]?
    ) -> (contributions: [[[[Double]]]], largestRun: Double)? {
        // F(n, τ): the implementation on the first n steps with truncation τ (nil: full BPTT).
        var runs: [String: [[Double]]] = [:]
        var failed = false
        func F(_ n: Int, _ tau: Int?) -> [[Double]]? {
            guard n > 0 else { return nil }
            let tau = tau.flatMap { $0 >= n - 1 ? nil : $0 }
            if let tau, tau < 0 { return nil }
            let key = "\(n)/\(tau.map(String.init) ?? "full")"
            if let known = runs[key] { return known }
            var prefix = problem.prefix(steps: n)
            prefix.truncation = tau
            guard let gradient = implementation(prefix) else {
                failed = true
                return nil
            }
            runs[key] = gradient
            return gradient
        }
        let shapes = problem.parameterBlocks.map(\.shape.count)
        func difference(_ a: [[Double]]?, _ b: [[Double]]?) -> [[Double]] {
            shapes.indices.map { i in
                (0..<shapes[i]).map { (a?[i][$0] ?? 0) - (b?[i][$0] ?? 0) }
            }
        }
        var contributions: [[[[Double]]]] = []
        for (t, lags) in layout(problem) {
            if let lags {
                contributions.append(lags.map { tau in
                    let withOutput = difference(F(t + 1, tau), F(t + 1, tau - 1))
                    let withoutOutput = difference(F(t, tau), F(t, tau - 1))
                    return zip(withOutput, withoutOutput).map { zip($0, $1).map { $0 - $1 } }
                })
            } else {
                contributions.append([difference(F(t + 1, nil), F(t, nil))])
            }
        }
        guard !failed, runs.values.allSatisfy({ $0.count == shapes.count && zip($0, shapes).allSatisfy { $0.count == $1 } }) else { return nil }
        let largestRun = runs.values.flatMap { $0.flatMap { $0 } }.filter(\.isFinite).map(abs).max() ?? 0
        return (contributions, largestRun)
    }

    /// Attributes contributions another program computed: `contributions[t][τ]`, flat per block in
    /// block order, for τ = 0 … min(t, truncation) (one entry per output, τ = 0 standing for the whole
    /// output, when the notation has no truncation). nil when the problem does not support it, the
    /// contributions have the wrong layout, or it would take more than `workLimit`.
    public static func attribute(
        _ problem: any NotationProblem, contributions: [[[[Double]]]], reference: Reference? = nil,
        tolerance: Double = GradientCheckDefaults.tolerance
    ) -> StepAttribution? {
        guard let attributable = problem as? any StepAttributable, estimatedWork(problem) <= workLimit else { return nil }
        return attributeOpened(attributable, contributions: contributions, reference: reference, tolerance: tolerance)
    }

    private static func attributeOpened<P: StepAttributable>(
        _ problem: P, contributions: [[[[Double]]]], reference: Reference?, tolerance: Double
    ) -> StepAttribution? {
        let layout = layout(problem)
        let shapes = problem.parameterBlocks.map(\.shape.count)
        guard contributions.count == layout.count,
            zip(layout, contributions).allSatisfy({ $1.count == ($0.lags?.count ?? 1) }),
            contributions.allSatisfy({ $0.allSatisfy { $0.count == shapes.count && zip($0, shapes).allSatisfy { $0.count == $1 } } })
        else { return nil }
        let largest = contributions.flatMap { $0.flatMap { $0.flatMap { $0 } } }.filter(\.isFinite).map(abs).max() ?? 0
        let rounding = Double(problem.steps) * GradientCheckDefaults.roundingUnits * Double.ulpOfOne * largest
        return compareOpened(problem, contributions: contributions, reference: reference, analyticRounding: rounding, tolerance: tolerance)
    }

    /// The numerical contributions, the comparisons and the first parting.
    private static func compareOpened<P: StepAttributable>(
        _ problem: P, contributions: [[[[Double]]]], reference: Reference?, analyticRounding: Double, tolerance: Double
    ) -> StepAttribution {
        let numerical = reference.flatMap { $0.fits(problem) ? $0 : nil } ?? referenceOpened(problem)
        let parameters = problem.parameterBlocks
        let layout = layout(problem)
        let splitsLags = layout.contains { $0.lags != nil }
        var cells: [Cell] = []
        for (((t, lags), perLag), gradients) in zip(zip(layout, contributions), numerical.gradients) {
            for (index, (blocks, gradient)) in zip(perLag, gradients).enumerated() {
                let comparisons = parameters.enumerated().map { b, block in
                    BlockComparison(
                        key: block.key, symbol: block.symbol, shape: block.shape, analytic: blocks[b], numerical: gradient.blocks[b],
                        resolution: gradient.numericalRounding[b].map { $0 + analyticRounding }, tolerance: tolerance)
                }
                cells.append(Cell(output: t, lag: lags.map { $0.lowerBound + index }, blocks: comparisons))
            }
        }
        cells.sort { ($0.lag ?? 0, $0.output) < ($1.lag ?? 0, $1.output) }
        return StepAttribution(
            resolution: splitsLags ? .lags : .outputs, truncation: problem.truncation, tolerance: tolerance, cells: cells,
            firstParting: firstParting(cells, equations: P.stepEquations))
    }

    /// The first lag (then output) where some block parts, with the equations that step exercises.
    private static func firstParting(_ cells: [Cell], equations: StepEquations) -> Parting? {
        guard let first = cells.first(where: \.parts) else { return nil }
        let parting = first.lag == nil ? [first] : cells.filter { $0.lag == first.lag && $0.parts }
        let blockOrder = first.blocks.map(\.key)
        let failing = blockOrder.filter { key in parting.contains { cell in cell.blocks.contains { $0.key == key && $0.verdict != .pass } } }
        let symbols = failing.map { key in first.blocks.first { $0.key == key }!.symbol }
        // Lag 0 is the output's own step; at the outputs resolution only output 0 is its own step alone.
        let ownStep = first.lag.map { $0 == 0 } ?? (first.output == 0)
        let table = ownStep ? equations.ownStep : equations.earlierSteps
        var lines: [String] = []
        for key in failing {
            guard let line = table[key], !lines.contains(line) else { continue }
            lines.append(line)
        }
        return Parting(
            lag: first.lag, outputs: parting.map(\.output), blocks: failing, symbols: symbols, equations: lines, ownStep: ownStep)
    }
}
