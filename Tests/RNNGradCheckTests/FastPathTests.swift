import XCTest

@testable import RNNGradCheck

/// The fast paths beside the literal code: the one-sweep BPTT (equal to the literal BPTT to rounding)
/// and the perturbed-loss evaluator of the checker (equal to `loss()` bit for bit).
final class FastPathTests: XCTestCase {
    func testOneSweep_EqualsTheLiteralBPTT() {
        for network in RandomNetwork.all {
            let problem = Wildml.Problem.random(size: network.size, seed: network.seed, weightScale: network.weightScale)
            let literal = problem.bpttGradients(truncation: nil)
            let (loss, sweep) = problem.rnn.oneSweep(problem.x, problem.y)
            assertClose(loss, problem.loss(), relative: 1e-14, "\(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdU.storage, sweep.dLdU.storage), 1e-13, "U, \(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdV.storage, sweep.dLdV.storage), 1e-13, "V, \(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdW.storage, sweep.dLdW.storage), 1e-13, "W, \(network)")
        }
    }

    func testOneSweep_ReusesItsBuffersWithoutCarryingAnythingOver() {
        let a = Wildml.Problem.random(size: NetworkSize(vocabulary: 7, hidden: 3, steps: 5), seed: 1)
        let b = Wildml.Problem.random(size: NetworkSize(vocabulary: 7, hidden: 3, steps: 5), seed: 2)
        var workspace = Wildml.Workspace(vocabulary: 7, hidden: 3, steps: 5)
        var gradients = Wildml.Gradients.zeros(vocabulary: 7, hidden: 3)
        _ = a.rnn.oneSweep(a.x, a.y, into: &gradients, workspace: &workspace)
        let lossB = b.rnn.oneSweep(b.x, b.y, into: &gradients, workspace: &workspace)
        let fresh = b.rnn.oneSweep(b.x, b.y)
        XCTAssertEqual(lossB, fresh.loss)
        XCTAssertEqual(gradients, fresh.gradients)
    }

    func testOneSweep_IsNotTruncatedBPTT() {
        // The comparison above can fail: the sweep is full BPTT, not the τ = 1 gradient.
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 6), seed: 3)
        let truncated = problem.bpttGradients(truncation: 1)
        XCTAssertGreaterThan(Equivalence.relativeDifference(truncated.dLdW.storage, problem.rnn.oneSweep(problem.x, problem.y).gradients.dLdW.storage), 1e-3)
    }

    /// Every entry of every block, at θ ± h and at an arbitrary value: the evaluator's loss is the
    /// plain forward pass's, to the last bit.
    func testPerturbedLosses_EqualThePlainForwardPassBitForBit() {
        let cases: [(NetworkSize, [Int]?)] = [
            (NetworkSize(vocabulary: 9, hidden: 4, steps: 7), nil),
            (NetworkSize(vocabulary: 2, hidden: 1, steps: 1), nil),
            (NetworkSize(vocabulary: 6, hidden: 3, steps: 5), [0, 0, 2, 0, 2]),  // words 1, 3, 4, 5 absent
        ]
        for (size, tokens) in cases {
            var problem = Wildml.Problem.random(size: size, seed: 4, weightScale: 2)
            if let tokens { problem = Wildml.Problem(rnn: problem.rnn, x: tokens, y: tokens.reversed()) }
            let evaluator = problem.perturbedLossEvaluator()
            for (b, block) in Wildml.Problem<Double>.blocks.enumerated() {
                for entry in problem[keyPath: block.values].indices {
                    let theta = problem[keyPath: block.values][entry]
                    for value in [theta + 1e-5, theta - 1e-5, 0.7] {
                        var perturbed = problem
                        perturbed[keyPath: block.values][entry] = value
                        XCTAssertEqual(evaluator.loss(block: b, entry: entry, value: value), perturbed.loss(), "\(block.symbol)[\(entry)] = \(value)")
                    }
                }
            }
            // And nothing sticks: the unperturbed loss afterwards.
            XCTAssertEqual(evaluator.loss(block: 1, entry: 0, value: problem.rnn.V.storage[0]), problem.loss())
        }
    }

    func testNumericalGradient_IsTheSameThroughTheFastPath() {
        let problem = Wildml.Problem.random(size: .classroom, seed: 8)
        let fast = NumericalDifferentiation.gradient(of: problem)
        let plain = NumericalDifferentiation.gradient(of: problem, exploitingStructure: false)
        XCTAssertEqual(fast.blocks, plain.blocks)
        XCTAssertEqual(fast.numericalRounding, plain.numericalRounding)
    }
}

/// Long sequences: past their limits the notations hand full BPTT to the equivalent fast paths, with
/// the same numbers.
final class LongSequenceTests: XCTestCase {
    func testLongDenominatorLayoutProblems_UseTheEquivalentComputationAndAgree() {
        // T(T+1)/2 · H above the table limit: 2000 steps with H = 9 is 18 million entries.
        let size = NetworkSize(vocabulary: 6, hidden: 9, steps: 2000)
        XCTAssertGreaterThan(size.steps * (size.steps + 1) / 2 * size.hidden, DenominatorLayout.Problem<Double>.literalTableLimit)
        let problem = DenominatorLayout.Problem.random(size: size, seed: 3)
        let wildml = Wildml.Problem.random(size: size, seed: 3)
        let full = problem.bpttGradients(truncation: nil)
        let sweep = wildml.rnn.oneSweep(wildml.x, wildml.y).gradients
        XCTAssertEqual(full.dEdWIn, sweep.dLdU)
        XCTAssertEqual(full.dEdWRec, sweep.dLdW)
        let truncated = problem.bpttGradients(truncation: 3)
        XCTAssertEqual(truncated.dEdWIn, wildml.bpttGradients(truncation: 3).dLdU)
        // And the complex step agrees with it on a few entries (a check of the whole chain).
        let exact = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep, entries: [[0, 7], [10], [0]])
        for (block, entries) in [(0, [0, 7]), (1, [10]), (2, [0])] {
            let analytic = DenominatorLayout.Problem<Double>.blocks[block].gradient
            for entry in entries {
                assertClose(full[keyPath: analytic][entry], exact.blocks[block][entry], relative: 1e-9, floor: 1e-12)
            }
        }
    }
}
