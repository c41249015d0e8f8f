/// How much a program's loss wobbles at a point from rounding (or from any randomness of its own),
/// measured by asking the program: the resolution of every difference quotient follows from it.
///
/// Three measurements:
///
///     repeats:  L(θ) evaluated `repeatCount` more times; a deterministic program gives the same number
///               every time, and a spread is noise of the program's own (threads, randomness)
///     ulps:     L(θ_k) with every entry of θ moved by k units in the last place of the precision,
///               k = ±1, ±2, ±3; over so small a move L is linear in k, L(θ_k) = c₀ + c₁·k, and what
///               the line does not explain is rounding: σ² = Σ (L(θ_k) − c₀ − c₁·k)² / (7 − 2)
///     line:     L(θ + s·η·d), s = ±1 … ±5, along a fixed random unit direction d, at the scale of
///               the finite differences themselves: η = h·max(1, rms θ) with h the step the rule takes
///               for the noise known so far (first ε^(1/3), the step of a noiseless loss). A quartic
///               in s fits the smooth part; its residuals (6 degrees of freedom) show noise that moves
///               of an ulp cannot, such as a loss printed with fewer digits than its precision holds.
///               When that noise asks for a larger step, the line is measured again at that step (at
///               most `lineProbeLimit` times); when the loss does not change at all along the line, ten
///               times farther (up to the largest step). Noise looks the same at every spacing; if the residuals grow with the
///               spacing instead (see `growthLimit`), the loss is not smooth there (a kink), the line's
///               σ is not used, and `smooth` is false.
///
/// The noise the rule uses is the largest of them, and never less than one rounding of the loss:
/// noise = max(σ_ulps, σ_line, spread, ε·max(1, |L|)).
public struct LossNoise: Sendable {
    /// Evaluations along the line at one spacing.
    public struct LineProbe: Sendable {
        /// η, the length of one step along the unit direction.
        public let spacing: Double
        /// (s, L(θ + s·η·d)) for s in `lineSteps`.
        public let losses: [(steps: Int, loss: Double)]

        /// σ of the losses about the quartic through them (the point itself at s = 0): what a
        /// smooth loss cannot explain.
        public func sigma(at loss: Double) -> Double {
            let points = [(0.0, 0.0)] + losses.map { (Double($0.steps), $0.loss - loss) }
            guard points.count > 5 else { return 0 }
            // On a symmetric grid the even part (1, s², s⁴) and the odd part (s, s³) fit apart.
            func sum(_ f: (Double, Double) -> Double) -> Double { points.reduce(0) { $0 + f($1.0, $1.1) } }
            func power(_ s: Double, _ k: Int) -> Double { (0..<k).reduce(1) { product, _ in product * s } }
            let m = (0...8).map { k in sum { s, _ in power(s, k) } }  // Σ s^k
            let even = solve([[m[0], m[2], m[4]], [m[2], m[4], m[6]], [m[4], m[6], m[8]]], [0, 2, 4].map { k in sum { s, y in power(s, k) * y } })
            let odd = solve([[m[2], m[4]], [m[4], m[6]]], [1, 3].map { k in sum { s, y in power(s, k) * y } })
            let squares = sum { s, y in
                let fit = even[0] + even[1] * s * s + even[2] * power(s, 4) + odd[0] * s + odd[1] * power(s, 3)
                return (y - fit) * (y - fit)
            }
            return (squares / Double(points.count - 5)).squareRoot()
        }

        /// Every loss along the line equals the loss at the point, bit for bit.
        public func isFlat(at loss: Double) -> Bool { losses.allSatisfy { $0.loss == loss } }

        /// A small linear system by Gaussian elimination (the normal equations of the fit).
        private func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
            var a = a, b = b
            let n = b.count
            for column in 0..<n {
                let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
                a.swapAt(column, pivot)
                b.swapAt(column, pivot)
                for row in (column + 1)..<n {
                    let factor = a[row][column] / a[column][column]
                    for k in column..<n { a[row][k] -= factor * a[column][k] }
                    b[row] -= factor * b[column]
                }
            }
            var x = [Double](repeating: 0, count: n)
            for row in (0..<n).reversed() {
                var rest = b[row]
                for k in (row + 1)..<n { rest -= a[row][k] * x[k] }
                x[row] = rest / a[row][row]
            }
            return x
        }
    }

    public let precision: Precision
    /// L at the point (the first evaluation).
    public let loss: Double
    /// The further evaluations at the point.
    public let repeats: [Double]
    /// (k, L(θ_k)) for k in `ulpSteps`: every entry moved by k ulps of the precision.
    public let ulpMoves: [(ulps: Int, loss: Double)]
    /// The line, at each spacing measured.
    public let lineProbes: [LineProbe]
    /// False when the line's residuals grew with its spacing: the loss is not smooth near the point
    /// (a kink, a jump), which is no noise, and the line's σ is not used.
    public let smooth: Bool

    /// The ulp moves, k = −3 … 3 without 0 (the point itself is `loss`).
    public static let ulpSteps = [-3, -2, -1, 1, 2, 3]
    /// The moves along the line, s = −5 … 5 without 0.
    public static let lineSteps = [-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]
    /// How many more times the loss is evaluated at the point.
    public static let repeatCount = 2
    /// The most times the line is measured where the loss changes along it.
    public static let lineProbeLimit = 3
    /// The seed of the line's direction (the same direction for every program of the same size).
    public static let lineSeed: UInt64 = 0x6E6F_6973_65  // "noise"

    public init(
        precision: Precision, loss: Double, repeats: [Double], ulpMoves: [(ulps: Int, loss: Double)], lineProbes: [LineProbe],
        smooth: Bool = true
    ) {
        self.precision = precision
        self.loss = loss
        self.repeats = repeats
        self.ulpMoves = ulpMoves
        self.lineProbes = lineProbes
        self.smooth = smooth
    }

    /// Loss evaluations the measurement took.
    public var evaluations: Int { 1 + repeats.count + ulpMoves.count + lineProbes.reduce(0) { $0 + $1.losses.count } }

    /// Measures the noise of `objective` at `values` (flat per block).
    public static func measure(values: [[Double]], precision: Precision, objective: ([[Double]]) -> Double) -> LossNoise {
        let loss = objective(values)
        let repeats = (0..<repeatCount).map { _ in objective(values) }
        let ulpMoves = ulpSteps.map { k in
            (ulps: k, loss: objective(values.map { block in block.map { precision.stepped($0, ulps: k) } }))
        }
        let direction = EntrySample(blockSizes: values.map(\.count), perBlock: 1, seed: lineSeed).direction
        let count = values.reduce(0) { $0 + $1.count }
        let scale = max(1, (values.joined().reduce(0) { $0 + $1 * $1 } / Double(max(count, 1))).squareRoot())
        var probes: [LineProbe] = []
        var step = NoiseRule.centralStep(relativeNoise: precision.epsilon)
        while true {
            let spacing = step * scale
            let losses = lineSteps.map { s in
                (steps: s, loss: objective(zip(values, direction).map { block, d in
                    zip(block, d).map { precision.rounded($0 + Double(s) * spacing * $1) }
                }))
            }
            let probe = LineProbe(spacing: spacing, losses: losses)
            probes.append(probe)
            let noise = LossNoise(precision: precision, loss: loss, repeats: repeats, ulpMoves: ulpMoves, lineProbes: probes)
            guard noise.isFinite else { return noise }
            // Not one change along the line: the loss moves in steps coarser than these (a loss
            // printed with few digits). Look ten times farther, up to the largest step.
            if probe.isFlat(at: loss) {
                guard step * 10 <= NoiseRule.largestStep * 1.0000001 else { return noise }
                step *= 10
                continue
            }
            guard probes.filter({ !$0.isFlat(at: loss) }).count < lineProbeLimit else { return noise }
            // Noise looks the same at every spacing; a kink's residual grows with it (in proportion).
            if probes.count > 1, !probes[probes.count - 2].isFlat(at: loss) {
                let previous = probes[probes.count - 2]
                let growth = probe.sigma(at: loss) / max(previous.sigma(at: loss), noise.floor)
                if growth > max(growthLimit, pow(spacing / previous.spacing, 0.75)) {
                    return LossNoise(precision: precision, loss: loss, repeats: repeats, ulpMoves: ulpMoves, lineProbes: probes, smooth: false)
                }
            }
            // Measured at the step the rule now takes (or one close to it): done.
            let next = NoiseRule.centralStep(relativeNoise: noise.noise / max(1, abs(loss)))
            if next <= 1.5 * step { return noise }
            step = next
        }
    }

    /// The line's σ counts as noise unless, at a larger spacing, it grows more than this many times,
    /// or more than (spacing ratio)^(3/4) times: a kink's residual grows in proportion to the spacing
    /// (exponent 1), noise does not grow (0), and a loss rounded coarsely grows only until its steps are
    /// resolved. Two estimates of one σ with 6 degrees of freedom differ by 3 times with probability
    /// below 1 %.
    public static let growthLimit = 3.0

    /// Every evaluation was finite.
    public var isFinite: Bool { firstNonFinite == nil }

    /// The first non-finite evaluation: "at the point", "with every entry moved by 2 ulps", ….
    public var firstNonFinite: (where: String, value: Double)? {
        if !loss.isFinite { return ("at the point", loss) }
        if let bad = repeats.first(where: { !$0.isFinite }) { return ("at the point (evaluated again)", bad) }
        if let bad = ulpMoves.first(where: { !$0.loss.isFinite }) {
            return ("with every entry moved by \(bad.ulps) ulp\(abs(bad.ulps) == 1 ? "" : "s")", bad.loss)
        }
        for probe in lineProbes {
            if let bad = probe.losses.first(where: { !$0.loss.isFinite }) {
                return ("at θ + \(bad.steps)·\(probe.spacing)·d (a small move along a random direction)", bad.loss)
            }
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

    /// The largest σ along the line, over the spacings measured (0 when the loss is not smooth: what
    /// the line shows is then not noise).
    public var lineSigma: Double { smooth ? lineProbes.map { $0.sigma(at: loss) }.max() ?? 0 : 0 }

    /// The spacing of the last line measurement.
    public var lineSpacing: Double { lineProbes.last?.spacing ?? 0 }

    /// The loss did not change at all along the line, up to the largest step: it is constant along
    /// the direction, or rounded more coarsely than any step can resolve.
    public var flat: Bool { !lineProbes.isEmpty && lineProbes.allSatisfy { $0.isFlat(at: loss) } }

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
private func pow(_ x: Double, _ y: Double) -> Double { libmExp(y * libmLog(x)) }
