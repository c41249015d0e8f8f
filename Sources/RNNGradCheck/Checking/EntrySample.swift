/// A seeded choice of entries to check when checking every entry costs too much ("fast mode"):
/// N random entries of each parameter block, and one random direction through all of them.
///
/// The entries find a wrong entry with probability N/size per block; the direction sees every entry
/// at once: the derivative of the loss along a unit direction d is ∇L·d, and a gradient that is
/// wrong anywhere changes ∇L·d unless its error happens to be orthogonal to d (probability 0 for a
/// random d). It sees a wrong entry diluted by its weight |d_i| ≈ 1/√n, so it catches large and
/// widespread errors (a factor on a block, a dropped time step) rather than one nudged entry.
public struct EntrySample: Sendable, Equatable {
    /// How many entries per block were asked for.
    public let perBlock: Int
    public let seed: UInt64
    /// Per block, the flat indices chosen, ascending: every index of a block with at most
    /// `perBlock` entries.
    public let entries: [[Int]]
    /// A unit vector over every entry of every block (flat per block), Gaussian before normalization
    /// (uniform on the sphere).
    public let direction: [[Double]]

    /// Draws `perBlock` entries of each block (without replacement) and a direction, from `seed`.
    /// The same sizes, count and seed give the same sample on every platform.
    public init(blockSizes: [Int], perBlock: Int, seed: UInt64) {
        precondition(perBlock > 0, "at least one entry per block")
        var generator = SeededGenerator(seed: seed)
        var chosen: [[Int]] = []
        for size in blockSizes {
            guard size > perBlock else {
                chosen.append(Array(0..<size))
                continue
            }
            // A partial Fisher–Yates shuffle: the first `perBlock` places.
            var indices = Array(0..<size)
            for i in 0..<perBlock {
                let j = i + generator.integer(below: size - i)
                indices.swapAt(i, j)
            }
            chosen.append(indices[0..<perBlock].sorted())
        }
        var direction = blockSizes.map { size in (0..<size).map { _ in Self.gaussian(&generator) } }
        let norm = direction.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 {
            direction = direction.map { block in block.map { $0 / norm } }
        }
        self.perBlock = perBlock
        self.seed = seed
        self.entries = chosen
        self.direction = direction
    }

    /// How many entries are checked one by one, and how many there are.
    public var checkedCount: Int { entries.reduce(0) { $0 + $1.count } }
    public var totalCount: Int { direction.reduce(0) { $0 + $1.count } }

    /// A standard normal draw (Box–Muller, the cosine half).
    private static func gaussian(_ generator: inout SeededGenerator) -> Double {
        let u = 1 - generator.unitInterval()  // in (0, 1]: log(u) is finite
        let v = generator.unitInterval()
        return (-2 * libmLog(u)).squareRoot() * libmCos(2 * Double.pi * v)
    }
}

/// The derivative of the loss along one direction d over all parameters, numerically and as the
/// analytic gradient predicts it.
///
/// The point moves to θ ± t·d, t = h·max(1, rms θ), each entry rounded to the program's precision.
/// Rounding moves the points off the line, so the analytic side is not ∇L·d but the prediction of
/// the same difference, ∇L·δ with δ = θ⁺ − θ⁻ (exactly what the program was given):
///
///     central:     numerical = (L(θ⁺) − L(θ⁻)) / 2t,   analytic = ∇L·δ / 2t
///     Richardson:  both sides (8·D(t/2) − D(t)) / 6t, D the difference and its prediction
public struct DirectionalDerivative: Sendable {
    public let scheme: DifferenceScheme
    /// The relative step h, and the length t of the move along d.
    public let step: Double
    public let length: Double
    public let analytic: Double
    public let numerical: Double
    /// The resolution R of the comparison (absolute): the numerical rounding plus the analytic one.
    public let resolution: Double

    /// |a − n| / max(|a|, |n|, R/τ): the same relative error and floor as one entry of a block.
    public func relativeError(tolerance: Double) -> Double {
        let difference = abs(analytic - numerical)
        return difference == 0 ? 0 : difference / max(abs(analytic), abs(numerical), resolution / tolerance)
    }

    /// Within the tolerance (a NaN never is).
    public func agrees(tolerance: Double) -> Bool { relativeError(tolerance: tolerance) <= tolerance }
}

extension NumericalDifferentiation {
    /// The derivative of `objective` along `direction` at `values`, against `gradient`'s prediction.
    ///
    /// - Parameters:
    ///   - lossRounding: the rounding of one evaluation of the objective (κ·noise).
    ///   - unitRoundoff: ε of the arithmetic the gradient was computed in.
    ///   - objective: the loss at a point (flat per block).
    public static func directional(
        values: [[Double]], direction: [[Double]], gradient: [[Double]], scheme: DifferenceScheme, step: Double,
        lossRounding: Double, unitRoundoff: Double, pointPrecision: Precision, objective: ([[Double]]) -> Double
    ) -> DirectionalDerivative {
        precondition(scheme != .complexStep, "the directional derivative is taken by finite differences")
        let count = values.reduce(0) { $0 + $1.count }
        let squares = values.joined().reduce(0) { $0 + $1 * $1 }
        let length = step * max(1, (squares / Double(max(count, 1))).squareRoot())
        // Any gradient computed in floating point carries κ·ε·max|∂L/∂θ| per entry (as in
        // `NumericalGradient.analyticRounding`): the prediction ∇L·δ carries that times Σ|δ_i|.
        var largest = 0.0
        for value in gradient.joined() where value.isFinite { largest = max(largest, abs(value)) }
        let entryRounding = GradientCheckDefaults.roundingUnits * unitRoundoff * largest
        // The difference L(θ + s·d) − L(θ − s·d), its analytic prediction ∇L·δ, and Σ|δ_i|.
        func difference(_ s: Double) -> (numerical: Double, analytic: Double, analyticScale: Double) {
            var plus = values, minus = values
            var predicted = 0.0, scale = 0.0
            for b in values.indices {
                for i in values[b].indices {
                    plus[b][i] = pointPrecision.rounded(values[b][i] + s * direction[b][i])
                    minus[b][i] = pointPrecision.rounded(values[b][i] - s * direction[b][i])
                    let delta = plus[b][i] - minus[b][i]
                    predicted += gradient[b][i] * delta
                    scale += abs(delta)
                }
            }
            return (objective(plus) - objective(minus), predicted, scale)
        }
        let numerical: Double, analytic: Double, numericalRounding: Double, analyticRounding: Double
        switch scheme {
        case .richardson:
            let coarse = difference(length), fine = difference(length / 2)
            numerical = (8 * fine.numerical - coarse.numerical) / (6 * length)
            analytic = (8 * fine.analytic - coarse.analytic) / (6 * length)
            numericalRounding = 3 * lossRounding / length
            analyticRounding = entryRounding * (8 * fine.analyticScale + coarse.analyticScale) / (6 * length)
        default:
            let central = difference(length)
            numerical = central.numerical / (2 * length)
            analytic = central.analytic / (2 * length)
            numericalRounding = lossRounding / length
            analyticRounding = entryRounding * central.analyticScale / (2 * length)
        }
        return DirectionalDerivative(
            scheme: scheme, step: step, length: length, analytic: analytic, numerical: numerical,
            resolution: numericalRounding + analyticRounding)
    }
}
