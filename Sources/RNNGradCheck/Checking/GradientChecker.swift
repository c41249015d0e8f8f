/// Entries that failed under the first oracle and were derived again by a second one.
///
/// Finite differences have a truncation error O(h²·E‴); where gradients explode (large weights, long
/// sequences) it exceeds any sensible tolerance and a correct gradient would be reported wrong. The
/// complex step has no subtraction, but it is exact only while h·|∂E/∂θ| stays tiny: with exploding
/// gradients the imaginary part grows through the network (tanh(i·y) = i·tan(y)) and the derivative
/// it gives is off too. So the complex step is taken at h = 1e-20 and at steps 2²⁰ times smaller
/// until two consecutive steps agree: an entry's value is settled when two consecutive steps agree
/// with each other, and unresolved when no two do. A gradient is called wrong only against a settled value: two
/// oracles that agree with each other and not with it.
public struct Reexamination: Sendable {
    /// The scheme that derived the failing entries again (the complex step for the notations).
    public let scheme: DifferenceScheme
    /// Per block, the flat indices that exceeded the tolerance under the first scheme.
    public let entries: [[Int]]
    /// The comparison under the first scheme alone, before re-examination.
    public let screening: [BlockComparison]
    /// The steps the second scheme was taken at, largest first (one for a finite difference; two or
    /// more for the complex step).
    public let steps: [Double]
    /// Per block, the entries no two of the second scheme's steps agreed on, with the values at the
    /// last two steps: numerically unresolved.
    public let unresolved: [[UnresolvedEntry]]

    /// Per block, the entries that failed but were not re-derived: past the limit of a large network
    /// (see `GradientChecker.reexaminationLimit`), the ones with the smaller screening errors. One
    /// oracle alone never calls them wrong: they count as unresolved.
    public let notReexamined: [[Int]]

    /// How many entries were re-derived.
    public var count: Int { entries.reduce(0) { $0 + $1.count } }

    public init(
        scheme: DifferenceScheme, entries: [[Int]], screening: [BlockComparison], steps: [Double] = [], unresolved: [[UnresolvedEntry]]? = nil,
        notReexamined: [[Int]]? = nil
    ) {
        self.scheme = scheme
        self.entries = entries
        self.screening = screening
        self.steps = steps
        self.unresolved = unresolved ?? entries.map { _ in [] }
        self.notReexamined = notReexamined ?? entries.map { _ in [] }
    }
}

/// An entry whose numerical derivative could not be settled: two estimates that disagree.
public struct UnresolvedEntry: Sendable, Equatable {
    /// Flat index in its block.
    public let entry: Int
    /// The estimates at two steps, larger step first, and the steps.
    public let values: (Double, Double)
    public let steps: (Double, Double)

    public static func == (a: UnresolvedEntry, b: UnresolvedEntry) -> Bool {
        a.entry == b.entry && a.values == b.values && a.steps == b.steps
    }
}

/// The result of checking a problem's hand-derived gradient against a numerical one.
public struct GradientCheck: Sendable {
    public let settings: CheckSettings
    /// E at the given parameters.
    public let loss: Double
    /// One comparison per parameter block, in the document's order.
    public let blocks: [BlockComparison]
    /// Present when some entries failed under finite differences and were re-derived by the complex step.
    public let reexamination: Reexamination?
    /// Present for a sampled check: what it compared and where it checked every entry.
    public internal(set) var sampling: Sampling? = nil

    public var passed: Bool { blocks.allSatisfy { $0.verdict == .pass } }
}

/// A check of truncated BPTT. Truncated BPTT is not the gradient of E, so comparing it with ∂E/∂θ
/// shows a deviation that comes from the truncation, not from a bug; it is compared instead with the
/// numerical gradient of the truncated objective (see `NumericalDifferentiation.truncatedGradient`).
public struct TruncatedGradientCheck: Sendable {
    public let truncation: Int
    /// Full BPTT against ∂E/∂θ: must pass.
    public let full: GradientCheck
    /// Truncated BPTT against the numerical gradient of the truncated objective: must pass.
    public let truncated: GradientCheck
    /// Truncated BPTT against ∂E/∂θ: the deviation the truncation causes (information, not a verdict).
    public let deviationFromTrueGradient: [BlockComparison]

    public var passed: Bool { full.passed && truncated.passed }
}

/// Compares hand-derived gradients with numerical ones, for any notation and any model.
public enum GradientChecker {
    /// Compares the `analytic` gradient with `numerical`, block by block.
    public static func compare<P: GradientProblem>(
        _ problem: P, analytic: P.Gradients, numerical: NumericalGradient, tolerance: Double
    ) -> [BlockComparison] {
        compare(parameters: problem.parameterBlocks, analytic: P.blocks.map { analytic[keyPath: $0.gradient] }, numerical: numerical, tolerance: tolerance)
    }

    /// Compares an analytic gradient (flat, one array per parameter block) with `numerical`, at
    /// `entries` (per block; nil: every entry).
    public static func compare(
        parameters: [NamedBlock], analytic: [[Double]], numerical: NumericalGradient, tolerance: Double, entries: [[Int]]? = nil
    ) -> [BlockComparison] {
        let resolution = numerical.resolution
        return parameters.enumerated().map { index, block in
            BlockComparison(
                key: block.key, symbol: block.symbol, shape: block.shape, analytic: analytic[index],
                numerical: numerical.blocks[index], resolution: resolution[index], tolerance: tolerance, entries: entries?[index])
        }
    }

    /// Checks `analytic` (by default the problem's own full BPTT) against the numerical gradient of E.
    /// `progress` is told how many entries of the numerical gradient are done (from worker threads).
    public static func check<P: BPTTProblem>(
        _ problem: P, analytic: P.Gradients? = nil, settings: CheckSettings = CheckSettings(),
        progress: ParallelDifferences.Progress? = nil
    ) -> GradientCheck {
        let gradients = analytic ?? problem.bpttGradients(truncation: nil)
        return check(problem, analytic: gradients, settings: settings) { scheme, step, entries in
            numericalGradient(of: problem, scheme: scheme, step: step, entries: entries, settings: settings, progress: progress)
        }.check
    }

    /// The numerical gradient the checker takes of E: the settings' step for their scheme (another
    /// scheme's default otherwise), on the settings' threads; progress for the first pass only.
    static func numericalGradient<P: GradientProblem>(
        of problem: P, scheme: DifferenceScheme, step: Double?, entries: [[Int]]?, settings: CheckSettings,
        progress: ParallelDifferences.Progress?
    ) -> NumericalGradient where P.Scalar == Double {
        NumericalDifferentiation.gradient(
            of: problem, scheme: scheme, step: step ?? (scheme == settings.scheme ? settings.step : nil), entries: entries,
            threads: settings.threads, progress: step == nil && scheme == settings.scheme ? progress : nil)
    }

    /// Checks truncated BPTT with truncation τ: full BPTT against ∂E/∂θ, truncated BPTT against the
    /// truncated objective's numerical gradient, and the deviation of truncated BPTT from ∂E/∂θ.
    public static func checkTruncated<P: BPTTProblem>(
        _ problem: P, truncation tau: Int, analytic: P.Gradients? = nil, settings: CheckSettings = CheckSettings(),
        progress: ParallelDifferences.Progress? = nil
    ) -> TruncatedGradientCheck {
        let full = check(problem, analytic: problem.bpttGradients(truncation: nil), settings: settings) { scheme, step, entries in
            numericalGradient(of: problem, scheme: scheme, step: step, entries: entries, settings: settings, progress: progress)
        }
        let truncatedGradients = analytic ?? problem.bpttGradients(truncation: tau)
        let truncated = check(problem, analytic: truncatedGradients, settings: settings) { scheme, step, entries in
            NumericalDifferentiation.truncatedGradient(
                of: problem, truncation: tau, scheme: scheme, step: step ?? (scheme == settings.scheme ? settings.step : nil), entries: entries)
        }
        return TruncatedGradientCheck(
            truncation: tau, full: full.check, truncated: truncated.check,
            deviationFromTrueGradient: compare(problem, analytic: truncatedGradients, numerical: full.numerical, tolerance: settings.tolerance))
    }

    /// The check of `analytic` against the numerical gradient `differentiate(scheme, step, entries)`
    /// gives (a nil step: the settings' step for their scheme, the default for another). Entries that
    /// fail are derived again by the complex step at two or more steps, each 2²⁰ times smaller than
    /// the one before (see `Reexamination`).
    static func check<P: GradientProblem>(
        _ problem: P, analytic: P.Gradients, settings: CheckSettings, entries: [[Int]]? = nil,
        differentiate: (DifferenceScheme, Double?, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) where P.Scalar == Double {
        check(
            parameters: problem.parameterBlocks, analytic: P.blocks.map { analytic[keyPath: $0.gradient] }, loss: problem.loss(),
            settings: settings, entries: entries, reexaminingWith: .complexStep, reexaminationLimit: reexaminationLimit(problem),
            differentiateAt: differentiate)
    }

    /// How many failing entries of each block the complex step re-derives: all of them on networks
    /// where that is quick; on a large network where every entry fails (a wrong block of 800,000
    /// entries) the worst ones, as many as take about `GradientCheckDefaults.reexaminationSeconds`
    /// (at least 32 per block): enough to settle that the gradient is wrong. nil: no limit.
    static func reexaminationLimit<P: GradientProblem>(_ problem: P) -> Int? {
        let perEntry = 2 * MachineRates.reference.seconds(problem.costModel.complexForward)
        guard perEntry > 0 else { return nil }
        let affordable = GradientCheckDefaults.reexaminationSeconds / (perEntry * Double(max(1, P.blocks.count)))
        return affordable >= 1e9 ? nil : max(32, Int(affordable))
    }

    /// The check of any model's analytic gradient (flat, one array per parameter block) against the
    /// numerical gradient `differentiate(scheme, entries)` gives. Entries that fail under the settings'
    /// scheme are derived again by `reexaminingWith` (nil: never), and the comparison uses that value.
    /// With `entries` (per block), only those entries are derived and compared (a sampled check).
    public static func check(
        parameters: [NamedBlock], analytic: [[Double]], loss: Double, settings: CheckSettings, entries: [[Int]]? = nil,
        reexaminingWith second: DifferenceScheme?, differentiate: (DifferenceScheme, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) {
        check(
            parameters: parameters, analytic: analytic, loss: loss, settings: settings, entries: entries, reexaminingWith: second,
            steppingComplexStep: false
        ) { scheme, _, entries in differentiate(scheme, entries) }
    }

    /// The same, with `differentiateAt(scheme, step, entries)` taking a step (nil: the one the scheme
    /// uses). A re-examining complex step is then taken at h = 1e-20 and at steps 2²⁰ times smaller
    /// until two consecutive steps agree (see `Reexamination`); an entry no two steps agree on is
    /// numerically unresolved.
    public static func check(
        parameters: [NamedBlock], analytic: [[Double]], loss: Double, settings: CheckSettings, entries: [[Int]]? = nil,
        reexaminingWith second: DifferenceScheme?, reexaminationLimit: Int? = nil,
        differentiateAt: (DifferenceScheme, Double?, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) {
        check(
            parameters: parameters, analytic: analytic, loss: loss, settings: settings, entries: entries, reexaminingWith: second,
            steppingComplexStep: true, reexaminationLimit: reexaminationLimit, differentiate: differentiateAt)
    }

    private static func check(
        parameters: [NamedBlock], analytic: [[Double]], loss: Double, settings: CheckSettings, entries: [[Int]]?,
        reexaminingWith second: DifferenceScheme?, steppingComplexStep: Bool, reexaminationLimit: Int? = nil,
        differentiate: (DifferenceScheme, Double?, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) {
        var numerical = differentiate(settings.scheme, nil, entries)
        // The analytic side rounds in the precision it was computed in.
        numerical.unitRoundoff = max(numerical.unitRoundoff, settings.precision.epsilon)
        let screening = compare(parameters: parameters, analytic: analytic, numerical: numerical, tolerance: settings.tolerance, entries: entries)
        var failing = screening.map { block in block.relativeErrors.indices.filter { !(block.relativeErrors[$0] <= settings.tolerance) } }
        guard settings.reexamine, let second, failing.contains(where: { !$0.isEmpty }) else {
            return (GradientCheck(settings: settings, loss: loss, blocks: screening, reexamination: nil), numerical)
        }
        guard second == .complexStep, steppingComplexStep else {
            // One re-derivation by another scheme (a finite difference for a real-valued program).
            guard second != settings.scheme else {
                return (GradientCheck(settings: settings, loss: loss, blocks: screening, reexamination: nil), numerical)
            }
            let exact = numerical.replacing(failing, with: differentiate(second, nil, failing))
            let blocks = compare(parameters: parameters, analytic: analytic, numerical: exact, tolerance: settings.tolerance, entries: entries)
            return (
                GradientCheck(settings: settings, loss: loss, blocks: blocks, reexamination: Reexamination(scheme: second, entries: failing, screening: screening)),
                exact
            )
        }
        // The complex step at h, then at steps 2²⁰ times smaller for the entries the last two disagree
        // on, until two consecutive steps agree (h down to about 1e-200; the imaginary part of the
        // loss, h·|∂E/∂θ|, must stay small for the step to be exact, and a gradient of 1e180 needs a step
        // below 1e-190).
        // Past the limit, the worst entries of a block are re-derived and the others are left: one
        // oracle alone never calls them wrong, so they count as unresolved.
        var skipped = failing.map { _ in [Int]() }
        if let limit = reexaminationLimit {
            for b in failing.indices where failing[b].count > limit {
                let errors = screening[b].relativeErrors.map { $0.isNaN ? Double.infinity : $0 }
                let ranked = failing[b].sorted { (errors[$0], $1) > (errors[$1], $0) }
                failing[b] = ranked.prefix(limit).sorted()
                skipped[b] = ranked.dropFirst(limit).sorted()
            }
        }
        let h = settings.scheme == .complexStep ? settings.step : GradientCheckDefaults.complexStep
        func agree(_ a: Double, _ b: Double, resolution: Double) -> Bool {
            a.isFinite && b.isFinite && abs(a - b) <= max(settings.tolerance * max(abs(a), abs(b)), resolution)
        }
        var usedSteps = [h, h * 0x1p-20]
        var previous = differentiate(.complexStep, usedSteps[0], failing)
        var current = differentiate(.complexStep, usedSteps[1], failing)
        var settled = current
        var unsettled = failing
        var lastPair: [[Int: (Double, Double, Double, Double)]] = failing.map { _ in [:] }
        while true {
            unsettled = unsettled.enumerated().map { block, entries in
                entries.filter { entry in
                    let (a, b) = (previous.blocks[block][entry], current.blocks[block][entry])
                    lastPair[block][entry] = (a, b, usedSteps[usedSteps.count - 2], usedSteps[usedSteps.count - 1])
                    return !agree(a, b, resolution: current.resolution[block][entry])
                }
            }
            let next = usedSteps.last! * 0x1p-20
            guard unsettled.contains(where: { !$0.isEmpty }), next > 1e-200 else { break }
            previous = current
            current = differentiate(.complexStep, next, unsettled)
            usedSteps.append(next)
            settled = settled.replacing(unsettled, with: current)
        }
        let unresolved: [[UnresolvedEntry]] = unsettled.enumerated().map { block, entries in
            entries.map { entry in
                let (a, b, stepA, stepB) = lastPair[block][entry]!
                return UnresolvedEntry(entry: entry, values: (a, b), steps: (stepA, stepB))
            }
        }
        let exact = numerical.replacing(failing, with: settled)
        let blocks = zip(parameters.indices, parameters).map { index, block in
            BlockComparison(
                key: block.key, symbol: block.symbol, shape: block.shape, analytic: analytic[index],
                numerical: exact.blocks[index], resolution: exact.resolution[index], tolerance: settings.tolerance,
                entries: entries?[index], unresolved: (unsettled[index] + skipped[index]).sorted())
        }
        return (
            GradientCheck(
                settings: settings, loss: loss, blocks: blocks,
                reexamination: Reexamination(
                    scheme: .complexStep, entries: failing, screening: screening, steps: usedSteps, unresolved: unresolved, notReexamined: skipped)),
            exact
        )
    }
}
