import RNNGradCheck
import RNNGradCheckKit

// The assertions need XCTest; the messages do not. Where XCTest is missing (a toolchain without it),
// the library still builds, with the messages alone.
#if canImport(XCTest)
    import XCTest
#endif

/// Where a failed assertion is reported: `XCTFail` by default. A test of the assertion itself passes
/// its own recorder to see the message instead of failing.
public typealias FailureRecorder = (_ message: String, _ file: StaticString, _ line: UInt) -> Void

#if canImport(XCTest)
    /// Asserts that a model's hand-derived gradient matches the numerical gradient of its loss.
    ///
    /// Runs `checkGradients(of:settings:)` (central differences by default, failing entries derived
    /// again by the complex step) and, when a block fails or the model cannot be checked, records one
    /// failure: the worst entry's label, its analytic and numerical values, the oracle, the relative error
    /// against the tolerance and the failing blocks, then the table `rnn-gradcheck check` prints.
    ///
    /// ```
    /// func testGradients() {
    ///     assertGradientsMatchNumerical(BiasedRNN.example())
    /// }
    /// ```
    ///
    /// - Returns: the check, or nil when the model could not be checked (the failure is recorded).
    ///
    /// Inlinable, like `checkGradients(of:settings:)`, so that the model's loss runs specialized.
    @inlinable @discardableResult
    public func assertGradientsMatchNumerical<Model: GradientCheckable>(
        _ model: Model, tolerance: Double = GradientCheckDefaults.tolerance, scheme: DifferenceScheme = .central,
        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line,
        record: FailureRecorder = { XCTFail($0, file: $1, line: $2) }
    ) -> ModelCheck? {
        GradientAssertion.evaluate(message(), file: file, line: line, record: record) {
            try checkGradients(of: model, settings: CheckSettings(scheme: scheme, tolerance: tolerance))
        }
    }

    /// Asserts that `analytic` matches the numerical gradient of a loss written for `Double` only (central
    /// differences, failing entries derived again by Richardson extrapolation; or `scheme: .richardson`).
    @discardableResult
    public func assertGradientsMatchNumerical(
        parameters: ModelParameters<Double>, analytic: ModelGradients,
        tolerance: Double = GradientCheckDefaults.tolerance, scheme: DifferenceScheme = .central,
        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line,
        record: FailureRecorder = { XCTFail($0, file: $1, line: $2) },
        loss: (ModelParameters<Double>) throws -> Double
    ) -> ModelCheck? {
        GradientAssertion.evaluate(message(), file: file, line: line, record: record) {
            try checkGradients(parameters: parameters, analytic: analytic, settings: CheckSettings(scheme: scheme, tolerance: tolerance), loss: loss)
        }
    }
#endif

/// The messages `assertGradientsMatchNumerical` records, as plain functions.
public enum GradientAssertion {
    /// Nil when the check passed; otherwise `assertGradientsMatchNumerical failed: ` and the check's
    /// failure summary (worst entry, values, oracle, relative error, failing blocks), the caller's
    /// message after ` - `, then the report, one line each.
    public static func failureMessage(for check: ModelCheck, message: String = "") -> String? {
        guard let summary = check.failureSummary else { return nil }
        return (["assertGradientsMatchNumerical failed: \(summary)\(suffix(message))"] + check.lines()).joined(separator: "\n")
    }

    /// The message for a model that could not be checked: its parameters or gradients are malformed,
    /// its loss is not finite, or its code threw.
    public static func failureMessage(for error: Error, message: String = "") -> String {
        "assertGradientsMatchNumerical could not check the gradients: \(error)\(suffix(message))"
    }

    /// Runs `check`, records a failure when it fails or throws, and returns it.
    @usableFromInline
    static func evaluate(
        _ message: String, file: StaticString, line: UInt, record: FailureRecorder, check: () throws -> ModelCheck
    ) -> ModelCheck? {
        do {
            let result = try check()
            if let failure = failureMessage(for: result, message: message) { record(failure, file, line) }
            return result
        } catch {
            record(failureMessage(for: error, message: message), file, line)
            return nil
        }
    }

    private static func suffix(_ message: String) -> String { message.isEmpty ? "" : " - \(message)" }
}
