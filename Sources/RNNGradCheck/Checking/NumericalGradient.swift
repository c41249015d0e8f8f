/// A numerical gradient: one flat array per parameter block, and for every entry the resolution R of
/// the comparison (the size of the difference rounding alone can cause).
public struct NumericalGradient: Sendable {
    public var scheme: DifferenceScheme
    public var step: Double
    /// Per block, flat and row-major, in the problem's block order.
    public var blocks: [[Double]]
    /// Per block and entry: the rounding error of the numerical derivative itself
    /// (κ·ε·max(1, |E|)/h for central differences, κ·ε·max(1, |E|) for the complex step).
    public var numericalRounding: [[Double]]
    /// ε of the arithmetic the gradients were computed in: 2⁻⁵² for double precision, 2⁻²³ for a
    /// float32 program.
    public var unitRoundoff: Double = Double.ulpOfOne

    public init(scheme: DifferenceScheme, step: Double, blocks: [[Double]], numericalRounding: [[Double]], unitRoundoff: Double = Double.ulpOfOne) {
        self.scheme = scheme
        self.step = step
        self.blocks = blocks
        self.numericalRounding = numericalRounding
        self.unitRoundoff = unitRoundoff
    }

    /// The rounding error of any gradient computed in floating point: a sum of terms as large as the
    /// largest gradient entry, κ·ε·max |∂E/∂θ|.
    public var analyticRounding: Double {
        var largest = 0.0
        for block in blocks {
            for value in block where value.isFinite { largest = max(largest, abs(value)) }
        }
        return GradientCheckDefaults.roundingUnits * unitRoundoff * largest
    }

    /// Per block and entry: R, the absolute resolution of a comparison with this gradient, the sum of
    /// the numerical and the analytic rounding.
    public var resolution: [[Double]] {
        let analytic = analyticRounding
        return numericalRounding.map { block in block.map { $0 + analytic } }
    }

    /// This gradient with the given entries replaced by `other`'s.
    public func replacing(_ entries: [[Int]], with other: NumericalGradient) -> NumericalGradient {
        var merged = self
        for (block, indices) in entries.enumerated() {
            for i in indices {
                merged.blocks[block][i] = other.blocks[block][i]
                merged.numericalRounding[block][i] = other.numericalRounding[block][i]
            }
        }
        return merged
    }
}

/// Numerical derivatives of a problem's loss. Every oracle calls the problem's forward pass; none knows
/// which notation it is differentiating.
public enum NumericalDifferentiation {
    /// The numerical gradient of E = `problem.loss()` with respect to every entry of every block.
    ///
    /// - Parameters:
    ///   - entries: per block, the flat indices to differentiate (nil: all of them). Entries left out
    ///     are NaN in the result.
    ///   - exploitingStructure: use the problem's perturbed-loss evaluator when it has one (the same
    ///     numbers, bit for bit, faster); false evaluates every loss through `loss()`.
    ///   - threads: the threads the evaluator runs on (nil: one per processor); the result is the same
    ///     for any number (ParallelDifferences).
    ///   - progress: told how many entries are done, when the problem's evaluator computes them.
    public static func gradient<P: GradientProblem>(
        of problem: P, scheme: DifferenceScheme = .central, step: Double? = nil, entries: [[Int]]? = nil,
        exploitingStructure: Bool = true, threads: Int? = nil, progress: ParallelDifferences.Progress? = nil
    ) -> NumericalGradient where P.Scalar == Double {
        let h = step ?? scheme.defaultStep
        switch scheme {
        case .central, .richardson:
            // A problem that can evaluate perturbed losses faster (with the same numbers) does so.
            if exploitingStructure, let fast = problem as? any FastPerturbedLosses {
                let values = P.blocks.map { problem[keyPath: $0.values] }
                return ParallelDifferences.gradient(
                    values: values, scheme: scheme, step: h, entries: entries, lossScale: problem.loss(), threads: threads,
                    progress: progress
                ) { fast.perturbedLossEvaluator() }
            }
            return realDifferences(problem, scheme: scheme, step: h, entries: entries) { $0.loss() }
        case .complexStep:
            return complexStep(problem.complexified(), step: h, lossScale: problem.loss(), entries: entries) { $0.loss() }
        }
    }

    /// The numerical gradient of the objective truncated BPTT differentiates: Σ_t ∂E_t/∂θ, where a
    /// perturbation of θ reaches output t only through steps t − τ … t (steps before t − τ keep the
    /// unperturbed weights). With weights untied in time this is Σ_t Σ_{k=t−τ}^{t} ∂E_t/∂θ_k, which is
    /// exactly what the documents' truncated loops add up.
    public static func truncatedGradient<P: GradientProblem>(
        of problem: P, truncation tau: Int, scheme: DifferenceScheme = .central, step: Double? = nil, entries: [[Int]]? = nil
    ) -> NumericalGradient where P.Scalar == Double {
        precondition(tau >= 0, "the truncation must be ≥ 0")
        let h = step ?? scheme.defaultStep
        let T = problem.steps
        switch scheme {
        case .central, .richardson:
            return realDifferences(problem, scheme: scheme, step: h, entries: entries) { perturbed in
                var sum = 0.0
                for t in 0..<T {
                    sum += problem.outputLoss(t) { k in k >= t - tau ? perturbed : problem }
                }
                return sum
            }
        case .complexStep:
            let base = problem.complexified()
            return complexStep(base, step: h, lossScale: problem.loss(), entries: entries) { perturbed in
                var sum = Complex.zero
                for t in 0..<T {
                    sum += base.outputLoss(t) { k in k >= t - tau ? perturbed : base }
                }
                return sum
            }
        }
    }

    /// Central differences or their Richardson extrapolation, entry by entry, of `objective`.
    static func realDifferences<P: GradientProblem>(
        _ problem: P, scheme: DifferenceScheme, step: Double, entries: [[Int]]?, objective: (P) -> Double
    ) -> NumericalGradient where P.Scalar == Double {
        var perturbed = problem
        let values = P.blocks.map { problem[keyPath: $0.values] }
        return differences(values: values, scheme: scheme, step: step, entries: entries, lossScale: objective(problem)) { block, entry, value in
            let path = P.blocks[block].values
            let original = perturbed[keyPath: path][entry]
            perturbed[keyPath: path][entry] = value
            defer { perturbed[keyPath: path][entry] = original }
            return objective(perturbed)
        }
    }

    /// Central differences or their Richardson extrapolation of any objective of any parameters.
    ///
    /// - Parameters:
    ///   - values: the point, flat per block.
    ///   - lossScale: |E| at the point: the rounding of one evaluation is κ·ε·max(1, |E|), where ε is
    ///     `unitRoundoff` (2⁻⁵² for a double-precision objective).
    ///   - lossRounding: the rounding of one evaluation, when it is known better than κ·ε·max(1, |E|)
    ///     (a program's measured noise, `NoiseRule.lossRounding`).
    ///   - pointPrecision: the precision the objective reads its parameters in. θ ± h is rounded to it
    ///     (a float32 program would round it anyway) and the quotient divides by the rounded width.
    ///   - objectiveAt: the objective with entry `entry` of block `block` set to `value`, all else at
    ///     the point.
    public static func differences(
        values: [[Double]], scheme: DifferenceScheme, step: Double, entries: [[Int]]?, lossScale: Double,
        unitRoundoff: Double = Double.ulpOfOne, lossRounding: Double? = nil, pointPrecision: Precision = .float64,
        objectiveAt: (Int, Int, Double) -> Double
    ) -> NumericalGradient {
        let roundingError = lossRounding ?? GradientCheckDefaults.roundingUnits * unitRoundoff * max(1, abs(lossScale))
        var blocks = [[Double]]()
        var resolution = [[Double]]()
        for (blockIndex, values) in values.enumerated() {
            var derivatives = [Double](repeating: .nan, count: values.count)
            var resolutions = [Double](repeating: .nan, count: values.count)
            for entry in entries?[blockIndex] ?? Array(values.indices) {
                let theta = values[entry]
                let h = step * max(1, abs(theta))
                /// D(h) = (E(θ + h) − E(θ − h)) / (θ⁺ − θ⁻); dividing by the representable θ⁺ − θ⁻
                /// instead of 2h removes the error of rounding θ ± h.
                func centralDifference(_ h: Double) -> (value: Double, width: Double) {
                    let plus = pointPrecision.rounded(theta + h)
                    let minus = pointPrecision.rounded(theta - h)
                    let lossPlus = objectiveAt(blockIndex, entry, plus)
                    let lossMinus = objectiveAt(blockIndex, entry, minus)
                    return ((lossPlus - lossMinus) / (plus - minus), plus - minus)
                }
                switch scheme {
                case .richardson:
                    let coarse = centralDifference(h)
                    let fine = centralDifference(h / 2)
                    derivatives[entry] = (4 * fine.value - coarse.value) / 3
                    // |4/3|·2R/(fine width) + |1/3|·2R/(coarse width), R the rounding of one loss.
                    resolutions[entry] = (8 / 3 * roundingError / fine.width) + (2 / 3 * roundingError / coarse.width)
                default:
                    let central = centralDifference(h)
                    derivatives[entry] = central.value
                    resolutions[entry] = 2 * roundingError / central.width
                }
            }
            blocks.append(derivatives)
            resolution.append(resolutions)
        }
        return NumericalGradient(scheme: scheme, step: step, blocks: blocks, numericalRounding: resolution, unitRoundoff: unitRoundoff)
    }

    /// The complex-step derivative Im f(θ + i·h) / h, entry by entry, of `objective`.
    static func complexStep<C: GradientProblem>(
        _ problem: C, step: Double, lossScale: Double, entries: [[Int]]?, objective: (C) -> Complex
    ) -> NumericalGradient where C.Scalar == Complex {
        var perturbed = problem
        let values = C.blocks.map { problem[keyPath: $0.values].map(\.real) }
        return complexStep(values: values, step: step, lossScale: lossScale, entries: entries) { block, entry, value in
            let path = C.blocks[block].values
            let original = perturbed[keyPath: path][entry]
            perturbed[keyPath: path][entry] = value
            defer { perturbed[keyPath: path][entry] = original }
            return objective(perturbed)
        }
    }

    /// The complex-step derivative Im f(θ + i·h) / h of any objective written in complex arithmetic.
    ///
    /// - Parameter objectiveAt: the objective with entry `entry` of block `block` set to the complex
    ///   `value` (θ + i·h), all else at the point.
    public static func complexStep(
        values: [[Double]], step: Double, lossScale: Double, entries: [[Int]]?, objectiveAt: (Int, Int, Complex) -> Complex
    ) -> NumericalGradient {
        // Nothing cancels: the derivative is as accurate as the forward pass, relative to |E|.
        let roundingError = GradientCheckDefaults.roundingUnits * Double.ulpOfOne * max(1, abs(lossScale))
        var blocks = [[Double]]()
        var resolution = [[Double]]()
        for (blockIndex, block) in values.enumerated() {
            var derivatives = [Double](repeating: .nan, count: block.count)
            for entry in entries?[blockIndex] ?? Array(block.indices) {
                derivatives[entry] = objectiveAt(blockIndex, entry, Complex(block[entry], step)).imaginary / step
            }
            blocks.append(derivatives)
            resolution.append(derivatives.map { $0.isNaN ? .nan : roundingError })
        }
        return NumericalGradient(scheme: .complexStep, step: step, blocks: blocks, numericalRounding: resolution)
    }
}
