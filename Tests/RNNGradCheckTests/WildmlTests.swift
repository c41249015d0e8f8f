import XCTest

@testable import RNNGradCheck

/// Wildml (seed 000): the hand-worked example of notes/wildml.md and the port's own behaviour.
final class WildmlTests: XCTestCase {
    /// notes/wildml.md, "Hand-worked example": K = 2, H = 1, T = 2. The expected numbers are the
    /// note's, computed by notes/hand/wildml_hand_case.py (mpmath, 40 digits) from the formulas
    /// written out by hand, independently of this package.
    static let handCase = Wildml.Problem(
        rnn: Wildml.RNN(U: Matrix([[0.5, -0.3]]), V: Matrix([[0.8], [-0.6]]), W: Matrix([[0.4]]), bpttTruncate: 2),
        x: [0, 1], y: [1, 0])

    func testHandDerivedCase_MatchesNote() {
        let p = Self.handCase
        let (o, s) = p.rnn.forwardPropagation(p.x)
        assertClose(s[0][0], 0.46211715726000976, relative: 1e-14)
        assertClose(s[1][0], -0.11464683612699173, relative: 1e-14)
        XCTAssertEqual(s[-1].storage, [0])
        assertClose(o[0].storage, [0.65632598580475552, 0.34367401419524448], relative: 1e-14)
        assertClose(o[1].storage, [0.45995953081097185, 0.54004046918902815], relative: 1e-14)
        assertClose(p.loss(), 1.8446784739172998, relative: 1e-14)

        let g = p.rnn.bptt(p.x, p.y)
        assertClose(g.dLdU.storage, [0.48791903900108402, -0.74611912601499377], relative: 1e-13)
        assertClose(g.dLdV.storage, [0.36521342996902537, -0.36521342996902537], relative: 1e-13)
        assertClose(g.dLdW.storage, [-0.34479444949137191], relative: 1e-13)
    }

    /// The same example with bptt_truncate = 0: only ∂E/∂U[0,0] changes (notes/wildml.md).
    func testHandDerivedCase_TruncatedToZero_MatchesNote() {
        var rnn = Self.handCase.rnn
        rnn.bpttTruncate = 0
        let g = rnn.bptt(Self.handCase.x, Self.handCase.y)
        assertClose(g.dLdU.storage, [0.72263251707188840, -0.74611912601499377], relative: 1e-13)
        assertClose(g.dLdV.storage, [0.36521342996902537, -0.36521342996902537], relative: 1e-13)
        assertClose(g.dLdW.storage, [-0.34479444949137191], relative: 1e-13)
    }

    func testHandDerivedCase_PassesTheChecker() {
        XCTAssert(GradientChecker.check(Self.handCase).passed)
    }

    func testBPTT_DoesNotTouchUColumnsOfAbsentWords() {
        // Only words 0 and 1 occur in x: the other columns of U never enter the forward pass, so
        // their gradient is exactly 0, analytically and numerically.
        let p = Wildml.Problem(
            rnn: Wildml.Problem.random(size: NetworkSize(vocabulary: 8, hidden: 3, steps: 4), seed: 2).rnn,
            x: [0, 1, 1, 0], y: [7, 2, 3, 4])
        let g = p.rnn.bptt(p.x, p.y)
        for column in 2..<8 { XCTAssertEqual(g.dLdU[column: column].storage, [0, 0, 0], "column \(column)") }
        let numerical = NumericalDifferentiation.gradient(of: p)
        XCTAssertEqual(Array(numerical.blocks[0][2..<8]), Array(repeating: 0, count: 6), "numerically 0 too, bit for bit")
    }

    func testForwardPropagationAndLoss_AreTheSameForwardPass() {
        let p = Wildml.Problem.random(size: .classroom, seed: 3)
        let (o, _) = p.rnn.forwardPropagation(p.x)
        let fromOutputs = zip(o, p.y).reduce(0.0) { $0 - Foundation.log($1.0[$1.1]) }
        assertClose(p.loss(), fromOutputs, relative: 1e-14)
        var untied = 0.0
        for t in 0..<p.steps { untied += p.outputLoss(t) { _ in p } }
        assertClose(untied, p.loss(), relative: 1e-14)
    }
}
