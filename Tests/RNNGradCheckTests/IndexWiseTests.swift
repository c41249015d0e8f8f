import XCTest

@testable import RNNGradCheck

/// IndexWise (seed 001): the hand-worked example of notes/index-wise.md.
final class IndexWiseTests: XCTestCase {
    /// notes/index-wise.md, "Hand-worked example": N = M = O = 1, T = 2. Expected numbers from
    /// notes/hand/index_wise_hand_case.py (mpmath, 40 digits), independent of this package.
    static let handCase = IndexWise.Problem(
        network: .init(v: Matrix([[0.5]]), u: Matrix([[-0.4]]), w: Matrix([[0.7]]), thetaJ: [0.1], thetaK: [-0.2]),
        x: [[1.0], [-0.5]], d: [[0.9], [0.1]])

    func testHandDerivedCase_MatchesNote() {
        let p = Self.handCase
        let pass = p.network.forward(p.x)
        assertClose(pass.netJ.map { $0[0] }, [0.6, -0.40826252249031818], relative: 1e-14)
        assertClose(pass.s[0][0], 0.64565630622579545, relative: 1e-14)
        assertClose(pass.s[1][0], 0.39932880874599186, relative: 1e-14)
        assertClose(pass.netK.map { $0[0] }, [0.25195941435805682, 0.079530166122194305], relative: 1e-14)
        assertClose(pass.y.map { $0[0] }, [0.56265872063863378, 0.51987206832017960], relative: 1e-14)
        assertClose(p.loss(), 0.14504584625831445, relative: 1e-14)

        let g = p.network.bptt(p.x, p.d)
        assertClose(g.dCdV.storage, [-0.023702908269335441], relative: 1e-13)
        assertClose(g.dCdU.storage, [0.011361543193078947], relative: 1e-13)
        assertClose(g.dCdW.storage, [-0.011745955906164883], relative: 1e-13)
        assertClose(g.dCdThetaJ.storage, [0.0026924271828028889], relative: 1e-13)
        assertClose(g.dCdThetaK.storage, [0.021791330886893698], relative: 1e-13)
    }

    /// Unfolding depth 0: only ∂C/∂V and ∂C/∂θ_j change (notes/index-wise.md).
    func testHandDerivedCase_DepthZero_MatchesNote() {
        let g = Self.handCase.network.bptt(Self.handCase.x, Self.handCase.d, unfoldingDepth: 0)
        assertClose(g.dCdV.storage, [-0.022092551796531135], relative: 1e-13)
        assertClose(g.dCdU.storage, [0.011361543193078947], relative: 1e-13)
        assertClose(g.dCdW.storage, [-0.011745955906164883], relative: 1e-13)
        assertClose(g.dCdThetaJ.storage, [0.0043027836556071947], relative: 1e-13)
        assertClose(g.dCdThetaK.storage, [0.021791330886893698], relative: 1e-13)
    }

    func testHandDerivedCase_PassesTheChecker() {
        XCTAssert(GradientChecker.check(Self.handCase).passed)
    }

    func testGradients_HaveTheTrueGradientSign() {
        // A step against the reported gradient lowers C (the document's δ is −∂C/∂net; the package
        // reports ∂C/∂θ).
        let p = IndexWise.Problem.random(size: .classroom, seed: 8)
        let g = p.bpttGradients(truncation: nil)
        var stepped = p
        for block in IndexWise.Problem<Double>.blocks {
            let gradient = g[keyPath: block.gradient]
            for i in gradient.indices { stepped[keyPath: block.values][i] -= 1e-3 * gradient[i] }
        }
        XCTAssertLessThan(stepped.loss(), p.loss())
    }
}
