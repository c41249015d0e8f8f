import XCTest

@testable import RNNGradCheck

/// Exploding gradients: the complex step's own error must never make a correct gradient "wrong".
///
/// The family: wildml with U = [[0, 0]], V = [[0.5], [−0.5]], W = [[w]], inputs all 0 and targets
/// alternating 0, 1. Every state is 0, and ∂E/∂U[0,0] = Σ_t ±0.5 Σ_{k≤t} w^(t−k), about 5e18 for
/// w = 10 and T = 20. With h = 1e-20 the imaginary part grows to w^T·h and tanh(i·y) = i·tan(y) is no
/// longer linear: the single complex step gives 5.0737e18 where the truth is 5.0505e18.
final class ExplodingGradientTests: XCTestCase {
    static func problem(w: Double, steps T: Int) -> Wildml.Problem<Double> {
        Wildml.Problem(
            rnn: Wildml.RNN(U: Matrix([[0, 0]]), V: Matrix([[0.5], [-0.5]]), W: Matrix([[w]]), bpttTruncate: T),
            x: Array(repeating: 0, count: T), y: (0..<T).map { $0 % 2 })
    }

    static let family: [(w: Double, steps: Int)] = [10, 100, 1e3, 1e4, 1e5, 1e6].flatMap { w in [5, 10, 20, 35, 50].map { (w, $0) } }

    /// The true gradient, by hand: δ at step k from output t is 0.5·(±1)·w^(t−k) (all states 0).
    static func trueGradient(w: Double, steps T: Int) -> Double {
        var sum = 0.0
        for t in 0..<T {
            // ŷ_t = (½, ½), y_t alternates: V_t·(ŷ − y) = 0.5·(ŷ₀ − y₀) − 0.5·(ŷ₁ − y₁) = ±0.5.
            let sign: Double = t % 2 == 0 ? -1 : 1
            var power = 1.0
            for _ in 0...t { sum += 0.5 * sign * power; power *= w }
        }
        return sum
    }

    func testTheReportedFalseAlarm_Passes() {
        let p = Self.problem(w: 10, steps: 20)
        let analytic = p.bpttGradients(truncation: nil).dLdU[0, 0]
        assertClose(analytic, Self.trueGradient(w: 10, steps: 20), relative: 1e-14)
        assertClose(analytic, 5.0505050505050505e18, relative: 1e-12)
        let check = GradientChecker.check(p)
        XCTAssert(check.passed, "\(check.blocks.map { "\($0.symbol) \($0.verdict) \($0.maxRelativeError)" })")
        let reexamination = try? XCTUnwrap(check.reexamination)
        XCTAssertGreaterThanOrEqual(reexamination?.steps.count ?? 0, 2, "the complex step was taken at two steps")
    }

    /// Planted: the single complex step at 1e-20 alone is off here; the check that trusts it would
    /// have called the correct gradient wrong.
    func testTheSingleComplexStep_IsOffOnThisFixture() {
        let p = Self.problem(w: 10, steps: 20)
        let single = NumericalDifferentiation.gradient(of: p, scheme: .complexStep, step: 1e-20, entries: [[0], [], []])
        XCTAssertGreaterThan(abs(single.blocks[0][0] / 5.0505050505050505e18 - 1), 1e-3)
    }

    /// W from 10 to 1e6, T from 5 to 50: a correct BPTT passes or is unresolved, never wrong.
    func testCorrectBPTT_IsNeverWrongOnTheFamily() {
        var verdicts: [Verdict: Int] = [:]
        for (w, T) in Self.family {
            let check = GradientChecker.check(Self.problem(w: w, steps: T))
            for block in check.blocks {
                verdicts[block.verdict, default: 0] += 1
                XCTAssertNotEqual(block.verdict, .fail, "w = \(w), T = \(T): \(block.symbol) called wrong (\(block.maxRelativeError))")
            }
        }
        XCTAssertGreaterThan(verdicts[.pass, default: 0], verdicts[.unresolved, default: 0], "\(verdicts)")
    }

    /// Every catalogued wildml bug that changes the gradient on a fixture of the family is caught there
    /// (on the fixtures where the correct gradient is settled, not unresolved).
    func testCatalogBugs_AreStillCaughtOnTheFamily() {
        var caught = 0
        for (w, T) in Self.family {
            let p = Self.problem(w: w, steps: T)
            guard GradientChecker.check(p).passed else { continue }
            let right = p.bpttGradients(truncation: nil)
            for bug in Wildml.bugs {
                let wrong = bug.gradients(p)
                let differs = Wildml.Problem<Double>.blocks.contains { block in
                    Equivalence.relativeDifference(right[keyPath: block.gradient], wrong[keyPath: block.gradient]) > 1e-6
                }
                guard differs else { continue }
                let check = bug.check(on: p)
                XCTAssertFalse(check.passed, "\(bug.id), w = \(w), T = \(T): not caught")
                XCTAssert(check.blocks.contains { $0.verdict == .fail }, "\(bug.id), w = \(w), T = \(T): only unresolved")
                caught += 1
            }
        }
        XCTAssertGreaterThan(caught, 20)
    }
}
