import XCTest

@testable import RNNGradCheck

/// Step attribution: every notation's own BPTT agrees at every output and lag, and each catalogued bug
/// parts first at the step its changed line is on.
final class StepAttributionTests: XCTestCase {
    func testOwnBPTT_AgreesAtEveryOutputAndLag() throws {
        for notation in NotationRegistry.all {
            for truncation in notation.truncationName == nil ? [nil] : [nil, 2] as [Int?] {
                let problem = notation.random(seed: 5, truncation: truncation)
                let attribution = try XCTUnwrap(StepAttribution.attributeOwnBPTT(problem), notation.name)
                let label = "\(notation.name), τ = \(truncation.map(String.init) ?? "full")"
                XCTAssert(attribution.agrees, "\(label): parts at \(String(describing: attribution.firstParting))")
                let T = problem.steps
                if notation.truncationName == nil {
                    XCTAssertEqual(attribution.resolution, .outputs, label)
                    XCTAssertEqual(attribution.cells.map(\.output), Array(0..<T), label)
                } else {
                    XCTAssertEqual(attribution.resolution, .lags, label)
                    // Lags 0 … min(t, τ) for each output t: nothing beyond the truncation is split.
                    XCTAssertEqual(attribution.cells.count, (0..<T).map { min($0, truncation ?? $0) + 1 }.reduce(0, +), label)
                    XCTAssertEqual(attribution.largestLag, truncation ?? T - 1, label)
                }
            }
        }
    }

    /// The first step each bug breaks, read off its changed line (the column "first broken step" of
    /// `rnn-gradcheck bugs`). Lag 0 is the output's own step: the first δ, the output weights and
    /// their outer products. Lag 1 is the first use of the δ recursion. At the `outputs` resolution
    /// (min-char-rnn, no truncation) output 0 reaches only its own step.
    static let knownFirstBrokenSteps: [(id: String, lag: Int?, output: Int, blocks: [String])] = [
        // The first δ lacks (1 − s_t²): wrong at every output's own step.
        ("wildml/missing-tanh-derivative", 0, 0, ["U", "W"]),
        // Only the recursion W9 lacks the slope: lag 0 is right, lag 1 wrong.
        ("wildml/missing-tanh-derivative-through-time", 1, 1, ["U", "W"]),
        // s[bptt_step] in dLdW already at bptt_step = t: lag 0, W only (s_t ≠ s_{t−1} even at t = 0).
        ("wildml/current-state-in-dLdW", 0, 0, ["W"]),
        // (1 − s_k²) in the recursion: lag 0 never uses it.
        ("wildml/derivative-at-current-state", 1, 1, ["U", "W"]),
        // The inner loop visits bptt_step = t only: lag 1 gets nothing.
        ("wildml/no-propagation-through-time", 1, 1, ["U", "W"]),
        // W instead of Wᵀ in the recursion.
        ("wildml/W-instead-of-W-transpose", 1, 1, ["U", "W"]),
        // s_{k−1} ⊗ δ at lag 0; at output 0 both products are 0 (s_{−1} = 0), so it shows from output 1.
        ("wildml/transposed-outer-product", 0, 1, ["W"]),
        // dLdU[:, x[t]]: right at lag 0 (x[t] is x[bptt_step]), wrong from lag 1.
        ("wildml/input-of-output-step", 1, 1, ["U"]),
        // delta_o without −1: every block at lag 0.
        ("wildml/target-not-subtracted", 0, 0, ["U", "V", "W"]),
        // dLdV overwritten: only output 0's V term survives, so output 1's is missing at lag 0.
        ("wildml/dLdV-overwritten", 0, 1, ["V"]),
        // ÷T: a prefix of one step divides by 1 (output 0 is right), two steps by 2.
        ("wildml/averaged-loss", 0, 1, ["U", "V", "W"]),
        // Truncation τ runs τ − 1 steps back: with τ = 0 the loop is empty (lag 0 of output t ≥ 1).
        ("wildml/truncation-one-step-short", 0, 1, ["U", "W"]),
        // Truncation τ runs τ + 1 steps back: with τ = 0 lag 1 leaks into lag 0 from output 1 on.
        ("wildml/truncation-one-step-long", 0, 1, ["U", "W"]),
        // s[-1] is the last state, not 0: output 0's lag 0 (step 0) multiplies it into dLdW.
        ("wildml/python-negative-index", 0, 0, ["W"]),
        ("denominator-layout/missing-tanh-derivative", 0, 0, ["W_in", "W_rec"]),
        ("denominator-layout/current-hidden-in-dEdWrec", 0, 0, ["W_rec"]),
        // δ_k^(k) in place of the recursion: lag 0 is δ_t^(t) itself, right.
        ("denominator-layout/dropped-superscript", 1, 1, ["W_in", "W_rec"]),
        ("denominator-layout/W-rec-not-transposed", 1, 1, ["W_in", "W_rec"]),
        ("denominator-layout/sum-over-t-only", 1, 1, ["W_in", "W_rec"]),
        ("denominator-layout/input-of-output-step", 1, 1, ["W_in"]),
        ("denominator-layout/derivative-at-next-step", 1, 1, ["W_in", "W_rec"]),
        // g′ at the wrong place, or none, in δ_k (I7): every block at lag 0.
        ("index-wise/derivative-at-output", 0, 0, ["V", "U", "W", "theta_j", "theta_k"]),
        ("index-wise/missing-output-derivative", 0, 0, ["V", "U", "W", "theta_j", "theta_k"]),
        ("index-wise/no-output-bias-gradient", 0, 0, ["theta_k"]),
        ("index-wise/no-hidden-bias-gradient", 0, 0, ["theta_j"]),
        ("index-wise/document-delta-as-gradient", 0, 0, ["V", "U", "W", "theta_j", "theta_k"]),
        ("index-wise/current-state-in-dCdU", 0, 0, ["U"]),
        ("index-wise/softmax-jacobian-diagonal", 0, 0, ["V", "U", "W", "theta_j", "theta_k"]),
        // The unfolding (I12) is missing or wrong: lag 0 right, lag 1 wrong.
        ("index-wise/no-unfolding", 1, 1, ["V", "U", "theta_j"]),
        ("index-wise/u-not-transposed", 1, 1, ["V", "U", "theta_j"]),
        ("index-wise/missing-hidden-derivative-through-time", 1, 1, ["V", "U", "theta_j"]),
        // min-char-rnn: outputs only.
        ("min-char-rnn/target-not-subtracted", nil, 0, ["Wxh", "Why", "bh", "by"]),
        ("min-char-rnn/current-state-in-dWhh", nil, 0, ["Whh"]),
        ("min-char-rnn/tanh-derivative-of-previous-state", nil, 0, ["Wxh", "bh"]),
        ("min-char-rnn/bias-gradient-before-tanh-derivative", nil, 0, ["bh"]),
        ("min-char-rnn/missing-dby", nil, 0, ["by"]),
        // dhnext is only used from the second step back: output 0 (one step) is right.
        ("min-char-rnn/dhnext-reset", nil, 1, ["Wxh", "bh"]),
        ("min-char-rnn/dhnext-without-tanh-derivative", nil, 1, ["Wxh", "bh"]),
        ("min-char-rnn/Whh-instead-of-Whh-transpose", nil, 1, ["Wxh", "bh"]),
    ]

    func testCatalogedBugs_PartFirstAtTheStepTheirChangedLineIsOn() throws {
        XCTAssertGreaterThanOrEqual(Self.knownFirstBrokenSteps.count, 10)
        // The bugs of a notation share a few networks, and a network's numerical contributions.
        var references: [StepAttribution.Reference] = []
        for known in Self.knownFirstBrokenSteps {
            let bug = try XCTUnwrap(NotationRegistry.bug(named: known.id), known.id)
            let problem = bug.classroomProblem(seed: 1)
            if !references.contains(where: { $0.fits(problem) }) { references.append(try XCTUnwrap(StepAttribution.reference(problem))) }
            let reference = references.first { $0.fits(problem) }
            let attribution = try XCTUnwrap(StepAttribution.attribute(problem, reference: reference) { bug.gradients(of: $0) }, known.id)
            let parting = try XCTUnwrap(attribution.firstParting, "\(known.id) never parts")
            XCTAssertEqual(parting.lag, known.lag, known.id)
            XCTAssertEqual(parting.output, known.output, known.id)
            XCTAssertEqual(parting.blocks, known.blocks, known.id)
            XCTAssertFalse(parting.equations.isEmpty, "\(known.id): no hint")
            XCTAssertEqual(parting.ownStep, known.lag.map { $0 == 0 } ?? (known.output == 0), known.id)
        }
    }

    func testHints_NameTheEquationsOfTheStep() throws {
        let throughTime = try XCTUnwrap(NotationRegistry.bug(named: "wildml/missing-tanh-derivative-through-time"))
        let parting = try XCTUnwrap(StepAttribution.attribute(throughTime.classroomProblem(seed: 1)) { throughTime.gradients(of: $0) }?.firstParting)
        XCTAssert(parting.equations.allSatisfy { $0.hasPrefix("W9") }, "\(parting.equations)")
        let firstDelta = try XCTUnwrap(NotationRegistry.bug(named: "denominator-layout/missing-tanh-derivative"))
        let first = try XCTUnwrap(StepAttribution.attribute(firstDelta.classroomProblem(seed: 1)) { firstDelta.gradients(of: $0) }?.firstParting)
        XCTAssert(first.equations.allSatisfy { $0.hasPrefix("D8") }, "\(first.equations)")
    }

    /// Contributions another program reports, split the same way, give the same attribution; a wrong
    /// layout is refused.
    func testExternalContributions_AttributeLikeTheImplementationTheyComeFrom() throws {
        let bug = try XCTUnwrap(NotationRegistry.bug(named: "wildml/W-instead-of-W-transpose"))
        let problem = bug.classroomProblem(seed: 1)
        let contributions = try XCTUnwrap(StepAttribution.contributions(of: problem) { bug.gradients(of: $0) })
        XCTAssertEqual(contributions.count, problem.steps)
        XCTAssertEqual(contributions.map(\.count), (0..<problem.steps).map { $0 + 1 })
        let external = try XCTUnwrap(StepAttribution.attribute(problem, contributions: contributions))
        XCTAssertEqual(external.firstParting?.lag, 1)
        XCTAssertEqual(external.firstParting?.blocks, ["U", "W"])
        // The contributions add up to the gradient the bug returns.
        let total = try XCTUnwrap(bug.gradients(of: problem))
        for block in total.indices {
            let sum = total[block].indices.map { i in contributions.flatMap { $0 }.reduce(0.0) { $0 + $1[block][i] } }
            assertClose(sum, total[block], relative: 1e-12, floor: 1e-12)
        }
        XCTAssertNil(StepAttribution.attribute(problem, contributions: Array(contributions.dropLast())))
        XCTAssertNil(StepAttribution.attribute(problem, contributions: contributions.map { Array($0.prefix(1)) }))
    }

    func testWorkLimit_RefusesWhatWouldTakeTooLong() {
        let large = NotationRegistry.named("wildml")!.random(sizes: ["K": 100, "H": 100, "T": 100], seed: 1)
        XCTAssertGreaterThan(StepAttribution.estimatedWork(large), StepAttribution.workLimit)
        XCTAssertNil(StepAttribution.attributeOwnBPTT(large))
    }
}
