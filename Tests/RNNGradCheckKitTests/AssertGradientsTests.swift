import RNNGradCheck
import RNNGradCheckKit
import RNNGradCheckTesting
import XCTest

/// `assertGradientsMatchNumerical`: silent on a correct model, one failure naming the worst entry on
/// a planted bug, one failure naming the problem when the model cannot be checked. The failures go to
/// a recorder here, so that this suite passes while proving the assertion fails.
final class AssertGradientsTests: XCTestCase {
    /// What the assertion recorded.
    private final class Recorded {
        var failures: [(message: String, file: String, line: UInt)] = []
        func record(_ message: String, _ file: StaticString, _ line: UInt) { failures.append((message, "\(file)", line)) }
    }

    func testAssert_PassesOnACorrectModel() {
        let recorded = Recorded()
        let check = assertGradientsMatchNumerical(TensorNet.example(), record: recorded.record)
        XCTAssertTrue(recorded.failures.isEmpty, recorded.failures.map(\.message).joined())
        XCTAssertEqual(check?.passed, true)
        // And with the real recorder, XCTFail: this test would fail if it recorded anything.
        assertGradientsMatchNumerical(TensorNet.example())
        assertGradientsMatchNumerical(TutorialRNN.example(), scheme: .complexStep)
    }

    func testAssert_FailsOnAPlantedBug_NamingTheWorstEntry() throws {
        var buggy = TensorNet.example()
        buggy.dropsSecondTerm = true
        let recorded = Recorded()
        let line: UInt = #line + 1
        let check = try XCTUnwrap(assertGradientsMatchNumerical(buggy, "second term of ∂u/∂z", record: recorded.record))
        XCTAssertEqual(recorded.failures.count, 1)
        let failure = try XCTUnwrap(recorded.failures.first)
        XCTAssertEqual(failure.line, line)
        XCTAssertEqual(failure.file, #filePath)

        let worst = try XCTUnwrap(check.worst)
        let firstLine = failure.message.components(separatedBy: "\n")[0]
        XCTAssertEqual(
            firstLine,
            "assertGradientsMatchNumerical failed: \(worst.label): analytic \(Format.value(worst.analytic)),"
                + " numerical \(Format.value(worst.numerical)) (the complex step), relative error \(Format.error(worst.relativeError))"
                + " > tolerance 1e-07; failing blocks: W, b - second term of ∂u/∂z")
        // Then the report with the table.
        XCTAssertEqual(failure.message, ([firstLine] + check.lines()).joined(separator: "\n"))
        XCTAssertEqual(GradientAssertion.failureMessage(for: check, message: "second term of ∂u/∂z"), failure.message)
    }

    func testAssert_ToleranceAndSchemeReachTheCheck() throws {
        let recorded = Recorded()
        let check = try XCTUnwrap(assertGradientsMatchNumerical(TensorNet.example(), tolerance: 1e-3, scheme: .richardson, record: recorded.record))
        XCTAssertEqual(check.settings, CheckSettings(scheme: .richardson, tolerance: 1e-3))
        XCTAssertTrue(recorded.failures.isEmpty)
        // The tolerance decides: a planted bug passes a tolerance above its largest relative error.
        var buggy = TensorNet.example()
        buggy.dropsSecondTerm = true
        let largest = try XCTUnwrap(assertGradientsMatchNumerical(buggy, record: recorded.record)?.worst?.relativeError)
        XCTAssertEqual(recorded.failures.count, 1)
        XCTAssertEqual(assertGradientsMatchNumerical(buggy, tolerance: largest * 1.01, record: recorded.record)?.passed, true)
        XCTAssertEqual(recorded.failures.count, 1)
    }

    func testAssert_RecordsWhyAModelCannotBeChecked() {
        struct Misnamed: GradientCheckable {
            var parameters: ModelParameters<Double> { [.vector("w", [1, 2])] }
            func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar { try parameters.vector("w").dot(Vector([1, 1])) }
            func gradients() -> ModelGradients { [.vector("weights", [1, 1])] }
        }
        let recorded = Recorded()
        XCTAssertNil(assertGradientsMatchNumerical(Misnamed(), record: recorded.record))
        XCTAssertEqual(
            recorded.failures.map(\.message),
            ["assertGradientsMatchNumerical could not check the gradients: the gradients have no block for w (their blocks are weights): give one block per parameter, by the parameter's name"])
    }

    func testAssert_ClosureForm() {
        let model = Linear(w: [0.5, -1], x: [2, 3], y: 1)
        let recorded = Recorded()
        assertGradientsMatchNumerical(parameters: model.parameters, analytic: model.gradients(), record: recorded.record) { try model.loss($0) }
        XCTAssertTrue(recorded.failures.isEmpty)
        assertGradientsMatchNumerical(parameters: model.parameters, analytic: [.vector("w", [1, 1])], record: recorded.record) { try model.loss($0) }
        XCTAssertEqual(recorded.failures.count, 1)
        XCTAssertTrue(recorded.failures[0].message.hasPrefix("assertGradientsMatchNumerical failed: w["), recorded.failures[0].message)
        assertGradientsMatchNumerical(parameters: model.parameters, analytic: model.gradients()) { try model.loss($0) }
    }

    func testFailureMessage_IsNilForAPassingCheck() throws {
        XCTAssertNil(GradientAssertion.failureMessage(for: try checkGradients(of: TensorNet.example())))
        XCTAssertEqual(
            GradientAssertion.failureMessage(for: ModelCheckError.noParameters, message: "empty model"),
            "assertGradientsMatchNumerical could not check the gradients: the model has no parameters: list at least one block (name, shape, values) - empty model")
    }
}
