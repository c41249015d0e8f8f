/// How much a program's loss wobbles at a point from rounding (or from any randomness of its own),
/// measured by asking the program: the resolution of every difference quotient follows from it.
///
/// Three cheap measurements:
///
///     repeats:  L(θ) evaluated `repeatCount` more times; a deterministic program gives the same number
///               every time, and a spread is noise of the program's own (threads, randomness)
///     ulps:     L(θ_k) with every entry of θ moved by k units in the last place of the precision,
///               k = ±1, ±2, ±3; over so small a move L is linear in k, L(θ_k) = c₀ + c₁·k, and what
///               the line does not explain is rounding: σ² = Σ (L(θ_k) − c₀ − c₁·k)² / (7 − 2)
///     line:     L(θ + s·η·d), s = ±1, ±2, ±3, along a fixed random unit direction d with
///               η = ε^(1/3)/10·max(1, rms θ), a tenth of the finite differences' step; a parabola in
///               s fits the smooth part, and its residuals (4 degrees of freedom) show noise coarser
///               than an ulp (a loss printed with fewer digits than the precision holds)
///
/// The noise the rule uses is the largest of them, and never less than one rounding of the loss:
/// noise = max(σ_ulps, σ_line, spread, ε·max(1, |L|)).
public struct LossNoise: Sendable {
    public let precision: Precision
    /// L at the point (the first evaluation).
    public let loss: Double
    /// The further evaluations at the point.
    public let repeats: [Double]
    /// (k, L(θ_k)) for k in `moves`: every entry moved by k ulps of the precision.
    public let ulpMoves: [(ulps: Int, loss: Double)]
    /// (s, L(θ + s·η·d)) for s in `moves`, and η.
    public let lineMoves: [(steps: Int, loss: Double)]
    public let lineSpacing: Double

    /// The moves measured, k = −3 … 3 without 0 (the point itself is `loss`), in ulps and along the line.
    public static let moves = [-3, -2, -1, 1, 2, 3]
    /// How many more times the loss is evaluated at the point.
    public static let repeatCount = 2
    /// Loss evaluations a measurement takes.
    public static var evaluations: Int { 1 + repeatCount + 2 * moves.count }
    /// The seed of the line's direction (the same direction for every program of the same size).
    public static let lineSeed: UInt64 = 0x6E6F_6973_65  // "noise"

    public init(
        precision: Precision, loss: Double, repeats: [Double], ulpMoves: [(ulps: Int, loss: Double)],
        lineMoves: [(steps: Int, loss: Double)], lineSpacing: Double
    ) {
        self.precision = precision
        self.loss = loss
        self.repeats = repeats
        self.ulpMoves = ulpMoves
        self.lineMoves = lineMoves
        self.lineSpacing = lineSpacing
    }

    /// Measures the noise of `objective` at `values` (flat per block).
    public static func measure(values: [[Double]], precision: Precision, objective: ([[Double]]) -> Double) -> LossNoise {
        let loss = objective(values)
        let repeats = (0..<repeatCount).map { _ in objective(values) }
        let ulpMoves = moves.map { k in
            (ulps: k, loss: objective(values.map { block in block.map { precision.stepped($0, ulps: k) } }))
        }
        let direction = EntrySample(blockSizes: values.map(\.count), perBlock: 1, seed: lineSeed).direction
        let count = values.reduce(0) { $0 + $1.count }
        let rms = (values.joined().reduce(0) { $0 + $1 * $1 } / Double(max(count, 1))).squareRoot()
        let spacing = libmCbrt(precision.epsilon) / 10 * max(1, rms)
        let lineMoves = moves.map { s in
            (steps: s, loss: objective(zip(values, direction).map { block, d in
                zip(block, d).map { precision.rounded($0 + Double(s) * spacing * $1) }
            }))
        }
        return LossNoise(precision: precision, loss: loss, repeats: repeats, ulpMoves: ulpMoves, lineMoves: lineMoves, lineSpacing: spacing)
    }

    /// Every evaluation was finite.
    public var isFinite: Bool { firstNonFinite == nil }

    /// The first non-finite evaluation: "at the point", "with every entry moved by 2 ulps", ….
    public var firstNonFinite: (where: String, value: Double)? {
        if !loss.isFinite { return ("at the point", loss) }
        if let bad = repeats.first(where: { !$0.isFinite }) { return ("at the point (evaluated again)", bad) }
        if let bad = ulpMoves.first(where: { !$0.loss.isFinite }) {
            return ("with every entry moved by \(bad.ulps) ulp\(abs(bad.ulps) == 1 ? "" : "s")", bad.loss)
        }
        if let bad = lineMoves.first(where: { !$0.loss.isFinite }) {
            return ("at θ + \(bad.steps)·\(lineSpacing)·d (a small move along a random direction)", bad.loss)
        }
        return nil
    }

    /// max − min over the evaluations at the point: 0 for a deterministic program.
    public var repeatSpread: Double {
        let all = [loss] + repeats
        return (all.max() ?? 0) - (all.min() ?? 0)
    }

    /// σ of L(θ_k) about the straight line through them (k = −3 … 3).
    public var ulpSigma: Double {
        // Relative to L(θ) so that nothing cancels; Σk = 0, so the line is c₀ = mean, c₁ = Σky / Σk².
        let points = [(0.0, 0.0)] + ulpMoves.map { (Double($0.ulps), $0.loss - loss) }
        guard points.count > 2 else { return 0 }
        let n = Double(points.count)
        let mean = points.reduce(0) { $0 + $1.1 } / n
        let slope = points.reduce(0) { $0 + $1.0 * $1.1 } / points.reduce(0) { $0 + $1.0 * $1.0 }
        let squares = points.reduce(0.0) { sum, point in
            let residual = point.1 - mean - slope * point.0
            return sum + residual * residual
        }
        return (squares / (n - 2)).squareRoot()
    }

    /// σ of L(θ + s·η·d) about the parabola through them (s = −3 … 3).
    public var lineSigma: Double {
        let points = [(0.0, 0.0)] + lineMoves.map { (Double($0.steps), $0.loss - loss) }
        guard points.count > 3 else { return 0 }
        let n = Double(points.count)
        // s is orthogonal to 1 and s² on a symmetric grid: the slope alone, then c₀ and c₂ from
        // [n, Σs²; Σs², Σs⁴]·[c₀; c₂] = [Σy; Σs²y].
        let s2 = points.reduce(0) { $0 + $1.0 * $1.0 }
        let s4 = points.reduce(0) { $0 + $1.0 * $1.0 * $1.0 * $1.0 }
        let sy = points.reduce(0) { $0 + $1.0 * $1.1 }
        let y = points.reduce(0) { $0 + $1.1 }
        let s2y = points.reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
        let slope = sy / s2
        let determinant = n * s4 - s2 * s2
        let c0 = (y * s4 - s2 * s2y) / determinant
        let c2 = (n * s2y - s2 * y) / determinant
        let squares = points.reduce(0.0) { sum, point in
            let residual = point.1 - c0 - slope * point.0 - c2 * point.0 * point.0
            return sum + residual * residual
        }
        return (squares / (n - 3)).squareRoot()
    }

    /// One rounding of the loss in the precision: ε·max(1, |L|), the least noise assumed.
    public var floor: Double { precision.epsilon * max(1, abs(loss)) }

    /// The noise of one loss evaluation the checker assumes: max(σ_ulps, σ_line, spread, ε·max(1, |L|)).
    public var noise: Double { max(ulpSigma, lineSigma, repeatSpread, floor) }

    /// Which measurement set `noise`.
    public var noiseSource: NoiseSource {
        let largest = noise
        if largest == floor { return .floor }
        if largest == repeatSpread { return .repeats }
        return largest == ulpSigma ? .ulps : .line
    }

    public enum NoiseSource: String, Sendable {
        /// Repeated evaluations at the same point differ: the program is not deterministic.
        case repeats
        /// The rounding measured with ulp moves.
        case ulps
        /// The noise measured along the line, coarser than an ulp.
        case line
        /// ε·max(1, |L|): every measurement was smaller than one rounding of the loss.
        case floor
    }
}

/// The step, the second oracle, the tolerance and the resolution of a check of a program whose loss
/// has a measured noise: notes/check-model.md, "The rule".
///
///     relative noise   ν = noise / max(1, |L|)
///     central step     h = ν^(1/3), to one significant digit: truncation h²·L‴/6 and rounding noise/h
///                      balance for a loss whose derivatives are of the size of the loss
///                      (float64: 6e-6, float32: 5e-3)
///     Richardson step  4h: an O(h⁴) truncation, and rounding 3·noise/(4h), below the central one's
///     resolution       R = κ·noise/h per entry (central; Richardson 3κ·noise/h), κ = 4 standard
///                      deviations, plus the rounding of the analytic gradient, κ·ε·max|∂L/∂θ|
///     tolerance        the precision's: 1e-7 (float64), 1e-4 (float32)
///
/// The first oracle is the scheme asked for; an entry that fails under it is derived again by the
/// other scheme (central at h ↔ Richardson at 4h), and is called wrong only when the two oracles
/// agree with each other and not with the analytic value.
public struct NoiseRule: Sendable {
    /// κ: how many times the noise of one loss evaluation the resolution allows. The noise is a
    /// measured standard deviation (or one rounding); a central difference of two independent
    /// evaluations has the deviation noise/(√2·h), so κ = 4 puts R at 5.7 of those.
    public static let roundingUnits = 4.0
    /// The Richardson step is this many times the central step.
    public static let richardsonFactor = 4.0
    /// The largest step the rule picks (a loss noisier than ν = 1e-3 gets a coarse check, and the
    /// report says how coarse).
    public static let largestStep = 0.1

    public let noise: LossNoise
    public let scheme: DifferenceScheme
    /// The first oracle's step (relative: θ moves by h·max(1, |θ|)).
    public let step: Double
    /// The second oracle: the other real scheme.
    public let secondScheme: DifferenceScheme
    public let secondStep: Double
    public let tolerance: Double
    /// Whether the step came from the command line rather than from the rule.
    public let stepGiven: Bool

    /// The rule for `scheme` (central or Richardson), with an optional step and tolerance of the
    /// user's own.
    public init(noise: LossNoise, scheme: DifferenceScheme, step: Double? = nil, tolerance: Double? = nil) {
        precondition(scheme != .complexStep, "a program's loss is real: no complex step")
        self.noise = noise
        self.scheme = scheme
        self.tolerance = tolerance ?? noise.precision.defaultTolerance
        let central = Self.centralStep(relativeNoise: noise.noise / max(1, abs(noise.loss)))
        stepGiven = step != nil
        switch scheme {
        case .richardson:
            self.step = step ?? central * Self.richardsonFactor
            secondScheme = .central
            secondStep = self.step / Self.richardsonFactor
        default:
            self.step = step ?? central
            secondScheme = .richardson
            secondStep = self.step * Self.richardsonFactor
        }
    }

    /// h = ν^(1/3) to one significant digit, at most `largestStep`.
    public static func centralStep(relativeNoise nu: Double) -> Double {
        guard nu.isFinite, nu > 0 else { return GradientCheckDefaults.centralStep }
        return min(oneDigit(cbrt(nu)), largestStep)
    }

    /// x to one significant digit: 6.06e-6 → 6e-6, 4.92e-3 → 5e-3.
    static func oneDigit(_ x: Double) -> Double {
        var scale = 1.0
        while x * scale < 1 { scale *= 10 }
        while x * scale >= 10 { scale /= 10 }
        return (x * scale).rounded() / scale
    }

    /// κ·noise: the rounding of one loss evaluation the resolution uses.
    public var lossRounding: Double { Self.roundingUnits * noise.noise }

    /// The resolution of the first oracle for an entry with |θ| ≤ 1 (numerical side only).
    public var typicalResolution: Double { resolution(of: scheme, step: step) }

    /// The numerical resolution of `scheme` at `step` for an entry with |θ| ≤ 1: κ·noise/h for a
    /// central difference (width 2h), 3κ·noise/h for Richardson (8/3 at width h, 1/3 at width 2h).
    public func resolution(of scheme: DifferenceScheme, step: Double) -> Double {
        scheme == .richardson ? 3 * lossRounding / step : lossRounding / step
    }
}

private func cbrt(_ x: Double) -> Double { libmCbrt(x) }
