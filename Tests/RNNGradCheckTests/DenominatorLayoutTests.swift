import XCTest

@testable import RNNGradCheck

/// DenominatorLayout (seed 002, part 2): the hand-worked example of notes/denominator-layout.md.
final class DenominatorLayoutTests: XCTestCase {
    /// notes/denominator-layout.md, "Hand-worked example": K = 2, H = 1, T = 2. Expected numbers from
    /// notes/hand/denominator_layout_hand_case.py (mpmath, 40 digits), independent of this package.
    static let handCase = DenominatorLayout.Problem(
        parameters: .init(WIn: Matrix([[-0.7, 0.2]]), WRec: Matrix([[0.9]]), WOut: Matrix([[0.3], [1.1]])),
        x: [1, 1], y: [0, 1])

    func testHandDerivedCase_MatchesNote() {
        let p = Self.handCase
        let pass = p.parameters.forward(p.x, p.y)
        assertClose(pass.s[0][0], 0.2, relative: 1e-15)
        assertClose(pass.h[0][0], 0.19737532022490400, relative: 1e-14)
        assertClose(pass.s[1][0], 0.37763778820241360, relative: 1e-14)
        assertClose(pass.h[1][0], 0.36065426523781433, relative: 1e-14)
        assertClose(pass.yHat[0].storage, [0.46060674961882458, 0.53939325038117542], relative: 1e-14)
        assertClose(pass.yHat[1].storage, [0.42836539858016589, 0.57163460141983411], relative: 1e-14)
        assertClose(pass.E, [0.77521063773239394, 0.55925530043414062], relative: 1e-14)
        assertClose(p.loss(), 1.3344659381665346, relative: 1e-14)

        let g = p.parameters.bptt(p.x, p.y)
        XCTAssertEqual(g.dEdWIn[0, 0], 0, "column 0 of W_in: word 0 never occurs")
        assertClose(g.dEdWIn[0, 1], -0.14126736756339489, relative: 1e-13)
        assertClose(g.dEdWRec.storage, [-0.058841099248130506], relative: 1e-13)
        assertClose(g.dEdWOut.storage, [0.048028892557096882, -0.048028892557096882], relative: 1e-13)
    }

    /// The δ_k^(t) table of the example: δ_0^(0), δ_0^(1), δ_1^(1) (D8, D9), recomputed from the
    /// forward pass with the document's recursion.
    func testHandDerivedCase_DeltaTableMatchesNote() {
        let p = Self.handCase.parameters
        let pass = p.forward(Self.handCase.x, Self.handCase.y)
        var r = pass.yHat
        for t in 0..<2 { r[t][Self.handCase.y[t]] -= 1 }
        assertClose(r[0].storage, [-0.53939325038117542, 0.53939325038117542], relative: 1e-14)
        let h = pass.h
        let delta00 = p.WOut.T.dot(r[0]) .* (1 - h[0] .* h[0])
        let delta11 = p.WOut.T.dot(r[1]) .* (1 - h[1] .* h[1])
        let delta01 = p.WRec.T.dot(delta11) .* (1 - h[0] .* h[0])
        assertClose(delta00[0], 0.41470407867049139, relative: 1e-13)
        assertClose(delta11[0], -0.29811781524195941, relative: 1e-13)
        assertClose(delta01[0], -0.25785363099192687, relative: 1e-13)
    }

    func testHandDerivedCase_PassesTheChecker() {
        XCTAssert(GradientChecker.check(Self.handCase).passed)
    }
}
