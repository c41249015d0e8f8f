import XCTest

@testable import RNNGradCheck

/// The cost estimate's structure: every notation counts its own work, the count follows the
/// implementation that will run, more work or fewer threads never make a check cheaper. (How close the
/// seconds are to a measured run is measured, not asserted: `bench --calibrate`, notes/performance.md.)
final class CostEstimateTests: XCTestCase {
    private let rates = MachineRates(
        kernel: 1e-10, scalar: 1e-9, allocating: 1e-9, transcendental: 1e-8, vectorTranscendental: 1e-9, allocation: 1e-7, overhead: 0)

    func testEveryNotation_CountsItsOwnPerturbedLosses() {
        for notation in NotationRegistry.all {
            let problem = notation.random(seed: 1)
            let model = problem.costModel
            XCTAssertEqual(model.perturbedLosses?.count, problem.parameterBlocks.count, "\(notation.name): one count per block")
            XCTAssert(model.perturbedLosses?.allSatisfy { rates.seconds($0) > 0 } ?? false, "\(notation.name): every block costs something")
            XCTAssertGreaterThan(rates.seconds(model.complexForward), rates.seconds(model.forward), notation.name)
        }
    }

    /// The default model (sizes only) exists and is the one a problem without its own count gets.
    func testDefaultModel_KnowsTheSizesOnly() {
        let problem = Wildml.Problem.random(size: .classroom, seed: 1)
        let sizes = Work(allocating: 6 * 80, transcendental: 6 * 80.0.squareRoot(), allocations: 36)
        XCTAssertEqual(problem.costModel.forward, TanhSoftmaxRNN.forwardWork(.init(K: 8, H: 4, x: problem.x, zeroInitial: true)))
        let generic = GenericOnly(problem)
        XCTAssertNil(generic.costModel.perturbedLosses)
        XCTAssertEqual(generic.costModel.forward, sizes)
    }

    /// The analytic count follows the implementation that will run: the literal loop on the classroom
    /// network, the sweep's products past the loop's limit.
    func testAnalyticWork_FollowsTheImplementation() {
        let small = Wildml.Problem.random(size: .classroom, seed: 2)
        XCTAssert(small.gradientImplementation(truncation: nil).isLiteral)
        XCTAssertEqual(small.costModel.analytic.kernel, 0)
        XCTAssertGreaterThan(small.costModel.analytic.allocations, 0)
        let long = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 70, steps: 1000), seed: 2)
        XCTAssertFalse(long.gradientImplementation(truncation: nil).isLiteral)
        XCTAssertGreaterThan(long.costModel.analytic.kernel, 0)
        XCTAssertEqual(long.costModel.analytic.allocations, 0)
        let iw = IndexWise.Problem.random(size: NetworkSize(steps: 10_000), seed: 2)
        XCTAssertGreaterThan(iw.costModel.analytic.kernel, 0, "index-wise's sweep")
    }

    /// More vocabulary, more hidden units, longer sequences: never cheaper.
    func testEstimate_GrowsWithEverySize() {
        let base = NetworkSize(vocabulary: 40, hidden: 8, steps: 10)
        func seconds(_ size: NetworkSize) -> Double {
            CostEstimate.check(Wildml.Problem.random(size: size, seed: 3), rates: rates, cores: 1).expected.seconds
        }
        let reference = seconds(base)
        XCTAssertGreaterThan(seconds(NetworkSize(vocabulary: 80, hidden: 8, steps: 10)), reference)
        XCTAssertGreaterThan(seconds(NetworkSize(vocabulary: 40, hidden: 16, steps: 10)), reference)
        XCTAssertGreaterThan(seconds(NetworkSize(vocabulary: 40, hidden: 8, steps: 20)), reference)
        // The output block's running sums grow like K²: doubling K quadruples them.
        let v = { (k: Int) in Wildml.Problem.random(size: NetworkSize(vocabulary: k, hidden: 8, steps: 10), seed: 3).costModel.perturbedLosses![1].kernel }
        assertClose(v(400) / v(200), 4, relative: 0.01)
    }

    /// Threads divide the numerical time of a large check, not of a small one (the driver keeps small
    /// work on one thread), and never the re-examination's (the complex step runs on one).
    func testThreads_DivideTheNumericalTimeOfLargeChecksOnly() {
        let large = Wildml.Problem.random(size: NetworkSize(vocabulary: 300, hidden: 20, steps: 10), seed: 4)
        let one = CostEstimate.check(large, settings: CheckSettings(threads: 1), rates: rates, cores: 2)
        let two = CostEstimate.check(large, settings: CheckSettings(threads: 2), rates: rates, cores: 2)
        XCTAssertEqual(two.threads, 2)
        assertClose(two.numerical.seconds, one.numerical.seconds / 2, relative: 1e-9)
        XCTAssertEqual(two.reexaminationWorstCase, one.reexaminationWorstCase)
        XCTAssertGreaterThan(two.numerical.bytes, one.numerical.bytes, "an evaluator per thread")
        let small = CostEstimate.check(Wildml.Problem.random(size: .classroom, seed: 4), settings: CheckSettings(threads: 2), rates: rates, cores: 2)
        XCTAssertEqual(small.threads, 1)
    }

    /// Re-examination's worst case is the complex step of every entry; the plain path costs a forward
    /// pass per loss; the complex-step scheme costs what re-examination would.
    func testNumericalAndReexamination_CountEveryEntry() {
        let problem = IndexWise.Problem.random(size: NetworkSize(hidden: 6, steps: 5), seed: 5)
        let entries = Double(problem.parameterBlocks.reduce(0) { $0 + $1.values.count })
        let model = problem.costModel
        let estimate = CostEstimate.check(problem, rates: rates, cores: 1)
        assertClose(estimate.reexaminationWorstCase.seconds, entries * rates.seconds(model.complexForward), relative: 1e-12)
        let plain = CostEstimate.check(problem, exploitingStructure: false, rates: rates, cores: 1)
        assertClose(plain.numerical.seconds, 2 * entries * rates.seconds(model.forward), relative: 1e-12)
        let complexStep = CostEstimate.check(problem, settings: CheckSettings(scheme: .complexStep), rates: rates, cores: 1)
        assertClose(complexStep.numerical.seconds, estimate.reexaminationWorstCase.seconds, relative: 1e-12)
        XCTAssertGreaterThan(estimate.worstCase.seconds, estimate.expected.seconds)
    }

    /// The exhaustive check of the tutorial-size network: the memory holds the parameters and the
    /// stored losses (1.61 M entries, two losses each) and stays far below a gigabyte.
    func testTutorialSizeCheck_NeedsTensOfMegabytes() {
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), seed: 0)
        let estimate = CostEstimate.check(problem, settings: CheckSettings(threads: 2), cores: 2)
        XCTAssertEqual(estimate.entries, 1_610_000)
        XCTAssertGreaterThan(estimate.numerical.bytes, 2 * 8 * 1_610_000)
        XCTAssertLessThan(estimate.numerical.bytes, 1e9)
        XCTAssertGreaterThan(estimate.reexaminationWorstCase.seconds, 100 * estimate.numerical.seconds, "the complex step has no structure to use")
    }
}

/// A problem that keeps the default cost model: the same network, without its notation's count.
private struct GenericOnly: GradientProblem {
    var inner: Wildml.Problem<Double>
    init(_ inner: Wildml.Problem<Double>) { self.inner = inner }
    static var blocks: [ParameterBlock<GenericOnly>] {
        [ParameterBlock(key: "U", symbol: "U", dimensions: ["H", "K"], matrix: \.inner.rnn.U, gradient: \.dLdU)]
            + [ParameterBlock(key: "V", symbol: "V", dimensions: ["K", "H"], matrix: \.inner.rnn.V, gradient: \.dLdV)]
            + [ParameterBlock(key: "W", symbol: "W", dimensions: ["H", "H"], matrix: \.inner.rnn.W, gradient: \.dLdW)]
    }
    var steps: Int { inner.steps }
    func loss() -> Double { inner.loss() }
    func outputLoss(_ t: Int, stepParameters: (Int) -> GenericOnly) -> Double { inner.outputLoss(t) { stepParameters($0).inner } }
    func complexified() -> Wildml.Problem<Complex> { inner.complexified() }
}
