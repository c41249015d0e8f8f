import XCTest

@testable import RNNGradCheck

/// The step-size sweep draws the V of a central difference (truncation error left, rounding right)
/// with its bottom near the default step; a wrong gradient has no V.
final class StepSizeSweepTests: XCTestCase {
    private func sweep(
        _ problem: any NotationProblem, analytic: [[Double]]? = nil, schemes: [DifferenceScheme] = DifferenceScheme.allCases
    ) throws -> StepSizeSweep {
        try XCTUnwrap(StepSizeSweep.run(
            problem, analytic: analytic ?? problem.gradientBlocks(truncation: problem.truncation).map(\.values), schemes: schemes))
    }

    /// The classroom wildml network: smooth (tanh, softmax), loss of order 10.
    func testCentralDifferences_VBottomWithinTenfoldOfTheDefaultStep() throws {
        let result = try sweep(NotationRegistry.named("wildml")!.random(seed: 1))
        let central = result.points(.central)
        XCTAssertEqual(central.map(\.step).count, 23)
        let bottom = try XCTUnwrap(result.minimum(.central))
        let h = GradientCheckDefaults.centralStep
        XCTAssert((h / 10...h * 10).contains(bottom.step), "the V's bottom is at h = \(bottom.step)")
        // Left arm: truncation error ∝ h², a factor 100 per decade.
        let coarse = try XCTUnwrap(central.first { $0.step == 1e-1 }), finer = try XCTUnwrap(central.first { abs($0.step - 1e-2) < 1e-17 })
        assertClose(coarse.worstError / finer.worstError, 100, relative: 0.1)
        // Right arm: rounding error ∝ 1/h, far above the bottom at h = 1e-12.
        XCTAssertGreaterThan(try XCTUnwrap(central.last).worstError, 1e4 * bottom.worstError)
        // Richardson: an h⁴ left arm (10⁴ per decade) and a bottom near its own default.
        let richardson = result.points(.richardson)
        assertClose(richardson[0].worstError / richardson[2].worstError, 1e4, relative: 0.1)
        let richardsonBottom = try XCTUnwrap(result.minimum(.richardson)).step
        XCTAssert((1e-4...1e-2).contains(richardsonBottom), "Richardson's bottom is at h = \(richardsonBottom)")
        // The complex step has no rounding arm: exact to rounding from h = 1e-8 down to 1e-20.
        for point in result.points(.complexStep) where point.step <= 1e-8 { XCTAssertLessThan(point.worstError, 1e-13, "h = \(point.step)") }
        XCTAssertEqual(result.chosenSteps[.central], h)
    }

    /// Every notation's V has its bottom within a factor 10 of the default step.
    func testEveryNotation_HasItsBottomNearTheDefaultStep() throws {
        for notation in NotationRegistry.all {
            let bottom = try XCTUnwrap(sweep(notation.random(seed: 2), schemes: [.central]).minimum(.central)).step
            XCTAssert((1e-6...1e-4).contains(bottom), "\(notation.name): bottom at h = \(bottom)")
        }
    }

    /// A wrong gradient has no V: no step brings it within the tolerance.
    func testWrongGradient_NoStepMakesItPass() throws {
        let bug = try XCTUnwrap(NotationRegistry.bug(named: "wildml/missing-tanh-derivative"))
        let problem = bug.classroomProblem(seed: 1)
        let result = try sweep(problem, analytic: try XCTUnwrap(bug.gradients(of: problem)))
        for point in result.points { XCTAssertGreaterThan(point.worstError, 1e-3, "\(point.scheme) h = \(point.step)") }
    }

    func testTruncatedProblem_IsSweptAgainstTheTruncatedObjective() throws {
        let problem = NotationRegistry.named("denominator-layout")!.random(seed: 1, truncation: 2)
        XCTAssertLessThan(try XCTUnwrap(sweep(problem, schemes: [.central]).minimum(.central)).worstError, 1e-7)
    }
}

/// Truncation bias against τ: zero for the output weights, rounding alone at τ = T − 1, and the same as
/// the numerical gradient of the truncated objective says.
final class TruncationBiasTests: XCTestCase {
    func testBias_MatchesTheTruncatedObjectiveAndVanishesAtFullBPTT() throws {
        for notation in NotationRegistry.all {
            let problem = notation.random(seed: 3)
            let bias = try XCTUnwrap(TruncationBias.measure(problem), notation.name)
            XCTAssertEqual(bias.rows.map(\.truncation), Array(0..<problem.steps))
            XCTAssertEqual(bias.source, notation.truncationName == nil ? .numerical : .analytic, notation.name)
            for deviation in bias.rows.last!.blocks { XCTAssertLessThan(deviation.relativeNorm, 1e-13, "\(notation.name) \(deviation.symbol)") }
            // Output-layer blocks have no earlier-step terms: no bias at any τ.
            let outputBlocks = notation.name == "wildml" ? ["V"] : notation.name == "denominator-layout" ? ["W_out"]
                : notation.name == "index-wise" ? ["W", "theta_k"] : ["Why", "by"]
            for row in bias.rows {
                for deviation in row.blocks where outputBlocks.contains(deviation.key) {
                    XCTAssertLessThan(deviation.relativeNorm, 1e-13, "\(notation.name) \(deviation.symbol) τ=\(row.truncation)")
                }
            }
            // τ = 0 drops every earlier step: a real deviation in the recurrent blocks.
            XCTAssertGreaterThan(bias.rows[0].blocks.map(\.relativeNorm).max()!, 1e-3, notation.name)
            // The analytic truncated BPTT and the complex step of the truncated objective agree on the bias.
            var full = problem
            full.truncation = nil
            let exact = NumericalDifferentiation.gradient(of: full, scheme: .complexStep)
            for row in bias.rows {
                let truncated = NumericalDifferentiation.truncatedGradient(of: full, truncation: row.truncation, scheme: .complexStep)
                for (index, deviation) in row.blocks.enumerated() {
                    let independent = TruncationBias.deviation(full.parameterBlocks[index], truncated: truncated.blocks[index], exact: exact.blocks[index])
                    assertClose(deviation.relativeNorm, independent.relativeNorm, relative: 1e-6, floor: 1e-7, "\(notation.name) \(deviation.symbol) τ=\(row.truncation)")
                }
            }
        }
    }
}
