/// Entries that failed under finite differences and were derived again by the complex step.
///
/// Finite differences have a truncation error O(h²·E‴); where gradients explode (large weights, long
/// sequences) it exceeds any sensible tolerance and a correct gradient would be reported wrong. The
/// complex step has no such error. Re-deriving only the entries that fail keeps the check's cost, and
/// a wrong gradient still fails: the complex step disagrees with it too.
public struct Reexamination: Sendable {
    /// The scheme that derived the failing entries again (the complex step for the notations).
    public let scheme: DifferenceScheme
    /// Per block, the flat indices that exceeded the tolerance under the first scheme.
    public let entries: [[Int]]
    /// The comparison under the first scheme alone, before re-examination.
    public let screening: [BlockComparison]

    /// How many entries were re-derived.
    public var count: Int { entries.reduce(0) { $0 + $1.count } }
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

    /// Compares an analytic gradient (flat, one array per parameter block) with `numerical`.
    public static func compare(parameters: [NamedBlock], analytic: [[Double]], numerical: NumericalGradient, tolerance: Double) -> [BlockComparison] {
        let resolution = numerical.resolution
        return parameters.enumerated().map { index, block in
            BlockComparison(
                key: block.key, symbol: block.symbol, shape: block.shape, analytic: analytic[index],
                numerical: numerical.blocks[index], resolution: resolution[index], tolerance: tolerance)
        }
    }

    /// Checks `analytic` (by default the problem's own full BPTT) against the numerical gradient of E.
    public static func check<P: BPTTProblem>(
        _ problem: P, analytic: P.Gradients? = nil, settings: CheckSettings = CheckSettings()
    ) -> GradientCheck {
        let gradients = analytic ?? problem.bpttGradients(truncation: nil)
        return check(problem, analytic: gradients, settings: settings) { scheme, entries in
            NumericalDifferentiation.gradient(
                of: problem, scheme: scheme, step: scheme == settings.scheme ? settings.step : nil, entries: entries, threads: settings.threads)
        }.check
    }

    /// Checks truncated BPTT with truncation τ: full BPTT against ∂E/∂θ, truncated BPTT against the
    /// truncated objective's numerical gradient, and the deviation of truncated BPTT from ∂E/∂θ.
    public static func checkTruncated<P: BPTTProblem>(
        _ problem: P, truncation tau: Int, analytic: P.Gradients? = nil, settings: CheckSettings = CheckSettings()
    ) -> TruncatedGradientCheck {
        let full = check(problem, analytic: problem.bpttGradients(truncation: nil), settings: settings) { scheme, entries in
            NumericalDifferentiation.gradient(
                of: problem, scheme: scheme, step: scheme == settings.scheme ? settings.step : nil, entries: entries, threads: settings.threads)
        }
        let truncatedGradients = analytic ?? problem.bpttGradients(truncation: tau)
        let truncated = check(problem, analytic: truncatedGradients, settings: settings) { scheme, entries in
            NumericalDifferentiation.truncatedGradient(
                of: problem, truncation: tau, scheme: scheme, step: scheme == settings.scheme ? settings.step : nil, entries: entries)
        }
        return TruncatedGradientCheck(
            truncation: tau, full: full.check, truncated: truncated.check,
            deviationFromTrueGradient: compare(problem, analytic: truncatedGradients, numerical: full.numerical, tolerance: settings.tolerance))
    }

    /// The check of `analytic` against the numerical gradient `differentiate` gives, with failing
    /// entries re-derived by the complex step when the first scheme was a finite difference.
    static func check<P: GradientProblem>(
        _ problem: P, analytic: P.Gradients, settings: CheckSettings,
        differentiate: (DifferenceScheme, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) where P.Scalar == Double {
        check(
            parameters: problem.parameterBlocks, analytic: P.blocks.map { analytic[keyPath: $0.gradient] }, loss: problem.loss(),
            settings: settings, reexaminingWith: .complexStep, differentiate: differentiate)
    }

    /// The check of any model's analytic gradient (flat, one array per parameter block) against the
    /// numerical gradient `differentiate(scheme, entries)` gives. Entries that fail under the settings'
    /// scheme are derived again by `reexaminingWith` (nil: never), and the comparison uses that value.
    public static func check(
        parameters: [NamedBlock], analytic: [[Double]], loss: Double, settings: CheckSettings,
        reexaminingWith second: DifferenceScheme?, differentiate: (DifferenceScheme, [[Int]]?) -> NumericalGradient
    ) -> (check: GradientCheck, numerical: NumericalGradient) {
        let numerical = differentiate(settings.scheme, nil)
        let screening = compare(parameters: parameters, analytic: analytic, numerical: numerical, tolerance: settings.tolerance)
        let failing = screening.map { block in block.relativeErrors.indices.filter { !(block.relativeErrors[$0] <= settings.tolerance) } }
        guard settings.reexamine, let second, second != settings.scheme, failing.contains(where: { !$0.isEmpty }) else {
            return (GradientCheck(settings: settings, loss: loss, blocks: screening, reexamination: nil), numerical)
        }
        let exact = numerical.replacing(failing, with: differentiate(second, failing))
        let blocks = compare(parameters: parameters, analytic: analytic, numerical: exact, tolerance: settings.tolerance)
        return (
            GradientCheck(
                settings: settings, loss: loss, blocks: blocks,
                reexamination: Reexamination(scheme: second, entries: failing, screening: screening)),
            exact
        )
    }
}
