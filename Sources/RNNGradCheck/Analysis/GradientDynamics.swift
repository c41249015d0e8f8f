// Vanishing and exploding gradients, measured on one network and one sequence.
//
// Seed 004 writes the error of output t at an earlier step k through the product of one-step
// Jacobians (its 004.7):
//
//     ∂E_t/∂s_k = (∏_{j=k+1}^{t} ∂s_j/∂s_{j−1})ᵀ ∂E_t/∂s_t
//
// and seed 003 (梯度消失和梯度爆炸) says in words that this product makes gradients vanish or explode
// over long sequences. Each factor is J_j = diag(f′) W (or W diag(f′)), so by sub-multiplicativity
//
//     ‖J_j‖₂ ≤ ‖diag f′‖₂ · ‖W‖₂ ≤ sup|f′| · ‖W‖₂        (sup|f′| = 1 for tanh, 1/4 for the sigmoid)
//
// a bound the seeds do not print but that follows from their product. Everything here is computed on
// the problem's own forward pass: the norms of the Jacobian products and of ∂E_t/∂s_k against the
// lag t − k, the bounds, and the per-step factor they imply.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// The regime a network's gradients are in, from the measured per-step factor ρ.
public enum GradientRegime: String, Sendable {
    /// ρ < e^(−0.05): contributions shrink by more than a factor e every 20 steps.
    case vanishing
    /// e^(−0.05) ≤ ρ ≤ e^(0.05).
    case stable
    /// ρ > e^(0.05).
    case exploding
    /// T = 1: there is no earlier step to measure.
    case undetermined
}

/// The dynamics of one problem's gradients.
public struct GradientDynamics: Sendable {
    /// One step of the recurrence, j = T − L … T−1 (1 … T−1 unless the work limit cuts it short).
    public struct Step: Sendable {
        /// j: the Jacobian is ∂s_j/∂s_{j−1}.
        public let step: Int
        /// ‖∂s_j/∂s_{j−1}‖₂.
        public let jacobianNorm: Double
        /// ‖diag f′‖₂ = max |f′| at this step.
        public let slopeNorm: Double
        /// ‖diag f′‖₂ · ‖W‖₂: the bound on `jacobianNorm` from this step's slopes.
        public let bound: Double
        /// The fraction of units whose slope is below a tenth of sup|f′| (saturated units).
        public let saturatedFraction: Double
    }

    /// One lag τ = t − k.
    public struct Lag: Sendable {
        public let lag: Int
        /// ‖∏_{j=T−τ}^{T−1} ∂s_j/∂s_{j−1}‖₂: the product that carries the last output's error τ steps
        /// back (1 at τ = 0).
        public let productNorm: Double
        /// ∏ of the steps' bounds ‖diag f′_j‖₂ ‖W‖₂ over the same window.
        public let productBound: Double
        /// (sup|f′| · ‖W‖₂)^τ: the bound that uses no forward pass at all.
        public let uniformBound: Double
        /// max_t ‖∂E_t/∂s_{t−τ}‖₂ over the outputs t ≥ τ.
        public let errorGradientNorm: Double
        /// The output t where that maximum is.
        public let output: Int
        /// `errorGradientNorm` divided by the largest over every lag.
        public let relativeErrorGradient: Double
    }

    /// Where contributions fall below `GradientDynamics.negligibleRatio` of the largest.
    public struct NegligibleLag: Sendable, Equatable {
        public let lag: Int
        /// Beyond the sequence: extrapolated from the last measured lag at the per-step factor.
        public let extrapolated: Bool
    }

    public let symbols: DynamicsSymbols
    public let steps: Int
    /// ‖W‖₂ of the recurrent matrix, by power iteration.
    public let recurrentNorm: Double
    /// The power iteration converged (false: `recurrentNorm` is a lower bound).
    public let recurrentNormConverged: Bool
    /// sup|f′| · ‖W‖₂.
    public var uniformStepBound: Double { symbols.slopeBound * recurrentNorm }
    public let stepJacobians: [Step]
    /// τ = 0 … L, L = `measuredLags`.
    public let lags: [Lag]
    /// L: T − 1, unless the network is so large that `workLimit` cuts it short.
    public var measuredLags: Int { lags.count - 1 }
    /// ρ = ‖∏_{j=T−L}^{T−1} ∂s_j/∂s_{j−1}‖₂^(1/L) over the L = `measuredLags` last steps (the whole
    /// sequence, L = T − 1, unless the work limit cuts it short): the factor per step that the product
    /// amounts to (nil when T = 1).
    public let perStepFactor: Double?
    public let regime: GradientRegime
    /// The first lag whose contributions are below 1e-8 of the largest (nil: they never get there:
    /// ρ ≥ 1, or the gradient is zero).
    public let negligibleLag: NegligibleLag?

    /// Contributions below this fraction of the largest are negligible.
    public static let negligibleRatio = 1e-8
    /// |ln ρ| at most this is stable: a factor e at most over 20 steps.
    public static let stableBand = 0.05

    /// The geometric mean of ‖∂s_j/∂s_{j−1}‖₂ over the steps (nil when T = 1): an upper bound on ρ.
    public var meanJacobianNorm: Double? {
        guard !stepJacobians.isEmpty else { return nil }
        let logs = stepJacobians.map { log10($0.jacobianNorm) }
        return pow(10, logs.reduce(0, +) / Double(logs.count))
    }

    /// The most work (multiply-adds, counting the power iteration's limit of 1000 iterations, two
    /// matrix-vector products each, per spectral norm) `measure` spends; beyond it the lags measured are
    /// cut short (`measuredLags` < T − 1). One lag is always measured: for H = 1000 that alone is about
    /// 6·10⁹ (seconds in a release build).
    public static let workLimit = 4e9

    /// How many lags `measure` can afford on a problem of T steps and H hidden units.
    public static func affordableLags(steps T: Int, hidden H: Int) -> Int {
        let h = Double(H)
        // Per lag: one step Jacobian and its norm, one more matrix product and its norm, and one more
        // step back for the error of every output.
        let perLag = h * h * h + 2 * 2 * 1000 * h * h + Double(T) * h * h
        return max(min(T - 1, Int(workLimit / perLag)), min(T - 1, 1))
    }

    /// Measures the dynamics of `problem` at its parameters and sequence.
    public static func measure<P: RecurrentDynamics>(_ problem: P) -> GradientDynamics {
        let symbols = P.dynamicsSymbols
        let T = problem.steps
        let recurrent = problem.recurrentMatrix
        let spectral = Norms.spectral(recurrent)
        let W = spectral.value
        // The last L steps: J_j for j = T−L … T−1.
        let L = affordableLags(steps: T, hidden: recurrent.rows)
        let first = T - L
        let jacobians = L > 0 ? problem.stepJacobians(first...(T - 1)) : []
        precondition(jacobians.count == L, "step Jacobians \(first)…\(T - 1) are \(L) matrices, got \(jacobians.count)")
        /// J_j.
        func J(_ j: Int) -> StepJacobian { jacobians[j - first] }

        var stepRows: [Step] = []
        for j in first..<T {
            let slopes = J(j).slopes
            let slopeNorm = slopes.reduce(0.0) { max($0, abs($1)) }
            let saturated = slopes.filter { abs($0) < 0.1 * symbols.slopeBound }.count
            stepRows.append(Step(
                step: j, jacobianNorm: Norms.spectral(J(j).jacobian).value, slopeNorm: slopeNorm, bound: slopeNorm * W,
                saturatedFraction: slopes.isEmpty ? 0 : Double(saturated) / Double(slopes.count)))
        }

        // log10 ‖∏‖ for the windows that end at the last step: J_{T−1} J_{T−2} ⋯ J_{T−τ}.
        var productLogs = [0.0]
        var boundLogs = [0.0]
        if L > 0 {
            var product = ScaledMatrix(J(T - 1).jacobian)
            // The product of one factor is the last step's Jacobian, whose norm is known.
            productLogs.append(log10(stepRows[T - 1 - first].jacobianNorm))
            boundLogs.append(log10(stepRows[T - 1 - first].bound))
            for j in stride(from: T - 2, through: first, by: -1) {
                product = product.times(ScaledMatrix(J(j).jacobian))
                productLogs.append(product.log10SpectralNorm)
                boundLogs.append(boundLogs[boundLogs.count - 1] + log10(stepRows[j - first].bound))
            }
        }

        // log10 ‖∂E_t/∂s_k‖ by ∂E_t/∂s_{k−1} = J_kᵀ ∂E_t/∂s_k, each vector kept at unit size with its scale
        // apart, for every output t and step k ≥ first − 1 (all of them when every lag is measured).
        var bestLog = [Double](repeating: -.infinity, count: L + 1)
        var bestOutput = [Int](repeating: 0, count: L + 1)
        let seeds = problem.outputStateGradients()
        for t in max(0, first - 1)..<T {
            var g = seeds[t]
            var scaleLog = 0.0
            for k in stride(from: t, through: max(0, first - 1), by: -1) {
                let norm = Norms.euclidean(g)
                let normLog = norm > 0 ? log10(norm) + scaleLog : -.infinity
                let lag = t - k
                if normLog > bestLog[lag] || (normLog.isNaN && !bestLog[lag].isNaN) {
                    bestLog[lag] = normLog
                    bestOutput[lag] = t
                }
                guard k > max(0, first - 1) else { break }
                if norm > 0, norm.isFinite {
                    g = g.map { $0 / norm }
                    scaleLog += log10(norm)
                }
                g = J(k).jacobian.T.dot(Vector(g)).storage
            }
        }
        let largestLog = bestLog.filter { !$0.isNaN }.max() ?? -.infinity
        let uniformLog = log10(symbols.slopeBound * W)
        let lagRows = (0...L).map { tau in
            Lag(
                lag: tau, productNorm: pow(10, productLogs[tau]), productBound: pow(10, boundLogs[tau]),
                uniformBound: pow(10, Double(tau) * uniformLog), errorGradientNorm: pow(10, bestLog[tau]), output: bestOutput[tau],
                relativeErrorGradient: largestLog.isFinite ? pow(10, bestLog[tau] - largestLog) : 0)
        }

        // ρ from the product over the longest window.
        var factor: Double?
        var regime = GradientRegime.undetermined
        if L > 0 {
            let logRho = productLogs[L] / Double(L)
            factor = pow(10, logRho)
            let lnRho = logRho * log(10.0)
            regime = lnRho < -stableBand ? .vanishing : (lnRho > stableBand ? .exploding : .stable)
        }

        // The first lag below 1e-8 of the largest, measured or extrapolated at ρ from the last lag.
        var negligible: NegligibleLag?
        let thresholdLog = log10(negligibleRatio) + largestLog
        if largestLog.isFinite {
            if let tau = bestLog.firstIndex(where: { $0 < thresholdLog }) {
                negligible = NegligibleLag(lag: tau, extrapolated: false)
            } else if let rho = factor, rho < 1, bestLog[L].isFinite {
                let more = ((thresholdLog - bestLog[L]) / log10(rho)).rounded(.up)
                if more.isFinite, more < 1e9 { negligible = NegligibleLag(lag: L + max(1, Int(more)), extrapolated: true) }
            }
        }
        return GradientDynamics(
            symbols: symbols, steps: T, recurrentNorm: W, recurrentNormConverged: spectral.converged, stepJacobians: stepRows, lags: lagRows, perStepFactor: factor,
            regime: regime, negligibleLag: negligible)
    }

    /// The dynamics of a problem of any notation that supplies them (nil for one that does not).
    public static func of(_ problem: any NotationProblem) -> GradientDynamics? {
        guard let dynamic = problem as? any RecurrentDynamics else { return nil }
        return measureOpened(dynamic)
    }

    private static func measureOpened<P: RecurrentDynamics>(_ problem: P) -> GradientDynamics {
        measure(problem)
    }
}
