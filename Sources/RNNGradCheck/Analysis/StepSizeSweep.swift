// The step-size sweep: the error of a numerical derivative against its step h.
//
// A central difference has two errors that pull h in opposite directions (notes/gradient-checking.md):
//
//     truncation   ≈ h²·|E‴|/6         falls as h shrinks
//     rounding     ≈ κ·ε·|E| / h       grows as h shrinks          (ε = 2⁻⁵²)
//
// so the error against h, on log–log axes, is a V: a slope of 2 on the left (large h), −1 on the right
// (small h), its bottom near h* ≈ (3κε|E|/|E‴|)^(1/3) ≈ 1e-5 for losses of order 1–100. Richardson
// extrapolation cancels the h² term (slope 4 on the left, bottom further right); the complex step has
// no subtraction and therefore no right arm at all. The sweep measures all three with the package's own
// differencing engine (`NumericalDifferentiation`) against the analytic gradient being checked.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// The error of each numerical scheme against its step, block by block.
public struct StepSizeSweep: Sendable {
    /// A block's key and printed symbol.
    public struct BlockName: Sendable, Equatable {
        public let key: String
        public let symbol: String
    }

    /// One scheme at one step.
    public struct Point: Sendable {
        public let scheme: DifferenceScheme
        /// h (relative, h·max(1, |θ|), for the finite differences; absolute for the complex step).
        public let step: Double
        /// Per block: max over its entries of |a − n| / max(|a|, |n|) (0 where a = n), a the analytic
        /// gradient and n the numerical one. No floor: the sweep shows the rounding error as it is.
        public let blockErrors: [Double]

        /// The largest over the blocks (NaN if some block's is).
        public var worstError: Double {
            blockErrors.contains(where: \.isNaN) ? .nan : (blockErrors.max() ?? 0)
        }
    }

    public let blocks: [BlockName]
    /// Every scheme's points, in order of decreasing h.
    public let points: [Point]
    /// The step the check uses for each scheme (the default, or the one asked for).
    public let chosenSteps: [DifferenceScheme: Double]

    /// The points of one scheme, in order of decreasing h.
    public func points(_ scheme: DifferenceScheme) -> [Point] { points.filter { $0.scheme == scheme } }

    /// The point of `scheme` with the smallest worst error: the bottom of the V.
    public func minimum(_ scheme: DifferenceScheme) -> Point? {
        points(scheme).filter { !$0.worstError.isNaN }.min { $0.worstError < $1.worstError }
    }

    /// The finite-difference steps: 1e-1 … 1e-12, two per decade.
    public static let finiteDifferenceSteps: [Double] = (2...24).map { pow(10, -Double($0) / 2) }
    /// The complex steps: 1e-1 … 1e-20, one per decade (the complex step has no rounding arm to resolve).
    public static let complexSteps: [Double] = (1...20).map { pow(10, -Double($0)) }

    /// Sweeps any gradient: `differentiate(scheme, h)` is the numerical gradient with step h.
    public static func run(
        parameters: [NamedBlock], analytic: [[Double]], settings: CheckSettings = CheckSettings(),
        schemes: [DifferenceScheme] = DifferenceScheme.allCases, differentiate: (DifferenceScheme, Double) -> NumericalGradient
    ) -> StepSizeSweep {
        var points: [Point] = []
        for scheme in schemes {
            for h in scheme == .complexStep ? complexSteps : finiteDifferenceSteps {
                let numerical = differentiate(scheme, h)
                let errors = parameters.indices.map { block in worstRelativeError(analytic[block], numerical.blocks[block]) }
                points.append(Point(scheme: scheme, step: h, blockErrors: errors))
            }
        }
        var chosen: [DifferenceScheme: Double] = [:]
        for scheme in DifferenceScheme.allCases { chosen[scheme] = scheme == settings.scheme ? settings.step : scheme.defaultStep }
        return StepSizeSweep(blocks: parameters.map { BlockName(key: $0.key, symbol: $0.symbol) }, points: points, chosenSteps: chosen)
    }

    /// max_i |a_i − n_i| / max(|a_i|, |n_i|), 0 where a_i = n_i; NaN if any entry is not finite.
    static func worstRelativeError(_ analytic: [Double], _ numerical: [Double]) -> Double {
        var worst = 0.0
        for (a, n) in zip(analytic, numerical) {
            guard a.isFinite, n.isFinite else { return .nan }
            guard a != n else { continue }
            worst = max(worst, abs(a - n) / max(abs(a), abs(n)))
        }
        return worst
    }

    /// The loss evaluations of a sweep, per parameter entry.
    public static var evaluationsPerEntry: Int {
        finiteDifferenceSteps.count * (DifferenceScheme.central.evaluationsPerEntry + DifferenceScheme.richardson.evaluationsPerEntry)
            + complexSteps.count * DifferenceScheme.complexStep.evaluationsPerEntry
    }

    /// The most work (loss evaluations × parameters × T, about a multiply-add each) a sweep is given.
    public static let workLimit = 1e10

    /// The work a sweep of `problem` would do.
    public static func estimatedWork(_ problem: any NotationProblem) -> Double {
        let parameters = Double(problem.parameterBlocks.reduce(0) { $0 + $1.shape.count })
        // A truncated objective evaluates each output's loss from step 0: T(T+1)/2 steps instead of T.
        let stepsPerLoss = problem.truncation == nil ? Double(problem.steps) : Double(problem.steps * (problem.steps + 1) / 2)
        return Double(evaluationsPerEntry) * parameters * parameters * stepsPerLoss
    }

    /// Sweeps `analytic` (flat per block, in block order) on `problem` against the objective it poses:
    /// ∂E/∂θ, or with a truncation the truncated objective's gradient. nil beyond `workLimit`.
    public static func run(
        _ problem: any NotationProblem, analytic: [[Double]], settings: CheckSettings = CheckSettings(),
        schemes: [DifferenceScheme] = DifferenceScheme.allCases
    ) -> StepSizeSweep? {
        guard estimatedWork(problem) <= workLimit else { return nil }
        return runOpened(problem, analytic: analytic, settings: settings, schemes: schemes)
    }

    private static func runOpened<P: BPTTProblem>(_ problem: P, analytic: [[Double]], settings: CheckSettings, schemes: [DifferenceScheme]) -> StepSizeSweep {
        run(parameters: problem.parameterBlocks, analytic: analytic, settings: settings, schemes: schemes) { scheme, h in
            if let tau = problem.truncation {
                return NumericalDifferentiation.truncatedGradient(of: problem, truncation: tau, scheme: scheme, step: h)
            }
            return NumericalDifferentiation.gradient(of: problem, scheme: scheme, step: h)
        }
    }
}
