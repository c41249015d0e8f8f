/// How many entries a sampled check ("fast mode") takes per block, and the seed of its choice.
public struct EntrySampling: Sendable, Equatable {
    public let perBlock: Int
    public let seed: UInt64

    public init(perBlock: Int, seed: UInt64) {
        precondition(perBlock > 0, "at least one entry per block")
        self.perBlock = perBlock
        self.seed = seed
    }
}

/// What a sampled check did: which entries it compared one by one, the derivative along a random
/// direction through every entry, and the blocks it then checked entry by entry because it found a
/// difference there.
///
/// A sampled check never gives a verdict from the direction alone. A block whose sampled entries or
/// whose direction differ is checked exhaustively, entry by entry, with the usual re-examination of
/// the entries that fail; the verdict comes from those comparisons. So a direction that an oracle got
/// wrong costs time, never a false "wrong".
public struct Sampling: Sendable {
    public let sample: EntrySample
    /// The derivative along the random direction through every entry of every block.
    public let direction: DirectionalDerivative
    /// Per block, the derivative along the direction restricted to that block; taken only when the
    /// whole direction differs, to find the blocks that differ.
    public let blockDirections: [DirectionalDerivative]?
    /// Per block: checked entry by entry because the sample or a direction found a difference there.
    public let exhaustive: [Bool]
    /// The tolerance the directions were held to.
    public let tolerance: Double

    /// The whole direction agrees with the analytic gradient.
    public var directionAgrees: Bool { direction.agrees(tolerance: tolerance) }
}

extension GradientChecker {
    /// A sampled check of full BPTT ("fast mode", as torch.autograd.gradcheck's fast_mode): the
    /// settings' scheme at `sampling.perBlock` random entries of each block, and the derivative along
    /// one random direction through every entry. Any block where either finds a difference is then
    /// checked entry by entry (see `Sampling`). The cost is about (entries sampled + 2 + 2 per block)
    /// loss evaluations when nothing differs.
    ///
    /// - Parameter analytic: the gradient to check (by default the problem's own full BPTT).
    public static func checkSampled<P: BPTTProblem>(
        _ problem: P, analytic: P.Gradients? = nil, settings: CheckSettings = CheckSettings(), sampling: EntrySampling,
        progress: ParallelDifferences.Progress? = nil
    ) -> GradientCheck {
        precondition(problem.truncation == nil, "a sampled check compares full BPTT with ∂E/∂θ")
        let gradients = analytic ?? problem.bpttGradients(truncation: nil)
        let values = P.blocks.map { problem[keyPath: $0.values] }
        let flatGradient = P.blocks.map { gradients[keyPath: $0.gradient] }
        let sample = EntrySample(blockSizes: values.map(\.count), perBlock: sampling.perBlock, seed: sampling.seed)

        func entryCheck(_ entries: [[Int]]) -> GradientCheck {
            check(problem, analytic: gradients, settings: settings, entries: entries) { scheme, step, entries in
                numericalGradient(of: problem, scheme: scheme, step: step, entries: entries, settings: settings, progress: progress)
            }.check
        }
        func along(_ direction: [[Double]]) -> DirectionalDerivative {
            NumericalDifferentiation.directional(
                of: problem, values: values, direction: direction, gradient: flatGradient, scheme: settings.scheme, step: settings.step)
        }

        var result = entryCheck(sample.entries)
        var differing = result.blocks.map { $0.verdict != .pass }
        let whole = along(sample.direction)
        var blockDirections: [DirectionalDerivative]?
        if !whole.agrees(tolerance: settings.tolerance) {
            // Which blocks? The direction restricted to each block, of unit length.
            let perBlock = values.indices.map { b in
                let part = sample.direction[b]
                let norm = part.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return along(values.indices.map { $0 == b && norm > 0 ? part.map { $0 / norm } : [Double](repeating: 0, count: values[$0].count) })
            }
            blockDirections = perBlock
            for (b, d) in perBlock.enumerated() where !d.agrees(tolerance: settings.tolerance) && !values[b].isEmpty {
                differing[b] = true
            }
            // A difference no single block shows: check them all.
            if !differing.contains(true) { differing = values.map { _ in true } }
        }
        if differing.contains(true) {
            result = entryCheck(values.indices.map { differing[$0] ? Array(values[$0].indices) : sample.entries[$0] })
        }
        result.sampling = Sampling(
            sample: sample, direction: whole, blockDirections: blockDirections, exhaustive: differing, tolerance: settings.tolerance)
        return result
    }
}

extension NumericalDifferentiation {
    /// The derivative of the problem's loss along `direction` (a unit vector, flat per block) at
    /// `values`, against the prediction ∇L·d of `gradient`, by `scheme`: finite differences of the
    /// loss at θ ± t·d (see `directional(values:…)`), or the complex step Im E(θ + i·h·d)/h, which
    /// is ∇E·d with nothing cancelling.
    public static func directional<P: GradientProblem>(
        of problem: P, values: [[Double]], direction: [[Double]], gradient: [[Double]], scheme: DifferenceScheme, step: Double
    ) -> DirectionalDerivative where P.Scalar == Double {
        let loss = problem.loss()
        let lossRounding = GradientCheckDefaults.roundingUnits * Double.ulpOfOne * max(1, abs(loss))
        guard scheme == .complexStep else {
            var point = problem
            return directional(
                values: values, direction: direction, gradient: gradient, scheme: scheme, step: step, lossRounding: lossRounding,
                unitRoundoff: Double.ulpOfOne, pointPrecision: .float64
            ) { moved in
                for (b, block) in P.blocks.enumerated() { point[keyPath: block.values] = moved[b] }
                return point.loss()
            }
        }
        var lifted = problem.complexified()
        var predicted = 0.0, largest = 0.0, weight = 0.0
        for (b, block) in P.Complexified.blocks.enumerated() {
            lifted[keyPath: block.values] = values[b].indices.map { Complex(values[b][$0], step * direction[b][$0]) }
            for i in values[b].indices {
                predicted += gradient[b][i] * direction[b][i]
                weight += abs(direction[b][i])
                if gradient[b][i].isFinite { largest = max(largest, abs(gradient[b][i])) }
            }
        }
        // Nothing cancels in the complex step: its rounding is that of the loss; the prediction's is
        // κ·ε·max|∂E/∂θ| per entry, weighted by |d_i|.
        let analyticRounding = GradientCheckDefaults.roundingUnits * Double.ulpOfOne * largest * weight
        return DirectionalDerivative(
            scheme: .complexStep, step: step, length: step, analytic: predicted, numerical: lifted.loss().imaginary / step,
            resolution: lossRounding + analyticRounding)
    }
}
