import Foundation
import OwnModel
import RNNGradCheck
import RNNGradCheckKit
import RNNGradCheckTesting
import XCTest

/// The bug the tests that call the model correct run with: none, unless the suite is built with
/// `swift test -Xswiftc -DPLANT_BUG`, which plants one to show those tests fail and what they say.
#if PLANT_BUG
    let bugUnderTest: BiasedRNN.PlantedBug? = .untransposedRecurrence
#else
    let bugUnderTest: BiasedRNN.PlantedBug? = nil
#endif

final class BiasedRNNTests: XCTestCase {
    // MARK: - The hand-derived BPTT matches numerical gradients

    func testGradients_MatchNumerical() {
        for seed: UInt64 in 1...5 {
            assertGradientsMatchNumerical(BiasedRNN.example(seed: seed, plantedBug: bugUnderTest), "seed \(seed)")
        }
    }

    func testGradients_MatchNumericalFromOneStepToLongSequences() {
        // (D, H, K, T): one unit and one step, a wide layer, a long sequence.
        for (D, H, K, T) in [(1, 1, 2, 1), (1, 1, 2, 2), (4, 6, 3, 3), (2, 3, 4, 20)] {
            let model = BiasedRNN.example(seed: 7, inputSize: D, hiddenSize: H, classes: K, steps: T, plantedBug: bugUnderTest)
            assertGradientsMatchNumerical(model, "D=\(D) H=\(H) K=\(K) T=\(T)")
        }
    }

    func testGradients_MatchTheComplexStep() {
        assertGradientsMatchNumerical(BiasedRNN.example(plantedBug: bugUnderTest), scheme: .complexStep)
    }

    // MARK: - The loss is the model's equations (known answers by hand)

    /// One step, one unit, K = 2, W_hy = [1, −1]ᵀ, b_y = 0, y = 0: o = (h, −h), so
    /// L = log(e^h + e^−h) − h = log(1 + e^(−2h)). With h = tanh(a) = (ln 3)/2, e^(−2h) = 1/3 and
    /// L = log(4/3).
    func testLoss_OneStepByHand() throws {
        let a = atanh(log(3.0) / 2)
        let model = BiasedRNN(
            Wxh: Matrix([[1]]), Whh: Matrix([[0.7]]), bh: [0], Why: Matrix([[1], [-1]]), by: [0, 0], h0: [0],
            inputs: [[a]], targets: [0])
        XCTAssertEqual(try model.loss(model.parameters), log(4.0 / 3), accuracy: 1e-15)
    }

    /// The same through h_0, W_hh and b_y alone (W_xh = 0): a = W_hh h_0 = 1·(atanh((ln 3)/2)),
    /// h = (ln 3)/2, b_y = (ln 3, 0): o = (h + ln 3, −h), L = log(1 + e^(−2h − ln 3)) = log(1 + 1/9)
    /// = log(10/9).
    func testLoss_ThroughTheInitialStateAndTheOutputBias() throws {
        let model = BiasedRNN(
            Wxh: Matrix([[0]]), Whh: Matrix([[1]]), bh: [0], Why: Matrix([[1], [-1]]), by: [log(3.0), 0], h0: [atanh(log(3.0) / 2)],
            inputs: [[5]], targets: [0])
        XCTAssertEqual(try model.loss(model.parameters), log(10.0 / 9), accuracy: 1e-15)
    }

    // MARK: - A planted bug fails, and the failure names it

    /// Each bug changes one line of the BPTT; the blocks it reaches fail, the others pass.
    func testPlantedBugs_FailTheCheckWhereTheyAct() throws {
        let reached: [BiasedRNN.PlantedBug: Set<String>] = [
            // W_hh instead of W_hhᵀ reaches everything before the output layer.
            .untransposedRecurrence: ["W_xh", "W_hh", "b_h", "h_0"],
            .initialStateIgnored: ["h_0"],
            .outputBiasLastStepOnly: ["b_y"],
        ]
        for bug in BiasedRNN.PlantedBug.allCases {
            let check = try checkGradients(of: BiasedRNN.example(plantedBug: bug))
            XCTAssertFalse(check.passed, "\(bug)")
            XCTAssertEqual(Set(check.blocks.filter { $0.verdict != .pass }.map(\.key)), reached[bug], "\(bug): \(check)")
            let worst = try XCTUnwrap(check.worst)
            XCTAssertTrue(reached[bug]!.contains(worst.block), "\(bug)")
            XCTAssertGreaterThan(worst.relativeError, 1e-7)
        }
    }

    /// The assertion the tests above use records a failure for every planted bug, naming the worst
    /// entry with its analytic and numerical values and relative error.
    func testPlantedBugs_FailTheAssertion() throws {
        for bug in BiasedRNN.PlantedBug.allCases {
            var messages: [String] = []
            let check = try XCTUnwrap(assertGradientsMatchNumerical(BiasedRNN.example(plantedBug: bug), record: { message, _, _ in messages.append(message) }))
            XCTAssertEqual(messages.count, 1, "\(bug)")
            let worst = try XCTUnwrap(check.worst)
            let first = messages.first?.components(separatedBy: "\n").first ?? ""
            XCTAssertTrue(first.hasPrefix("assertGradientsMatchNumerical failed: \(worst.label): analytic \(Format.value(worst.analytic))"), first)
            XCTAssertTrue(first.contains("relative error \(Format.error(worst.relativeError))"), first)
        }
    }
}
