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

    /// Index-wise's sweep against seed 001's loops: sigmoid and softmax outputs, saturated units. The
    /// limit is the one for two implementations of the same computation (Equivalence.limit): a bias
    /// gradient summed over two steps of opposite sign loses digits to cancellation.
    func testIndexWiseOneSweep_EqualsTheLiteralBPTT() {
        for network in RandomNetwork.all {
            for g in IndexWise.OutputActivation.allCases {
                let problem = IndexWise.Problem.random(size: network.size, seed: network.seed, weightScale: network.weightScale, g: g)
                let literal = problem.network.bptt(problem.x, problem.d)
                let (cost, sweep) = problem.network.oneSweep(problem.x, problem.d)
                assertClose(cost, problem.loss(), relative: 1e-14, "\(network), \(g)")
                for (a, b, name) in [
                    (literal.dCdV.storage, sweep.dCdV.storage, "V"), (literal.dCdU.storage, sweep.dCdU.storage, "U"),
                    (literal.dCdW.storage, sweep.dCdW.storage, "W"), (literal.dCdThetaJ.storage, sweep.dCdThetaJ.storage, "θ_j"),
                    (literal.dCdThetaK.storage, sweep.dCdThetaK.storage, "θ_k"),
                ] {
                    XCTAssertLessThanOrEqual(Equivalence.relativeDifference(a, b), Equivalence.limit, "\(name), \(network), \(g)")
                }
            }
        }
    }

    /// Denominator-layout's sweep (the same network through seed 000's sweep) against seed 002's δ table.
    func testDenominatorLayoutOneSweep_EqualsTheLiteralBPTT() {
        for network in RandomNetwork.all {
            let problem = DenominatorLayout.Problem.random(size: network.size, seed: network.seed, weightScale: network.weightScale)
            let literal = problem.parameters.bptt(problem.x, problem.y)
            let (loss, sweep) = problem.parameters.oneSweep(problem.x, problem.y)
            assertClose(loss, problem.loss(), relative: 1e-14, "\(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dEdWIn.storage, sweep.dEdWIn.storage), 1e-13, "W_in, \(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dEdWRec.storage, sweep.dEdWRec.storage), 1e-13, "W_rec, \(network)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dEdWOut.storage, sweep.dEdWOut.storage), 1e-13, "W_out, \(network)")
        }
    }

    /// Past the literal loops' limit the problem names the sweep and uses it (T = 10000: the loops
    /// would take minutes); truncated BPTT keeps the loops.
    func testLongIndexWiseSequences_UseTheSweep() {
        let problem = IndexWise.Problem.random(size: NetworkSize(steps: 10_000), seed: 5)
        XCTAssertEqual(problem.gradientImplementation(truncation: nil).name, "one-sweep")
        XCTAssert(problem.gradientImplementation(truncation: 3).isLiteral)
        XCTAssert(IndexWise.Problem.random(size: .classroom, seed: 5).gradientImplementation(truncation: nil).isLiteral)
        let gradients = problem.bpttGradients(truncation: nil)
        // The complex step agrees on a few entries of every block.
        let exact = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep, entries: [[0], [5], [1], [2], [0]])
        for (block, entry) in [(0, 0), (1, 5), (2, 1), (3, 2), (4, 0)] {
            let analytic = gradients[keyPath: IndexWise.Problem<Double>.blocks[block].gradient][entry]
            assertClose(analytic, exact.blocks[block][entry], relative: 1e-9, floor: 1e-12)
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

/// The perturbed losses computed many at a time (batches, threads, vector kernels): the same numbers as
/// one at a time, bit for bit, so that every check reports what the plain forward pass would.
final class BatchedLossTests: XCTestCase {
    /// Networks with more lanes than one vector pass (K > 16, H > 8), words that never occur, and
    /// weights large enough that some perturbations move the largest logit.
    private let problems: [Wildml.Problem<Double>] = [
        Wildml.Problem.random(size: NetworkSize(vocabulary: 37, hidden: 9, steps: 7), seed: 11, weightScale: 3),
        Wildml.Problem.random(size: NetworkSize(vocabulary: 20, hidden: 17, steps: 4), seed: 12),
        Wildml.Problem.random(size: NetworkSize(vocabulary: 3, hidden: 2, steps: 9), seed: 13, weightScale: 5),
    ]

    /// Every block: the batches cover every entry once, and a batch's losses (at θ ± h and at values
    /// that move a logit past the largest) are the plain forward pass's.
    func testBatches_CoverEveryEntryAndGiveThePlainLossesBitForBit() {
        for problem in problems {
            let evaluator = problem.perturbedLossEvaluator()
            for (b, block) in Wildml.Problem<Double>.blocks.enumerated() {
                let values = problem[keyPath: block.values]
                let batches = evaluator.batches(block: b, entries: Array(values.indices))
                XCTAssertEqual(batches.flatMap(\.entries).sorted(), Array(values.indices), "\(block.symbol): every entry once")
                for batch in batches {
                    let perturbations = batch.entries.flatMap { entry in
                        [values[entry] + 1e-5, values[entry] - 1e-5, values[entry] + 4].map { Perturbation(entry: entry, value: $0) }
                    }
                    let losses = evaluator.losses(block: b, perturbations: perturbations)
                    for (perturbation, loss) in zip(perturbations, losses) {
                        var perturbed = problem
                        perturbed[keyPath: block.values][perturbation.entry] = perturbation.value
                        XCTAssertEqual(loss.bitPattern, perturbed.loss().bitPattern, "\(block.symbol)[\(perturbation.entry)] = \(perturbation.value)")
                    }
                }
            }
        }
    }

    /// Every registered notation has a perturbed-loss evaluator, and its batches give the plain
    /// forward pass's losses bit for bit (min-char-rnn also from a nonzero hprev).
    func testEveryNotation_HasAnEvaluatorWithThePlainLossesBitForBit() {
        let sizes = ["K": 19, "H": 9, "T": 6, "N": 4, "M": 9, "O": 5]
        for notation in NotationRegistry.all {
            // Every value of every model option (index-wise's sigmoid and softmax outputs).
            let variants: [[String: String]] = [[:]] + notation.options.flatMap { option in option.values.map { [option.key: $0] } }
            for options in variants {
                for seed: UInt64 in [21, 22] {
                    let problem = notation.random(sizes: sizes, seed: seed, weightScale: seed == 22 ? 3 : 1, options: options)
                    assertBitExactBatches(problem, "\(notation.name) \(options), seed \(seed)")
                }
            }
        }
        let script = MinCharRNN.random(sizes: ["K": 11, "H": 5, "T": 7], seed: 23, weightScale: 1, options: [:])
        var generator = SeededGenerator(seed: 24)
        let hprev = Vector<Double>((0..<5).map { _ in generator.uniform(-0.9, 0.9) })
        assertBitExactBatches(MinCharRNN.Problem(model: script.model, inputs: script.inputs, targets: script.targets, hprev: hprev), "min-char-rnn from hprev")
    }

    private func assertBitExactBatches<P: NotationProblem>(_ problem: P, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let fast = problem as? any FastPerturbedLosses else {
            return XCTFail("\(label): no perturbed-loss evaluator", file: file, line: line)
        }
        let evaluator = fast.perturbedLossEvaluator()
        for (b, block) in P.blocks.enumerated() {
            let values = problem[keyPath: block.values].map { $0.real }
            let batches = evaluator.batches(block: b, entries: Array(values.indices))
            XCTAssertEqual(batches.flatMap(\.entries).sorted(), Array(values.indices), "\(label), \(block.symbol): every entry once", file: file, line: line)
            for batch in batches {
                let perturbations = batch.entries.flatMap { entry in
                    [values[entry] + 1e-5, values[entry] - 1e-5, values[entry] + 4].map { Perturbation(entry: entry, value: $0) }
                }
                for (perturbation, loss) in zip(perturbations, evaluator.losses(block: b, perturbations: perturbations)) {
                    var changed = values
                    changed[perturbation.entry] = perturbation.value
                    let expected = problem.settingBlock(b, to: changed).loss().real
                    XCTAssertEqual(loss.bitPattern, expected.bitPattern, "\(label), \(block.symbol)[\(perturbation.entry)] = \(perturbation.value)", file: file, line: line)
                }
            }
        }
    }

    /// The comparison above can fail: a loss at a value 1e-9 away is another number.
    func testBitForBitComparison_SeesAChangeOfOneWeight() {
        let problem = problems[1]
        let evaluator = problem.perturbedLossEvaluator()
        var perturbed = problem
        perturbed.rnn.V.storage[5] += 1e-9
        XCTAssertNotEqual(evaluator.loss(block: 1, entry: 5, value: problem.rnn.V.storage[5]).bitPattern, perturbed.loss().bitPattern)
    }

    /// A non-finite value (or network) goes to the plain pass: the same NaN or infinity.
    func testNonFiniteValues_GiveThePlainLoss() {
        let problem = problems[0]
        let evaluator = problem.perturbedLossEvaluator()
        for (b, value) in [(0, Double.infinity), (1, -Double.infinity), (2, Double.nan)] {
            var perturbed = problem
            perturbed[keyPath: Wildml.Problem<Double>.blocks[b].values][3] = value
            let expected = perturbed.loss(), loss = evaluator.loss(block: b, entry: 3, value: value)
            XCTAssert(loss.bitPattern == expected.bitPattern || (loss.isNaN && expected.isNaN), "block \(b): \(loss) vs \(expected)")
        }
    }

    /// One thread or several, and every vector level of the kernels: the same gradient, bit for bit.
    func testNumericalGradient_IsTheSameForAnyThreadCountAndKernelLevel() {
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 30, hidden: 11, steps: 6), seed: 14)
        let values = Wildml.Problem<Double>.blocks.map { problem[keyPath: $0.values] }
        func numerical(threads: Int) -> NumericalGradient {
            ParallelDifferences.gradient(
                values: values, scheme: .central, step: 1e-5, entries: nil, lossScale: problem.loss(), threads: threads, progress: nil,
                threadingThreshold: 0
            ) { problem.perturbedLossEvaluator() }
        }
        let reference = NumericalDifferentiation.gradient(of: problem, exploitingStructure: false)
        let original = KernelLevel.current
        defer { KernelLevel.use(original) }
        for level in KernelLevel.allCases where level.rawValue <= KernelLevel.supported.rawValue {
            XCTAssertEqual(KernelLevel.use(level), level)
            for threads in [1, 2, 3] {
                let gradient = numerical(threads: threads)
                XCTAssertEqual(gradient.blocks.map { $0.map(\.bitPattern) }, reference.blocks.map { $0.map(\.bitPattern) }, "\(level.name), \(threads) threads")
                XCTAssertEqual(gradient.numericalRounding, reference.numericalRounding)
            }
        }
    }

    /// Richardson's four losses per entry and a subset of the entries go through the same driver.
    func testRichardsonAndSomeEntries_AreTheSameThroughTheDriver() {
        let problem = problems[0]
        let entries = [[0, 5, 36], [], [2, 80]]
        let fast = NumericalDifferentiation.gradient(of: problem, scheme: .richardson, entries: entries, threads: 2)
        let plain = NumericalDifferentiation.gradient(of: problem, scheme: .richardson, entries: entries, exploitingStructure: false)
        XCTAssertEqual(fast.blocks.map { $0.map(\.bitPattern) }, plain.blocks.map { $0.map(\.bitPattern) })
        XCTAssert(fast.blocks[1].allSatisfy(\.isNaN), "entries not asked for stay NaN")
    }

    /// Progress arrives in order, ends at the total, and covers every entry.
    func testProgress_CountsEveryEntryOnce() {
        let problem = problems[1]
        let values = Wildml.Problem<Double>.blocks.map { problem[keyPath: $0.values] }
        let seen = ProgressLog()
        _ = ParallelDifferences.gradient(
            values: values, scheme: .central, step: 1e-5, entries: nil, lossScale: problem.loss(), threads: 2,
            progress: { done, total in seen.append(done, total) }, threadingThreshold: 0
        ) { problem.perturbedLossEvaluator() }
        let total = values.reduce(0) { $0 + $1.count }
        XCTAssertEqual(seen.reports.last?.done, total)
        XCTAssert(seen.reports.allSatisfy { $0.total == total })
        XCTAssertEqual(seen.reports.map(\.done), seen.reports.map(\.done).sorted())
    }
}

/// Progress reports, collected from any thread.
private final class ProgressLog: @unchecked Sendable {
    private let lock = Lock()
    private(set) var reports: [(done: Int, total: Int)] = []
    func append(_ done: Int, _ total: Int) { lock.withLock { reports.append((done, total)) } }
}
