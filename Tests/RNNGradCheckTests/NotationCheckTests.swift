import XCTest

@testable import RNNGradCheck

/// Every notation's hand-derived BPTT against numerical gradients on the 60 random networks of
/// `RandomNetwork.all` (T = 1, H = 1 and saturated weights among them), and its truncated BPTT
/// against the numerical gradient of the truncated objective.
final class NotationCheckTests: XCTestCase {
    func testWildmlBPTT_MatchesNumericalGradientsOn60RandomNetworks() {
        assertMatchesNumericalGradients { Wildml.Problem.random(size: $0.size, seed: $0.seed, weightScale: $0.weightScale) }
    }

    func testDenominatorLayoutBPTT_MatchesNumericalGradientsOn60RandomNetworks() {
        assertMatchesNumericalGradients { DenominatorLayout.Problem.random(size: $0.size, seed: $0.seed, weightScale: $0.weightScale) }
    }

    func testIndexWiseBPTT_MatchesNumericalGradientsOn60RandomNetworks() {
        assertMatchesNumericalGradients { IndexWise.Problem.random(size: $0.size, seed: $0.seed, weightScale: $0.weightScale) }
    }

    func testIndexWiseWithSoftmaxOutput_MatchesNumericalGradientsOn60RandomNetworks() {
        assertMatchesNumericalGradients {
            IndexWise.Problem.random(size: $0.size, seed: $0.seed, weightScale: $0.weightScale, g: .softmax)
        }
    }

    func testWildmlTruncatedBPTT_MatchesTheTruncatedObjective() {
        assertTruncationBehaves { Wildml.Problem.random(size: $0, seed: $1) }
    }

    func testDenominatorLayoutTruncatedBPTT_MatchesTheTruncatedObjective() {
        assertTruncationBehaves { DenominatorLayout.Problem.random(size: $0, seed: $1) }
    }

    func testIndexWiseUnfoldingDepth_MatchesTheTruncatedObjective() {
        assertTruncationBehaves { IndexWise.Problem.random(size: $0, seed: $1) }
    }

    func testTruncationOfTMinusOneOrMore_IsFullBPTT() {
        let p = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 5), seed: 4)
        for tau in [4, 5, 100, Int.max] {
            XCTAssertEqual(gradientBlocks(p, truncation: tau), gradientBlocks(p), "τ = \(tau)")
        }
        XCTAssertNotEqual(gradientBlocks(p, truncation: 3), gradientBlocks(p))
    }

    // MARK: - Helpers

    private func assertMatchesNumericalGradients<P: BPTTProblem>(
        file: StaticString = #filePath, line: UInt = #line, _ make: (RandomNetwork) -> P
    ) {
        var checked = 0
        for network in RandomNetwork.all {
            let problem = make(network)
            let central = GradientChecker.check(problem)
            XCTAssert(central.passed, "central differences, \(network): \(central.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })", file: file, line: line)
            if !network.saturated {
                // At ordinary weights central differences agree on their own, within the floor.
                XCTAssertNil(central.reexamination, "\(network) needed the complex step", file: file, line: line)
            }
            for block in central.blocks {
                XCTAssertLessThan(block.maxRelativeError, 1e-7, "\(block.symbol), \(network)", file: file, line: line)
            }
            // The complex step has no truncation error: the gradients agree to rounding.
            let exact = GradientChecker.check(problem, settings: CheckSettings(scheme: .complexStep, tolerance: 1e-12))
            XCTAssert(exact.passed, "complex step, \(network): \(exact.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })", file: file, line: line)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 50, file: file, line: line)
    }

    private func assertTruncationBehaves<P: BPTTProblem>(
        file: StaticString = #filePath, line: UInt = #line, _ make: (NetworkSize, UInt64) -> P
    ) {
        for seed in UInt64(1)...4 {
            let problem = make(NetworkSize(vocabulary: 5, hidden: 3, steps: 6, inputs: 2, outputs: 2), seed)
            for tau in 0...4 {
                let check = GradientChecker.checkTruncated(problem, truncation: tau)
                XCTAssert(check.passed, "seed \(seed), τ = \(tau): \(check.truncated.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })", file: file, line: line)
                // Truncation really changes the gradient: some block deviates from ∂E/∂θ by more than
                // the tolerance (through sigmoid units the error of 5 steps back is already ~1e-5).
                XCTAssert(
                    check.deviationFromTrueGradient.contains { $0.maxRelativeError > 1e-6 },
                    "seed \(seed), τ = \(tau): truncated BPTT equals the full gradient", file: file, line: line)
                // Off-by-one truncation is not the truncated objective's gradient.
                let offByOne = GradientChecker.checkTruncated(
                    problem, truncation: tau, analytic: problem.bpttGradients(truncation: tau + 1))
                XCTAssertFalse(offByOne.truncated.passed, "seed \(seed): τ+1 = \(tau + 1) passed as τ = \(tau)", file: file, line: line)
            }
        }
    }
}
