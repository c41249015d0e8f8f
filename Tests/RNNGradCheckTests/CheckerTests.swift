import XCTest

@testable import RNNGradCheck

/// The checker on its own: the relative error and its floor, NaN, planted bugs in every notation,
/// and the complex-step re-examination.
final class CheckerTests: XCTestCase {
    // MARK: - Relative error and floor

    func testRelativeError_IsZeroWhenBothEntriesAreZero() {
        let block = BlockComparison(
            key: "U", symbol: "U", shape: .vector(count: 2), analytic: [0, 1], numerical: [0, 1],
            resolution: [1e-12, 1e-12], tolerance: 1e-7)
        XCTAssertEqual(block.relativeErrors, [0, 0])
        XCTAssertEqual(block.verdict, .pass)
    }

    func testFloor_AbsorbsDifferencesWithinTheResolutionOnly() {
        // True gradient ~0: a difference of 5e-13 is within the resolution 1e-12 and passes, although
        // |a − n| / max(|a|, |n|) would be 1; a difference of 5e-12 does not.
        let tiny = BlockComparison(
            key: "W", symbol: "W", shape: .vector(count: 1), analytic: [2e-13], numerical: [-3e-13],
            resolution: [1e-12], tolerance: 1e-7)
        XCTAssertEqual(tiny.verdict, .pass)
        assertClose(tiny.floors[0], 1e-5, relative: 1e-12)
        let off = BlockComparison(
            key: "W", symbol: "W", shape: .vector(count: 1), analytic: [2e-12], numerical: [-3e-12],
            resolution: [1e-12], tolerance: 1e-7)
        XCTAssertEqual(off.verdict, .fail)
    }

    func testNaNAndInfinity_NeverPass() {
        for bad in [Double.nan, .infinity, -.infinity] {
            let analyticSide = BlockComparison(
                key: "V", symbol: "V", shape: .matrix(rows: 1, columns: 2), analytic: [1, bad], numerical: [1, 1],
                resolution: [1e-9, 1e-9], tolerance: 1e-7)
            XCTAssertEqual(analyticSide.verdict, .nonFinite)
            XCTAssertEqual(analyticSide.nonFinite?.side, .analytic)
            XCTAssertEqual(analyticSide.label(ofEntry: analyticSide.nonFinite!.entry), "V[0,1]")
            let numericalSide = BlockComparison(
                key: "V", symbol: "V", shape: .matrix(rows: 1, columns: 2), analytic: [1, 1], numerical: [bad, 1],
                resolution: [1e-9, 1e-9], tolerance: 1e-7)
            XCTAssertEqual(numericalSide.verdict, .nonFinite)
            XCTAssertEqual(numericalSide.nonFinite?.side, .numerical)
        }
        // Even with an enormous tolerance.
        let lenient = BlockComparison(
            key: "V", symbol: "V", shape: .vector(count: 1), analytic: [.nan], numerical: [1], resolution: [1], tolerance: 1e300)
        XCTAssertEqual(lenient.verdict, .nonFinite)
    }

    // MARK: - Planted bugs: one wrong entry is found and named

    func testPlantedBugs_AreFoundAndNamedInEveryNotation() {
        assertPlantedBugsCaught(Wildml.Problem.random(size: .classroom, seed: 11))
        assertPlantedBugsCaught(DenominatorLayout.Problem.random(size: .classroom, seed: 12))
        assertPlantedBugsCaught(IndexWise.Problem.random(size: .classroom, seed: 13))
    }

    private func assertPlantedBugsCaught<P: BPTTProblem>(_ problem: P, file: StaticString = #filePath, line: UInt = #line) {
        let correct = problem.bpttGradients(truncation: nil)
        XCTAssert(GradientChecker.check(problem, analytic: correct).passed, file: file, line: line)
        for (index, block) in P.blocks.enumerated() {
            let values = correct[keyPath: block.gradient]
            // The largest entry: negating it is a large error; nudging it by 1e-5 a small one.
            let entry = values.indices.max { abs(values[$0]) < abs(values[$1]) }!
            let shape = problem[keyPath: block.shape]
            let label = "\(block.symbol)[\(shape.index(ofEntry: entry).map(String.init).joined(separator: ","))]"
            for (bug, change) in [("negated", -1.0), ("nudged by 1e-5", 1 + 1e-5)] {
                var wrong = correct
                wrong[keyPath: block.gradient][entry] *= change
                let check = GradientChecker.check(problem, analytic: wrong)
                XCTAssertFalse(check.passed, "\(label) \(bug) passed", file: file, line: line)
                let failing = check.blocks.filter { $0.verdict != .pass }
                XCTAssertEqual(failing.map(\.symbol), [block.symbol], "\(label) \(bug)", file: file, line: line)
                XCTAssertEqual(failing.first?.worstEntry.map { failing[0].label(ofEntry: $0) }, label, "\(bug)", file: file, line: line)
                XCTAssertEqual(failing.first?.entriesOverTolerance, 1, "\(label) \(bug)", file: file, line: line)
                // The complex step re-examined the entry and still disagreed.
                XCTAssertEqual(check.reexamination?.entries[index], [entry], file: file, line: line)
            }
        }
    }

    func testAWrongGradient_FailsUnderEveryScheme() {
        let problem = Wildml.Problem.random(size: .classroom, seed: 5)
        var wrong = problem.bpttGradients(truncation: nil)
        wrong.dLdW[1, 2] += 1e-4
        for scheme in DifferenceScheme.allCases {
            let check = GradientChecker.check(problem, analytic: wrong, settings: CheckSettings(scheme: scheme))
            XCTAssertFalse(check.passed, "\(scheme)")
            XCTAssertEqual(check.blocks[2].worstEntry.map(check.blocks[2].label(ofEntry:)), "W[1,2]", "\(scheme)")
        }
    }

    // MARK: - Re-examination by the complex step

    func testExplodingGradients_DefeatCentralDifferencesButNotTheCheck() {
        // Weights × 5 over 20 steps: a third derivative large enough that a central difference with
        // h = 1e-5 is off by up to 2e-5 (relative) in U and W (measured: 36 entries over 1e-7).
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 10, hidden: 5, steps: 20), seed: 7, weightScale: 5)
        let plain = GradientChecker.check(problem, settings: CheckSettings(reexamine: false))
        XCTAssertFalse(plain.passed, "central differences were accurate here: pick a harder network")
        let check = GradientChecker.check(problem)
        XCTAssert(check.passed)
        XCTAssertGreaterThan(check.reexamination?.count ?? 0, 0)
        // And the complex step alone agrees.
        XCTAssert(GradientChecker.check(problem, settings: CheckSettings(scheme: .complexStep)).passed)
    }

    func testLargeStep_FailsWithoutReexaminationAndPassesWithIt() {
        let problem = IndexWise.Problem.random(size: .classroom, seed: 9)
        XCTAssertFalse(GradientChecker.check(problem, settings: CheckSettings(step: 0.5, reexamine: false)).passed)
        XCTAssert(GradientChecker.check(problem, settings: CheckSettings(step: 0.5)).passed)
    }

    // MARK: - Numerical schemes

    func testSchemes_AgreeWithEachOtherToTheirOrder() {
        let problem = DenominatorLayout.Problem.random(size: .classroom, seed: 3)
        let exact = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep)
        let central = NumericalDifferentiation.gradient(of: problem, scheme: .central)
        let richardson = NumericalDifferentiation.gradient(of: problem, scheme: .richardson)
        for b in exact.blocks.indices {
            assertClose(central.blocks[b], exact.blocks[b], relative: 1e-6, floor: 1e-3)
            assertClose(richardson.blocks[b], exact.blocks[b], relative: 1e-8, floor: 1e-3)
        }
    }

    func testSubsetOfEntries_LeavesTheOthersNaN() {
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 3, hidden: 2, steps: 2), seed: 1)
        let some = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep, entries: [[1], [], [0, 3]])
        let all = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep)
        XCTAssertEqual(some.blocks[0][1], all.blocks[0][1])
        XCTAssert(some.blocks[0][0].isNaN)
        XCTAssert(some.blocks[1].allSatisfy(\.isNaN))
        XCTAssertEqual(some.blocks[2][3], all.blocks[2][3])
    }
}
