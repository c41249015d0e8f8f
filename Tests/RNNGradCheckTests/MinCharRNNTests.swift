import XCTest

@testable import RNNGradCheck

/// MinCharRNN (min-char-rnn.py's lossFun): the hand-worked example of notes/min-char-rnn.md, random
/// networks against numerical gradients, the script's clipping, and the correspondence with wildml.
final class MinCharRNNTests: XCTestCase {
    /// notes/min-char-rnn.md, "Hand-worked example": K = 2, H = 1, T = 2, the text "aba". The expected
    /// numbers are the note's, computed by notes/hand/min_char_rnn_hand_case.py (mpmath, 40 digits)
    /// from the formulas written out by hand, independently of this package.
    static let handCase = MinCharRNN.Problem(
        model: MinCharRNN.Model(
            Wxh: Matrix([[0.5, -0.3]]), Whh: Matrix([[0.4]]), Why: Matrix([[0.8], [-0.6]]), bh: [0.1], by: [0.2, -0.1]),
        inputs: [0, 1], targets: [1, 0])

    func testHandDerivedCase_MatchesNote() {
        let p = Self.handCase
        let (loss, g, hLast) = p.model.lossFun(p.inputs, p.targets, p.hprev)
        assertClose(loss, 1.8970226955508543, relative: 1e-14)
        assertClose(p.loss(), 1.8970226955508543, relative: 1e-14)
        assertClose(hLast.storage, [0.014818741948503193], relative: 1e-14)
        assertClose(g.dWxh.storage, [0.57080087321188674, -0.58856217857328457], relative: 1e-13)
        assertClose(g.dWhh.storage, [-0.31608706315420280], relative: 1e-13)
        assertClose(g.dWhy.storage, [0.39179434886900673, -0.39179434886900673], relative: 1e-13)
        assertClose(g.dbh.storage, [-0.017761305361397825], relative: 1e-12)
        assertClose(g.dby.storage, [0.32063981796669300, -0.32063981796669300], relative: 1e-13)
    }

    func testLossFun_MatchesNumericalGradientsOn60RandomNetworks() {
        var checked = 0
        for network in RandomNetwork.all {
            let problem = MinCharRNN.random(
                sizes: ["K": network.size.vocabulary, "H": network.size.hidden, "T": network.size.steps], seed: network.seed,
                weightScale: network.weightScale, options: [:])
            let central = GradientChecker.check(problem)
            XCTAssert(central.passed, "central differences, \(network): \(central.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })")
            let exact = GradientChecker.check(problem, settings: CheckSettings(scheme: .complexStep, tolerance: 1e-12))
            XCTAssert(exact.passed, "complex step, \(network): \(exact.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })")
            checked += 1
        }
        XCTAssertEqual(checked, 60)
    }

    /// The script's data: targets are the inputs shifted by one character.
    func testRandomText_TargetsAreTheNextCharacters() {
        let p = MinCharRNN.random(sizes: ["K": 5, "H": 3, "T": 9], seed: 7, weightScale: 1, options: [:])
        XCTAssertEqual(Array(p.inputs.dropFirst()), Array(p.targets.dropLast()))
        XCTAssertEqual(p.steps, 9)
    }

    /// hprev, the state carried over from the previous chunk, is data: the gradient with a nonzero hprev
    /// still matches the numerical one, and differs from the one from hprev = 0.
    func testNonzeroHprev_IsDifferentiatedThrough() {
        let base = MinCharRNN.random(sizes: ["K": 4, "H": 3, "T": 5], seed: 3, weightScale: 1, options: [:])
        let carried = MinCharRNN.Problem(model: base.model, inputs: base.inputs, targets: base.targets, hprev: [0.3, -0.2, 0.5])
        XCTAssert(GradientChecker.check(carried).passed)
        XCTAssertNotEqual(carried.bpttGradients(truncation: nil).dWhh, base.bpttGradients(truncation: nil).dWhh)
    }

    func testClip_CutsAtFiveAndKeepsSmallerEntries() {
        let g = MinCharRNN.Gradients(
            dWxh: Matrix([[6, -7.5, 0.25]]), dWhh: Matrix([[5]]), dWhy: Matrix([[-5.0000001], [1], [2]]), dbh: [-9], dby: [4.9, 0, -0.1])
        let clipped = MinCharRNN.clip(g)
        XCTAssertEqual(clipped.dWxh.storage, [5, -5, 0.25])
        XCTAssertEqual(clipped.dWhh.storage, [5])
        XCTAssertEqual(clipped.dWhy.storage, [-5, 1, 2])
        XCTAssertEqual(clipped.dbh.storage, [-5])
        XCTAssertEqual(clipped.dby.storage, [4.9, 0, -0.1])
    }

    /// With both biases zero, min-char-rnn is the wildml network: Wxh ≡ U, Whh ≡ W, Why ≡ V.
    func testWithZeroBiases_EqualsWildml() throws {
        for network in RandomNetwork.all.prefix(30) {
            let problem = MinCharRNN.random(
                sizes: ["K": network.size.vocabulary, "H": network.size.hidden, "T": network.size.steps], seed: network.seed,
                weightScale: network.weightScale, options: [:])
            let check = try XCTUnwrap(Equivalence.check(problem, in: AnyNotation(MinCharRNN.self), correspondence: MinCharRNN.correspondences[0]))
            XCTAssert(check.passed, "\(network): \(check.largestDifference)")
            XCTAssertEqual(check.pairs.map(\.second), ["U", "W", "V"])
        }
    }

    /// Planted: with the biases left in, the two are different networks and the comparison fails.
    func testWithBiases_DiffersFromWildml() throws {
        let problem = MinCharRNN.random(sizes: ["K": 5, "H": 3, "T": 4], seed: 2, weightScale: 1, options: [:])
        let wildml = try XCTUnwrap(Equivalence.translate(
            problem, from: AnyNotation(MinCharRNN.self), to: AnyNotation(Wildml.self), by: MinCharRNN.correspondences[0]) as? Wildml.Problem<Double>)
        XCTAssertGreaterThan(abs(wildml.loss() - problem.loss()), 1e-3)
    }

    /// The script's clipping kept before a check is a false "bug": the check fails exactly at the entries
    /// whose true gradient exceeds ±5, and on a short text, where none does, it changes nothing.
    func testClippingBeforeTheCheck_FailsExactlyWhereTheGradientExceedsFive() throws {
        let bug = try XCTUnwrap(MinCharRNN.bugs.first { $0.id == "min-char-rnn/clipped-before-check" })
        let problem = bug.classroomProblem(1)
        let truth = problem.bpttGradients(truncation: nil)
        let check = bug.check(on: problem)
        XCTAssertFalse(check.passed)
        for (index, block) in MinCharRNN.Problem<Double>.blocks.enumerated() {
            let values = truth[keyPath: block.gradient]
            let comparison = check.blocks[index]
            for entry in values.indices {
                let beyond = abs(values[entry]) > 5
                XCTAssertEqual(comparison.relativeErrors[entry] > comparison.tolerance, beyond, "\(comparison.label(ofEntry: entry)) = \(values[entry])")
            }
        }
        let short = MinCharRNN.classroom(1)
        XCTAssertEqual(bug.gradients(short), short.bpttGradients(truncation: nil))
    }

    /// The script has no truncation: a problem always poses full BPTT.
    func testTruncation_IsAlwaysFullBPTT() {
        var p = Self.handCase
        p.truncation = 0
        XCTAssertNil(p.truncation)
        XCTAssert(p.gradientImplementation(truncation: nil).isLiteral)
    }
}
