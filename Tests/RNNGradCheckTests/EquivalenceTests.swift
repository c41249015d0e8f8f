import XCTest

@testable import RNNGradCheck

final class EquivalenceTests: XCTestCase {
    /// The same network in U/V/W and in W_in/W_rec/W_out: one loss, one gradient (≤ 1e-12 relative).
    func testWildmlAndDenominatorLayout_AgreeOnTheSameNetworks() {
        for network in RandomNetwork.all {
            let wildml = Wildml.Problem.random(size: network.size, seed: network.seed, weightScale: network.weightScale)
            for truncation in [nil, 0, 1] as [Int?] {
                var truncated = wildml
                truncated.truncation = truncation
                let equivalence = Equivalence.check(truncated, in: AnyNotation(Wildml.self), correspondence: DenominatorLayout.correspondences[0])!
                XCTAssert(equivalence.passed, "\(network), τ = \(String(describing: truncation)): \(equivalence.largestDifference)")
                XCTAssertLessThanOrEqual(equivalence.largestDifference, 1e-12)
            }
        }
    }

    /// The correspondence works in both directions: from the denominator-layout side too.
    func testCorrespondence_TranslatesBothWays() {
        let wildml = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 3)
        let denominator = DenominatorLayout.Problem(wildml: wildml)
        XCTAssertEqual(denominator.parameters.WIn, wildml.rnn.U)
        XCTAssertEqual(denominator.parameters.WRec, wildml.rnn.W)
        XCTAssertEqual(denominator.parameters.WOut, wildml.rnn.V)
        let back = Equivalence.translate(
            denominator, from: AnyNotation(DenominatorLayout.self), to: AnyNotation(Wildml.self), by: DenominatorLayout.correspondences[0])
        XCTAssertEqual((back as? Wildml.Problem<Double>)?.rnn.W, wildml.rnn.W)
        let check = Equivalence.check(denominator, in: AnyNotation(DenominatorLayout.self), correspondence: DenominatorLayout.correspondences[0])!
        XCTAssertEqual(check.notations.first, "denominator-layout")
        XCTAssertEqual(check.pairs.map(\.second), ["U", "W", "V"])
        XCTAssert(check.passed)
    }

    func testEquivalence_FailsWhenTheMappingIsWrong() {
        // Swapping roles (W_in ← U but W_rec ← Uᵀ-shaped nonsense is impossible; use V for W_out
        // and W for W_rec with W transposed): a transposed W_rec is another network.
        let wildml = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 2)
        var transposed = wildml.rnn.W
        for i in 0..<3 { for j in 0..<3 { transposed[i, j] = wildml.rnn.W[j, i] } }
        var other = wildml
        other.rnn.W = transposed
        let a = wildml.bpttGradients(truncation: nil)
        let b = DenominatorLayout.Problem(wildml: other).bpttGradients(truncation: nil)
        XCTAssertGreaterThan(Equivalence.relativeDifference(a.dLdU.storage, b.dEdWIn.storage), 1e-3)
    }

    /// Planted: a correspondence that pairs the wrong blocks (possible when K = H) must fail the check.
    func testEquivalenceCheck_FailsForAWrongCorrespondence() {
        let wildml = Wildml.Problem.random(size: NetworkSize(vocabulary: 3, hidden: 3, steps: 4), seed: 5)
        let wrong = Correspondence(notation: "denominator-layout", other: "wildml", blocks: [("W_in", "W"), ("W_rec", "U"), ("W_out", "V")])
        let check = Equivalence.check(wildml, in: AnyNotation(Wildml.self), correspondence: wrong)!
        XCTAssertFalse(check.passed)
        XCTAssertGreaterThan(check.largestDifference, 1e-3)
    }

    func testRelativeDifference_IsNaNForNonFiniteEntries() {
        XCTAssert(Equivalence.relativeDifference([1, .nan], [1, 2]).isNaN)
        XCTAssert(Equivalence.relativeDifference([1, 2], [1, .infinity]).isNaN)
        XCTAssertEqual(Equivalence.relativeDifference([0, 0], [0, 0]), 0)
    }
}
