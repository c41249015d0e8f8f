import XCTest

@testable import RNNGradCheck

/// The pieces `check-model` is built from, on objectives whose derivatives are known by hand: the
/// precision's rounding, the measured loss noise and the rule that turns it into a step and a
/// resolution, the two-oracle verdict, the sampled entries and the random direction.
final class NoiseRuleTests: XCTestCase {
    /// L = Σ_i c_i·(sin θ_i + θ_i²/2), c_i = i + 1: ∂L/∂θ_i = c_i·(cos θ_i + θ_i).
    private func smoothLoss(_ values: [[Double]]) -> Double {
        var loss = 0.0
        for (i, theta) in values.joined().enumerated() { loss += Double(i + 1) * (sin(theta) + theta * theta / 2) }
        return loss
    }

    private func smoothGradient(_ values: [[Double]]) -> [[Double]] {
        var i = 0
        return values.map { block in
            block.map { theta in
                i += 1
                return Double(i) * (cos(theta) + theta)
            }
        }
    }

    private let point: [[Double]] = [[0.75], [0.5, -1.25, 2.0], [0.3, -0.7, 1.1, 0.2]]

    // MARK: - Precision

    func testPrecision_RoundsAndStepsLikeFloat32() {
        XCTAssertEqual(Precision.float32.rounded(0.1), 0.100000001490116119384765625)  // the float32 nearest 0.1
        XCTAssertEqual(Precision.float64.rounded(0.1), 0.1)
        XCTAssertEqual(Precision.float32.stepped(1, ulps: 1), 1 + 0x1p-23)
        XCTAssertEqual(Precision.float32.stepped(1, ulps: -2), 1 - 2 * 0x1p-24)
        XCTAssertEqual(Precision.float64.stepped(1, ulps: 3), 1 + 3 * 0x1p-52)
        XCTAssertEqual(Precision.float32.epsilon, 0x1p-23)
        XCTAssertEqual(Precision.float32.rounded(1e39), .infinity, "beyond float32's range")
        XCTAssert(Precision.float32.represents(0.5) && !Precision.float32.represents(0.1))
    }

    // MARK: - Loss noise

    func testLossNoise_OfASmoothDoubleLossIsOneRounding() {
        let noise = LossNoise.measure(values: point, precision: .float64, objective: smoothLoss)
        XCTAssertEqual(noise.loss, smoothLoss(point))
        XCTAssertEqual(noise.repeatSpread, 0)
        // σ of a sum of a few libm values is a few ε·|L|; the floor, ε·max(1, |L|), bounds it below.
        XCTAssertLessThan(noise.ulpSigma, 8 * noise.floor)
        XCTAssertLessThan(noise.lineSigma, 8 * noise.floor)
        XCTAssertGreaterThanOrEqual(noise.noise, noise.floor)
        assertClose(noise.floor, Double.ulpOfOne * abs(smoothLoss(point)), relative: 1e-15)
        XCTAssertEqual(noise.evaluations, 19, "1 + 2 repeats + 6 ulp moves + 10 along the line, once")
        XCTAssertEqual(noise.lineProbes.count, 1)
        // h = 6e-6 times the rms of the point: Σθ² = 8.205 over 8 entries.
        assertClose(noise.lineSpacing, 6e-6 * (8.205 / 8).squareRoot(), relative: 1e-12)
    }

    func testLossNoise_SeesALossPrintedWithTooFewDigits() {
        // The loss rounded to 1e-5 (absolute), as "%.6g" prints a loss of about 25: a uniform rounding
        // error of standard deviation 1e-5/√12 ≈ 2.9e-6, far above one rounding of a double. Moves
        // of an ulp do not cross a 1e-5 step. Along the line at h = 6e-6 the loss moves by about
        // |∇L·d|·6.6e-6 per step and does; the noise then asks for h ≈ (2.9e-6/25)^(1/3) ≈ 5e-3, and
        // the line is measured again there.
        let coarse = { (values: [[Double]]) -> Double in (self.smoothLoss(values) * 1e5).rounded() / 1e5 }
        let noise = LossNoise.measure(values: point, precision: .float64, objective: coarse)
        XCTAssertEqual(noise.noiseSource, .line)
        XCTAssertEqual(noise.ulpSigma, 0)
        XCTAssertGreaterThan(noise.noise, 1e-6)
        XCTAssertLessThan(noise.noise, 1e-5)
        XCTAssertEqual(noise.lineProbes.count, 2)
        let rule = NoiseRule(noise: noise, scheme: .central)
        XCTAssertGreaterThanOrEqual(rule.step, 3e-3)
        XCTAssertLessThanOrEqual(rule.step, 6e-3)
        // And with that step a central difference of the coarse loss is within R of the true derivative.
        let gradient = NumericalDifferentiation.differences(
            values: point, scheme: .central, step: rule.step, entries: nil, lossScale: noise.loss, lossRounding: rule.lossRounding
        ) { block, entry, value in
            var moved = self.point
            moved[block][entry] = value
            return coarse(moved)
        }
        for (b, block) in smoothGradient(point).enumerated() {
            for (i, exact) in block.enumerated() {
                XCTAssertLessThanOrEqual(abs(gradient.blocks[b][i] - exact), gradient.numericalRounding[b][i], "b\(b)[\(i)]")
            }
        }
    }

    func testLossNoise_LooksFartherWhenTheLossDoesNotMoveAtAll() {
        // The loss rounded to 1e-2 (as "%.4g" prints 24.8): along the line at 6e-6 and 6e-5 it does
        // not change at all; ten times farther it does, and its σ is about 1e-2/√12 ≈ 2.9e-3.
        let coarse = { (values: [[Double]]) -> Double in (self.smoothLoss(values) * 1e2).rounded() / 1e2 }
        let noise = LossNoise.measure(values: point, precision: .float64, objective: coarse)
        XCTAssert(noise.lineProbes[0].isFlat(at: noise.loss))
        XCTAssertFalse(noise.flat)
        XCTAssertEqual(noise.noiseSource, .line)
        XCTAssertGreaterThan(noise.noise, 1e-3)
        XCTAssertLessThan(noise.noise, 1e-2)
        // A loss that never changes stays flat up to the largest step (6e-6 · 10⁴ = 0.06, the last
        // step below 0.1), and says so.
        let constant = LossNoise.measure(values: point, precision: .float64) { _ in 3.0 }
        XCTAssert(constant.flat)
        XCTAssertEqual(constant.lineProbes.count, 5)
        assertClose(constant.lineSpacing, 6e-2 * (8.205 / 8).squareRoot(), relative: 1e-9)
    }

    func testLossNoise_DoesNotTakeAKinkForNoise() {
        // L = |θ₀ − 1e-5| + the smooth loss of the other entries, at θ₀ = 0: smooth within 1e-5 of the
        // point. The line at h = 6e-6 spans ±3e-5·rms and crosses the kink; its residual asks for a
        // larger step, where it is a thousand times larger: that is no noise.
        let kinked = { (values: [[Double]]) -> Double in
            var rest = values
            rest[0][0] = 0
            return abs(values[0][0] - 1e-5) + self.smoothLoss(rest)
        }
        var at = point
        at[0][0] = 0
        let noise = LossNoise.measure(values: at, precision: .float64, objective: kinked)
        XCTAssertFalse(noise.smooth)
        XCTAssertEqual(noise.lineProbes.count, 2)
        XCTAssertGreaterThan(noise.lineProbes[1].sigma(at: noise.loss), 100 * noise.lineProbes[0].sigma(at: noise.loss))
        XCTAssertEqual(noise.lineSigma, 0)
        XCTAssertEqual(noise.noise, noise.floor)
        XCTAssertEqual(NoiseRule(noise: noise, scheme: .central).step, 6e-6, "the step of a smooth loss: close enough to see the kink's side")
    }

    func testLossNoise_SeesAProgramThatIsNotDeterministic() {
        var generator = SeededGenerator(seed: 4)
        let noisy = { (values: [[Double]]) -> Double in self.smoothLoss(values) + 1e-9 * generator.uniform(-1, 1) }
        let noise = LossNoise.measure(values: point, precision: .float64, objective: noisy)
        XCTAssertGreaterThan(noise.repeatSpread, 0)
        XCTAssertGreaterThan(noise.noise, 1e-10)
        XCTAssertLessThan(noise.noise, 4e-9)
    }

    func testLossNoise_NamesTheFirstNonFiniteEvaluation() {
        var calls = 0
        let breaksLater = { (values: [[Double]]) -> Double in
            calls += 1
            return calls == 5 ? .nan : self.smoothLoss(values)
        }
        // Evaluation 5: the point, two repeats, then −3 and −2 ulps.
        let noise = LossNoise.measure(values: point, precision: .float64, objective: breaksLater)
        XCTAssertFalse(noise.isFinite)
        XCTAssertEqual(noise.firstNonFinite?.where, "with every entry moved by -2 ulps")
    }

    // MARK: - The rule

    func testNoiseRule_StepsFromTheNoise() {
        // h = ν^(1/3) to one digit: float64 (2⁻⁵²)^(1/3) = 6.06e-6 → 6e-6; float32 (2⁻²³)^(1/3) =
        // 4.92e-3 → 5e-3; Richardson 4h.
        func noise(_ precision: Precision) -> LossNoise {
            LossNoise(precision: precision, loss: 0.5, repeats: [0.5, 0.5], ulpMoves: [], lineProbes: [])
        }
        let float64 = NoiseRule(noise: noise(.float64), scheme: .central)
        XCTAssertEqual(float64.step, 6e-6)
        XCTAssertEqual(float64.secondScheme, .richardson)
        XCTAssertEqual(float64.secondStep, 2.4e-5)
        XCTAssertEqual(float64.tolerance, 1e-7)
        let float32 = NoiseRule(noise: noise(.float32), scheme: .central)
        XCTAssertEqual(float32.step, 5e-3)
        XCTAssertEqual(float32.tolerance, 1e-4)
        // R = κ·noise/h = 4·2⁻²³/5e-3 ≈ 9.5e-5 for a loss below 1.
        assertClose(float32.typicalResolution, 4 * 0x1p-23 / 5e-3, relative: 1e-12)
        let richardson = NoiseRule(noise: noise(.float32), scheme: .richardson)
        XCTAssertEqual(richardson.step, 0.02)
        XCTAssertEqual(richardson.secondScheme, .central)
        XCTAssertEqual(richardson.secondStep, 5e-3)
        let given = NoiseRule(noise: noise(.float32), scheme: .central, step: 1e-2, tolerance: 1e-3)
        XCTAssertEqual(given.step, 1e-2)
        XCTAssertEqual(given.tolerance, 1e-3)
        XCTAssert(given.stepGiven)
        XCTAssertEqual(NoiseRule.centralStep(relativeNoise: 1), NoiseRule.largestStep, "a loss that is all noise gets the largest step")
    }

    // MARK: - Finite differences at float32 points

    func testDifferences_SendOnlyFloat32PointsAndDivideByTheirWidth() {
        // f(θ) = θ² read at float32 points: (θ⁺² − θ⁻²)/(θ⁺ − θ⁻) = θ⁺ + θ⁻ exactly, which is 2θ to
        // within the rounding of θ ± h to float32 (2⁻²⁴·|θ ± h|).
        var seen: [Double] = []
        let gradient = NumericalDifferentiation.differences(
            values: [[0.1]], scheme: .central, step: 5e-3, entries: nil, lossScale: 0.01, unitRoundoff: Precision.float32.epsilon,
            pointPrecision: .float32
        ) { _, _, value in
            seen.append(value)
            return value * value
        }
        XCTAssert(seen.allSatisfy { Double(Float($0)) == $0 }, "\(seen)")
        assertClose(gradient.blocks[0][0], 0.2, relative: 2e-7)
    }

    func testDifferences_TakeAMeasuredLossRounding() {
        let gradient = NumericalDifferentiation.differences(
            values: [[0.5]], scheme: .central, step: 1e-3, entries: nil, lossScale: 1, lossRounding: 1e-6
        ) { _, _, value in value }
        // R = 2·lossRounding / width = 2e-6 / 2e-3.
        assertClose(gradient.numericalRounding[0][0], 1e-3, relative: 1e-9)
    }

    // MARK: - Two oracles

    func testOracleAgreement_TellsWrongFromUnresolved() {
        // R = 1e-6 for both, tolerance 1e-7.
        func outcome(_ a: Double, _ first: Double, _ second: Double) -> OracleAgreement.Outcome {
            OracleAgreement.outcome(analytic: a, first: first, firstResolution: 1e-6, second: second, secondResolution: 1e-6, tolerance: 1e-7)
        }
        XCTAssertEqual(outcome(1, 1.1, 1.1), .wrong, "both oracles say 1.1")
        XCTAssertEqual(outcome(1, 1.1, 1 + 5e-7), .firstOracleInaccurate, "the second agrees with the gradient")
        XCTAssertEqual(outcome(1, 1.1, 1.2), .unresolved, "the oracles disagree with each other")
        XCTAssertEqual(outcome(1, 1 + 3e-6, 1 + 3e-6 + 1.5e-6), .wrong, "the oracles agree within R₁ + R₂")
    }

    func testSecondOracle_RescuesAnInaccurateFirstOneAndConfirmsAWrongGradient() {
        // A step of 0.3 makes central differences of sin inaccurate (truncation h²/6·|cos| ≈ 1e-2
        // relative); Richardson at 4·0.3 = 1.2 is no better, so use a tiny step for the second.
        let blocks = point.enumerated().map { NamedBlock(key: "b\($0)", symbol: "b\($0)", shape: .vector(count: $1.count), values: $1) }
        let exact = smoothGradient(point)
        func run(_ analytic: [[Double]]) -> GradientCheck {
            GradientChecker.check(
                parameters: blocks, analytic: analytic, loss: smoothLoss(point),
                settings: CheckSettings(scheme: .central, step: 0.3, tolerance: 1e-7), reexaminingWith: .richardson
            ) { scheme, entries in
                NumericalDifferentiation.differences(
                    values: self.point, scheme: scheme, step: scheme == .central ? 0.3 : 1e-3, entries: entries,
                    lossScale: self.smoothLoss(self.point)
                ) { block, entry, value in
                    var moved = self.point
                    moved[block][entry] = value
                    return self.smoothLoss(moved)
                }
            }.check
        }
        let right = run(exact)
        XCTAssert(right.passed)
        XCTAssertEqual(right.reexamination?.count, 8, "every entry failed under the coarse central difference")
        XCTAssert(right.oracleAgreements.allSatisfy { $0.outcome == .firstOracleInaccurate })

        var wrong = exact
        wrong[1][2] *= 2
        let caught = run(wrong)
        XCTAssertFalse(caught.passed)
        let disputed = caught.oracleAgreements.filter { $0.outcome != .firstOracleInaccurate }
        // The coarse central difference is off by ~1e-2 relative, the gradient by 100 %: the oracles
        // disagree with each other by more than their resolutions, so the entry is unresolved, not wrong.
        XCTAssertEqual(disputed.map { caught.blocks[$0.block].label(ofEntry: $0.entry) }, ["b1[2]"])
        XCTAssertEqual(disputed.first?.outcome, .unresolved)
    }

    // MARK: - Sampled entries and a random direction

    func testEntrySample_IsSeededSortedAndUnit() {
        let sample = EntrySample(blockSizes: [1, 5, 40], perBlock: 3, seed: 7)
        XCTAssertEqual(sample, EntrySample(blockSizes: [1, 5, 40], perBlock: 3, seed: 7))
        XCTAssertNotEqual(sample.entries, EntrySample(blockSizes: [1, 5, 40], perBlock: 3, seed: 8).entries)
        XCTAssertEqual(sample.entries.map(\.count), [1, 3, 3])
        for (entries, size) in zip(sample.entries, [1, 5, 40]) {
            XCTAssertEqual(entries, entries.sorted())
            XCTAssertEqual(Set(entries).count, entries.count)
            XCTAssert(entries.allSatisfy { (0..<size).contains($0) })
        }
        XCTAssertEqual(sample.checkedCount, 7)
        XCTAssertEqual(sample.totalCount, 46)
        assertClose(sample.direction.joined().reduce(0) { $0 + $1 * $1 }, 1, relative: 1e-12)
    }

    func testSampledCheck_ComparesOnlyTheChosenEntries() {
        let blocks = point.enumerated().map { NamedBlock(key: "b\($0)", symbol: "b\($0)", shape: .vector(count: $1.count), values: $1) }
        let sample = EntrySample(blockSizes: point.map(\.count), perBlock: 2, seed: 1)
        let inside = sample.entries[2][0]
        let outside = (0..<4).first { !sample.entries[2].contains($0) }!
        func run(nudging entry: Int) -> GradientCheck {
            var analytic = smoothGradient(point)
            analytic[2][entry] *= 1 + 1e-3
            return GradientChecker.check(
                parameters: blocks, analytic: analytic, loss: smoothLoss(point), settings: CheckSettings(), entries: sample.entries,
                reexaminingWith: nil
            ) { scheme, entries in
                NumericalDifferentiation.differences(
                    values: self.point, scheme: scheme, step: 1e-5, entries: entries, lossScale: self.smoothLoss(self.point)
                ) { block, entry, value in
                    var moved = self.point
                    moved[block][entry] = value
                    return self.smoothLoss(moved)
                }
            }.check
        }
        let missed = run(nudging: outside)
        XCTAssert(missed.passed, "an entry outside the sample is not compared (its numerical value is NaN)")
        XCTAssertEqual(missed.blocks.map(\.checkedCount), [1, 2, 2])
        let found = run(nudging: inside)
        XCTAssertFalse(found.passed)
        XCTAssertEqual(found.blocks[2].worstEntry, inside)
    }

    func testDirectionalDerivative_AgreesWithTheGradientAndNotWithAWrongOne() {
        let direction = EntrySample(blockSizes: point.map(\.count), perBlock: 1, seed: 3).direction
        for precision in Precision.allCases {
            for scheme in [DifferenceScheme.central, .richardson] {
                let step = precision == .float64 ? 1e-5 : 5e-3
                let rounding = 4 * precision.epsilon * abs(smoothLoss(point))
                func along(_ gradient: [[Double]]) -> DirectionalDerivative {
                    NumericalDifferentiation.directional(
                        values: point, direction: direction, gradient: gradient, scheme: scheme, step: step, lossRounding: rounding,
                        unitRoundoff: precision.epsilon, pointPrecision: precision
                    ) { values in
                        // A float32 program: its loss rounded to float32.
                        precision.rounded(self.smoothLoss(values))
                    }
                }
                let tolerance = precision.defaultTolerance * (scheme == .central && precision == .float32 ? 10 : 1)
                let right = along(smoothGradient(point))
                XCTAssert(right.agrees(tolerance: tolerance), "\(precision) \(scheme): \(right)")
                // Exactly ∇L·d for the float64 points, to the truncation of the scheme.
                if precision == .float64 {
                    let expected = zip(smoothGradient(point).joined(), direction.joined()).reduce(0) { $0 + $1.0 * $1.1 }
                    assertClose(right.analytic, expected, relative: 1e-9)
                }
                var wrong = smoothGradient(point)
                wrong[1] = wrong[1].map { $0 * 2 }
                XCTAssertFalse(along(wrong).agrees(tolerance: tolerance), "\(precision) \(scheme)")
            }
        }
    }
}
