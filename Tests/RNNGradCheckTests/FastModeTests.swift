import XCTest

@testable import RNNGradCheck

/// The sampled check ("fast mode"): a few entries per block and one random direction through every
/// entry, falling back to every entry of a block where either finds a difference. Planted bugs in
/// every notation: a block scaled by 1.01 (the sample sees it) and the sign of a block's largest entry
/// flipped where the sample does not look (only the direction can see it).
final class FastModeTests: XCTestCase {
    /// Sizes large enough that a few entries per block leave most entries unsampled.
    private func problem(_ notation: AnyNotation, seed: UInt64) -> any NotationProblem {
        var sizes: [String: Int] = [:]
        for size in notation.sizes { sizes[size.symbol] = size.symbol == "T" ? 6 : 9 }
        return notation.random(sizes: sizes, seed: seed)
    }

    func testCorrectBPTT_PassesCheckingFewEntries_InEveryNotation() {
        for notation in NotationRegistry.all {
            assertPasses(problem(notation, seed: 3), notation.name)
        }
    }

    private func assertPasses<P: BPTTProblem>(_ problem: P, _ name: String) {
        let check = GradientChecker.checkSampled(problem, sampling: EntrySampling(perBlock: 3, seed: 7))
        XCTAssertTrue(check.passed, name)
        let sampling = check.sampling!
        XCTAssertTrue(sampling.directionAgrees, "\(name): relative error \(sampling.direction.relativeError(tolerance: 1e-7))")
        XCTAssertEqual(sampling.exhaustive, P.blocks.map { _ in false }, name)
        XCTAssertNil(sampling.blockDirections, name)
        let checked = check.blocks.map(\.checkedCount).reduce(0, +)
        XCTAssertEqual(checked, sampling.sample.checkedCount, name)
        XCTAssertLessThan(checked, sampling.sample.totalCount / 3, name)
    }

    func testBlockScaledBy1_01_IsCaughtAndCheckedEntryByEntry_InEveryNotation() {
        for notation in NotationRegistry.all {
            assertScaledBlocksCaught(problem(notation, seed: 4), notation.name)
        }
    }

    private func assertScaledBlocksCaught<P: BPTTProblem>(_ problem: P, _ name: String) {
        let right = gradientBlocks(problem)
        for b in P.blocks.indices where right[b].contains(where: { $0 != 0 }) {
            var planted = right
            planted[b] = planted[b].map { $0 * 1.01 }
            let check = GradientChecker.checkSampled(
                problem, analytic: problem.gradients(fromBlocks: planted), sampling: EntrySampling(perBlock: 3, seed: 7))
            let key = P.blocks[b].key
            XCTAssertFalse(check.passed, "\(name): \(key) × 1.01 passed")
            XCTAssertEqual(check.blocks[b].verdict, .fail, "\(name): \(key)")
            XCTAssertTrue(check.sampling!.exhaustive[b], "\(name): \(key) was not checked entry by entry")
            XCTAssertEqual(check.blocks[b].checkedCount, right[b].count, "\(name): \(key)")
            for other in P.blocks.indices where other != b {
                XCTAssertEqual(check.blocks[other].verdict, .pass, "\(name): \(P.blocks[other].key) blamed for \(key)")
            }
        }
    }

    func testLargestEntryWithItsSignFlipped_IsFoundByTheDirection_InEveryNotation() {
        for notation in NotationRegistry.all {
            assertFlippedEntryCaught(problem(notation, seed: 5), notation.name)
        }
    }

    private func assertFlippedEntryCaught<P: BPTTProblem>(_ problem: P, _ name: String) {
        let right = gradientBlocks(problem)
        let sizes = right.map(\.count)
        for b in P.blocks.indices where sizes[b] > 3 {
            let largest = right[b].indices.max { abs(right[b][$0]) < abs(right[b][$1]) }!
            guard right[b][largest] != 0 else { continue }
            // A sample that does not contain the entry: only the direction can see the flip.
            let seed = (1...100).map(UInt64.init).first { !EntrySample(blockSizes: sizes, perBlock: 3, seed: $0).entries[b].contains(largest) }!
            var planted = right
            planted[b][largest] = -planted[b][largest]
            let check = GradientChecker.checkSampled(
                problem, analytic: problem.gradients(fromBlocks: planted), sampling: EntrySampling(perBlock: 3, seed: seed))
            let key = P.blocks[b].key
            let sampling = check.sampling!
            XCTAssertFalse(sampling.directionAgrees, "\(name): the direction missed \(key)[\(largest)] flipped")
            XCTAssertFalse(check.passed, "\(name): \(key)[\(largest)] flipped passed")
            XCTAssertTrue(sampling.exhaustive[b], "\(name): \(key) was not checked entry by entry")
            XCTAssertEqual(check.blocks[b].worstEntry, largest, "\(name): \(key)")
            XCTAssertEqual(check.blocks[b].entriesOverTolerance, 1, "\(name): \(key)")
        }
    }

    func testADirectionTheOracleGetsWrong_CostsTimeButNeverAVerdict() {
        // A central step of 0.3 makes the finite differences inaccurate: the direction differs, every
        // block is checked entry by entry, the complex step settles the failing entries, and the
        // correct gradient passes.
        let problem = Wildml.Problem.random(size: .classroom, seed: 9)
        let settings = CheckSettings(scheme: .central, step: 0.3)
        let check = GradientChecker.checkSampled(problem, settings: settings, sampling: EntrySampling(perBlock: 2, seed: 1))
        let sampling = check.sampling!
        XCTAssertFalse(sampling.directionAgrees, "the step of 0.3 should spoil the central difference along the direction")
        XCTAssertTrue(sampling.exhaustive.allSatisfy { $0 })
        XCTAssertNotNil(check.reexamination)
        XCTAssertTrue(check.passed, check.blocks.map { "\($0.symbol) \($0.maxRelativeError)" }.joined(separator: ", "))
        // Without re-examination the same check fails: the step alone is the cause.
        var plain = settings
        plain.reexamine = false
        XCTAssertFalse(GradientChecker.checkSampled(problem, settings: plain, sampling: EntrySampling(perBlock: 2, seed: 1)).passed)
    }

    func testComplexStepAlongTheDirection_IsTheDirectionalDerivative() {
        // Im E(θ + i·h·d)/h = ∇E·d to rounding; a planted change of one entry moves the prediction only.
        let problem = IndexWise.Problem.random(size: .classroom, seed: 2)
        let gradient = gradientBlocks(problem)
        let sample = EntrySample(blockSizes: gradient.map(\.count), perBlock: 1, seed: 3)
        let values = IndexWise.Problem.blocks.map { problem[keyPath: $0.values] }
        let along = NumericalDifferentiation.directional(
            of: problem, values: values, direction: sample.direction, gradient: gradient, scheme: .complexStep, step: 1e-20)
        XCTAssertTrue(along.agrees(tolerance: 1e-12), "\(along.analytic) vs \(along.numerical)")
        var nudged = gradient
        nudged[0][0] += 1e-3
        let off = NumericalDifferentiation.directional(
            of: problem, values: values, direction: sample.direction, gradient: nudged, scheme: .complexStep, step: 1e-20)
        XCTAssertFalse(off.agrees(tolerance: 1e-7))
    }

    func testTheSampleIsDeterministic() {
        let problem = Wildml.Problem.random(size: .classroom, seed: 1)
        let a = GradientChecker.checkSampled(problem, sampling: EntrySampling(perBlock: 4, seed: 11))
        let b = GradientChecker.checkSampled(problem, sampling: EntrySampling(perBlock: 4, seed: 11))
        XCTAssertEqual(a.sampling!.sample, b.sampling!.sample)
        XCTAssertEqual(a.sampling!.direction.numerical, b.sampling!.direction.numerical)
        XCTAssertNotEqual(a.sampling!.sample, GradientChecker.checkSampled(problem, sampling: EntrySampling(perBlock: 4, seed: 12)).sampling!.sample)
    }

    func testProgress_CountsTheEntriesOfTheNumericalGradientToTheEnd() {
        final class Seen: @unchecked Sendable { var calls: [(Int, Int)] = [] }
        let seen = Seen()
        let problem = Wildml.Problem.random(size: .classroom, seed: 1)
        let check = GradientChecker.check(problem, settings: CheckSettings(threads: 2)) { done, total in seen.calls.append((done, total)) }
        XCTAssertTrue(check.passed)
        XCTAssertFalse(seen.calls.isEmpty)
        XCTAssertEqual(seen.calls.last!.0, 80)
        XCTAssert(seen.calls.allSatisfy { $0.1 == 80 })
        XCTAssertEqual(seen.calls.map(\.0), seen.calls.map(\.0).sorted(), "done only grows")
        // The same numbers with and without someone watching.
        XCTAssertEqual(check.blocks.map(\.numerical), GradientChecker.check(problem).blocks.map(\.numerical))
    }

    // MARK: - Re-examination on a large network: the worst entries of a block, the others unresolved

    private func limitedCheck(_ problem: Wildml.Problem<Double>, analytic: [[Double]], settings: CheckSettings, limit: Int) -> GradientCheck {
        GradientChecker.check(
            parameters: problem.parameterBlocks, analytic: analytic, loss: problem.loss(), settings: settings, reexaminingWith: .complexStep,
            reexaminationLimit: limit
        ) { scheme, step, entries in
            NumericalDifferentiation.gradient(
                of: problem, scheme: scheme, step: step ?? (scheme == settings.scheme ? settings.step : nil), entries: entries)
        }.check
    }

    func testPastTheLimit_AWrongBlockIsStillCalledWrongByItsWorstEntries() throws {
        let problem = Wildml.Problem.random(size: .classroom, seed: 3)
        var planted = gradientBlocks(problem)
        planted[1] = planted[1].map { $0 * 1.01 }
        let check = limitedCheck(problem, analytic: planted, settings: CheckSettings(), limit: 5)
        let reexamination = try XCTUnwrap(check.reexamination)
        XCTAssertEqual(reexamination.entries[1].count, 5)
        XCTAssertEqual(reexamination.notReexamined[1].count, check.blocks[1].shape.count - 5)
        XCTAssertEqual(check.blocks[1].verdict, .fail, "two oracles agree that the five worst entries are wrong")
        // The five re-derived are the five the finite difference found worst.
        let errors = reexamination.screening[1].relativeErrors
        let worstFive = Set(errors.indices.sorted { errors[$0] > errors[$1] }.prefix(5))
        XCTAssertEqual(Set(reexamination.entries[1]), worstFive)
        XCTAssertEqual(check.blocks[0].verdict, .pass)
    }

    func testPastTheLimit_ACorrectGradientIsNeverCalledWrong() throws {
        // A step of 0.3 spoils the central differences of every entry; the complex step rescues the
        // three worst of each block; the others, compared by one oracle only, are unresolved.
        let problem = Wildml.Problem.random(size: .classroom, seed: 3)
        let check = limitedCheck(problem, analytic: gradientBlocks(problem), settings: CheckSettings(scheme: .central, step: 0.3), limit: 3)
        let reexamination = try XCTUnwrap(check.reexamination)
        for (index, block) in check.blocks.enumerated() {
            XCTAssertNotEqual(block.verdict, .fail, block.symbol)
            if !reexamination.notReexamined[index].isEmpty {
                XCTAssertEqual(block.verdict, .unresolved, block.symbol)
                XCTAssertEqual(reexamination.entries[index].count, 3, block.symbol)
            }
        }
        XCTAssert(reexamination.notReexamined.contains { !$0.isEmpty })
        // Without a limit every entry is settled and the check passes.
        XCTAssertTrue(GradientChecker.check(problem, settings: CheckSettings(scheme: .central, step: 0.3)).passed)
    }

    func testTheLimit_IsNoneOnSmallNetworksAndBoundedOnTheTutorialSize() {
        XCTAssertGreaterThan(GradientChecker.reexaminationLimit(Wildml.Problem.random(size: .classroom, seed: 1)) ?? .max, 100_000)
        let large = Wildml.Problem.random(size: NetworkSize(vocabulary: 8000, hidden: 100, steps: 20), seed: 0)
        let limit = GradientChecker.reexaminationLimit(large)
        XCTAssertNotNil(limit)
        XCTAssertGreaterThanOrEqual(limit ?? 0, 32)
        XCTAssertLessThan(limit ?? .max, 100_000)
    }
}
