import RNNGradCheck
import XCTest

@testable import RNNGradCheckKit

/// `checkGradients` on models the package does not ship: correct gradients pass, planted bugs fail
/// and are named, the oracles are the core's, and bad input is an error naming the problem.
final class ModelCheckTests: XCTestCase {
    // MARK: - Correct gradients pass

    func testCheck_PassesOnHandDerivedGradients() throws {
        let linear = Linear(w: [0.5, -1], x: [2, 3], y: 1)
        let tensor = TensorNet.example()
        let tutorial = TutorialRNN.example()
        for check in [try checkGradients(of: linear), try checkGradients(of: tensor), try checkGradients(of: tutorial)] {
            XCTAssertTrue(check.passed, check.report)
            XCTAssertNil(check.failureSummary)
            XCTAssertNil(check.failureMessage)
        }
        // E = ½ (wᵀx − y)² = ½ (1 − 3 − 1)² = 4.5, by hand.
        assertClose(try checkGradients(of: linear).loss, 4.5, relative: 1e-15)
    }

    func testCheck_PassesUnderEveryScheme() throws {
        for scheme in DifferenceScheme.allCases {
            let check = try checkGradients(of: TensorNet.example(), settings: CheckSettings(scheme: scheme))
            XCTAssertTrue(check.passed, "\(scheme): \(check.report)")
            XCTAssertEqual(check.settings.scheme, scheme)
        }
    }

    func testCheck_ListsBlocksInTheParametersOrderWithTheirShapes() throws {
        let check = try checkGradients(of: TensorNet.example())
        XCTAssertEqual(check.blocks.map(\.key), ["W", "b", "g", "K"])
        XCTAssertEqual(check.blocks.map(\.shape), [.matrix(rows: 2, columns: 3), .vector(count: 2), .tensor(dimensions: []), .tensor(dimensions: [2, 2, 2])])
        XCTAssertEqual(check["g"]?.label(ofEntry: 0), "g")
        XCTAssertEqual(check["K"]?.label(ofEntry: 5), "K[1,0,1]")
        XCTAssertNil(check["nothing"])
    }

    /// The same network through the API and through the core's own check: the same loss code and the
    /// same differences give the same numerical gradient and the same verdicts.
    func testCheck_AgreesWithTheCoreCheckOfTheSameNetwork() throws {
        let model = TutorialRNN.example()
        let check = try checkGradients(of: model)
        let core = GradientChecker.check(model.problem)
        let numerical = NumericalDifferentiation.gradient(of: model.problem, exploitingStructure: false)
        XCTAssertEqual(check.blocks.count, 3)
        for (index, block) in check.blocks.enumerated() {
            XCTAssertEqual(block.verdict, core.blocks[index].verdict)
            for entry in 0..<block.shape.count {
                assertClose(block.numerical[entry], numerical.blocks[index][entry], relative: 1e-12, floor: 1e-300, "\(block.label(ofEntry: entry))")
                assertClose(block.analytic[entry], core.blocks[index].analytic[entry], relative: 1e-15, floor: 1e-300)
            }
        }
        assertClose(check.loss, core.loss, relative: 1e-15)
    }

    // MARK: - Planted bugs fail

    func testCheck_FailsOnPlantedBug_NamingTheWorstEntry() throws {
        var buggy = TensorNet.example()
        buggy.dropsSecondTerm = true
        let check = try checkGradients(of: buggy)
        XCTAssertFalse(check.passed)
        // W and b fail. g passes, and rightly: u is a quadratic form in z, so z·∇u = 2u (Euler) whether
        // ∇u is Σ_l K[i,m,l] z_l + Σ_j K[i,j,m] z_j or twice its first term, and ∂L/∂g = (∂L/∂z)·z / g.
        XCTAssertEqual(check.blocks.map(\.verdict), [.fail, .fail, .pass, .pass], check.report)

        let worst = try XCTUnwrap(check.worst)
        XCTAssertTrue(["W", "b"].contains(worst.block))
        XCTAssertGreaterThan(worst.relativeError, 1e-7)
        XCTAssertEqual(worst.relativeError, check.blocks.map(\.maxRelativeError).max())
        // The analytic value is the buggy gradient's; the numerical one is the correct derivation's.
        let position = try XCTUnwrap(check.blocks.firstIndex { $0.key == worst.block })
        XCTAssertEqual(worst.analytic, buggy.gradients()[position].values[worst.index])
        assertClose(worst.numerical, TensorNet.example().gradients()[position].values[worst.index], relative: 1e-7)

        let summary = try XCTUnwrap(check.failureSummary)
        XCTAssertTrue(summary.hasPrefix("\(worst.label): analytic \(Format.value(worst.analytic)), numerical \(Format.value(worst.numerical))"), summary)
        XCTAssertTrue(summary.contains("relative error \(Format.error(worst.relativeError)) > tolerance 1e-07"), summary)
        XCTAssertTrue(summary.hasSuffix("failing blocks: W, b"), summary)
        XCTAssertEqual(check.failureMessage, "gradient check failed: \(summary)\n" + check.lines().joined(separator: "\n"))
    }

    func testCheck_FailsOnPlantedBugInTheTutorialNetwork() throws {
        // The classic slip: s_t's derivative without tanh′, as if the state were linear.
        struct NoTanhDerivative: GradientCheckable {
            let base = TutorialRNN.example()
            var parameters: ModelParameters<Double> { base.parameters }
            func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar { try base.loss(parameters) }
            func gradients() throws -> ModelGradients {
                let blocks = try XCTUnwrap(NotationRegistry.bug(named: "wildml/missing-tanh-derivative")?.gradients(of: base.problem))
                return ModelGradients(zip(base.parameters, blocks).map { ModelParameter(name: $0.name, shape: $0.shape, values: $1) })
            }
        }
        let check = try checkGradients(of: NoTanhDerivative())
        XCTAssertFalse(check.passed, check.report)
        XCTAssertEqual(check["V"]?.verdict, .pass)
        XCTAssertEqual(check["W"]?.verdict, .fail)
    }

    func testCheck_NonFiniteGradient_FailsNamingTheEntry() throws {
        let model = TensorNet.example()
        var gradients = Array(model.gradients())
        gradients[0].values[5] = .nan
        let check = try checkGradients(parameters: model.parameters, analytic: ModelGradients(gradients)) { try model.loss($0) }
        XCTAssertFalse(check.passed)
        XCTAssertEqual(check["W"]?.verdict, .nonFinite)
        let worst = try XCTUnwrap(check.worst)
        XCTAssertEqual(worst.label, "W[1,2]")
        XCTAssertEqual(worst.nonFinite?.side, .analytic)
        XCTAssertEqual(
            check.failureSummary,
            "W[1,2]: the analytic gradient (the analytic gradient given) is NaN; a NaN or an infinity is never a pass; failing blocks: W")
    }

    func testCheck_NonFiniteNumericalGradient_FailsNamingTheEntry() throws {
        // log θ at θ = 1e-6: central differences step to θ − 1e-5 < 0, where the loss is a NaN.
        let check = try checkGradients(parameters: [.vector("θ", [1e-6, 2])], analytic: [.vector("θ", [1e6, 0.5])]) { p in
            let theta = try p.vector("θ")
            return Double.log(theta[0]) + Double.log(theta[1])
        }
        XCTAssertFalse(check.passed)
        let worst = try XCTUnwrap(check.worst)
        XCTAssertEqual(worst.label, "θ[0]")
        XCTAssertEqual(worst.nonFinite?.side, .numerical)
        // Central differences gave a NaN there, so Richardson extrapolation derived it again: a NaN too.
        XCTAssertEqual(worst.oracle, .richardson)
        XCTAssertEqual(
            check.failureSummary,
            "θ[0]: the numerical gradient (Richardson extrapolation of the loss closure) is NaN; a NaN or an infinity is never a pass; failing blocks: θ")
    }

    // MARK: - Re-examination: an oracle's error never blames a correct gradient

    func testCheck_ComplexStepRederivesWhereCentralDifferencesFail() throws {
        let model = SteepExponential()
        // Central differences alone call the correct derivative wrong ...
        let screening = try checkGradients(of: model, settings: CheckSettings(reexamine: false))
        XCTAssertFalse(screening.passed)
        XCTAssertGreaterThan(screening.blocks[0].maxRelativeError, 1e-7)
        // ... the complex step, through the same loss, does not.
        let check = try checkGradients(of: model)
        XCTAssertTrue(check.passed, check.report)
        XCTAssertEqual(check.check.reexamination?.scheme, .complexStep)
        XCTAssertEqual(check.worst?.oracle, .complexStep)
        XCTAssertEqual(check.worst?.screened, screening.blocks[0].numerical[0])
        XCTAssertTrue(check.report.contains("two steps agree with each other and with the analytic gradient there"), check.report)
        XCTAssertTrue(check.report.contains("entries that fail derived again by the complex step from h = 1e-20 down, 2²⁰ apart, until two steps agree"), check.report)
    }

    func testClosureForm_RichardsonRederivesWhereCentralDifferencesFail() throws {
        let model = SteepExponential()
        let check = try checkGradients(parameters: model.parameters, analytic: model.gradients()) { try model.loss($0) }
        XCTAssertTrue(check.passed, check.report)
        XCTAssertEqual(check.check.reexamination?.scheme, .richardson)
        XCTAssertTrue(check.report.contains("entries that fail derived again by Richardson extrapolation, h = 1e-05·max(1,|θ|)"), check.report)
    }

    func testFailureSummary_SaysWhenTheTwoOraclesDisagree() throws {
        // E = e^(kθ), k = 1e4: central differences at h = 1e-5 are off by (kh)²/6 ≈ 2e-3, Richardson
        // extrapolation by ~(kh)⁴/120 ≈ 1e-6. The derivative is right; neither oracle can tell.
        let k = 1e4
        let check = try checkGradients(parameters: [.scalar("θ", 0)], analytic: [.scalar("θ", k)]) { p in
            Double.exp(k * (try p.scalar("θ")))
        }
        XCTAssertFalse(check.passed)
        let summary = try XCTUnwrap(check.failureSummary)
        XCTAssertTrue(summary.contains("central differences gave"), summary)
        XCTAssertTrue(summary.contains("the two oracles disagree with each other"), summary)
        // A wrong gradient where both oracles agree is not excused.
        let wrong = try checkGradients(parameters: [.scalar("θ", 0.5)], analytic: [.scalar("θ", 1.01)]) { p in
            let theta = try p.scalar("θ")
            return theta * theta
        }
        XCTAssertFalse(wrong.passed)
        XCTAssertFalse(wrong.failureSummary!.contains("disagree"), wrong.failureSummary!)
    }

    // MARK: - The closure form

    func testClosureForm_PassesAndFails() throws {
        let model = Linear(w: [0.5, -1], x: [2, 3], y: 1)
        let right = try checkGradients(parameters: model.parameters, analytic: model.gradients()) { try model.loss($0) }
        XCTAssertTrue(right.passed, right.report)
        XCTAssertEqual(right.model, nil)
        XCTAssertEqual(right.lossSource, "the loss closure")
        // Planted bug: (wᵀx − y) without the factor x.
        let residual = model.w.dot(model.x) - model.y
        let wrong = try checkGradients(parameters: model.parameters, analytic: [.vector("w", [residual, residual])]) { try model.loss($0) }
        XCTAssertFalse(wrong.passed)
        XCTAssertEqual(wrong.worst?.label, "w[1]")
        let richardson = try checkGradients(parameters: model.parameters, analytic: model.gradients(), settings: CheckSettings(scheme: .richardson)) {
            try model.loss($0)
        }
        XCTAssertTrue(richardson.passed, richardson.report)
    }

    func testClosureForm_RefusesTheComplexStep() {
        XCTAssertThrowsError(
            try checkGradients(parameters: [.scalar("a", 1)], analytic: [.scalar("a", 2)], settings: CheckSettings(scheme: .complexStep)) { p in
                let a = try p.scalar("a")
                return a * a
            }
        ) { error in
            XCTAssertEqual(error as? ModelCheckError, .complexStepNeedsGenericLoss)
        }
    }

    // MARK: - The report

    func testReport_HoldsTheTableCheckPrints() throws {
        let check = try checkGradients(of: TensorNet.example())
        let lines = check.lines()
        let table = CheckTable.lines(check.check)
        XCTAssertEqual(lines[0], "TensorNet: loss = \(Format.value(check.loss, digits: 17))")
        XCTAssertEqual(
            lines[1],
            "analytic: TensorNet.gradients(); numerical: central differences, h = 1e-05·max(1,|θ|) of TensorNet.loss,"
                + " entries that fail derived again by the complex step from h = 1e-20 down, 2²⁰ apart, until two steps agree; an entry passes when its relative error ≤ 1e-07")
        XCTAssertEqual(Array(lines[2..<(2 + table.count)]), table)
        XCTAssertEqual(lines.last, "4 passed, 0 failed")
        XCTAssertEqual(lines.count, table.count + 3)
        XCTAssertEqual(check.description, lines.map { $0 + "\n" }.joined())
        XCTAssertEqual(check.report, check.description)
        XCTAssertTrue(table[0].hasPrefix("  block  shape"), table[0])
    }

    func testReport_CountsFailingBlocks() throws {
        var buggy = TensorNet.example()
        buggy.dropsSecondTerm = true
        let lines = try checkGradients(of: buggy).lines()
        XCTAssertEqual(lines.last, "2 passed, 2 failed")
        XCTAssertTrue(lines.contains("  W: 6 of 6 entries exceed the tolerance"), lines.joined(separator: "\n"))
    }
}
