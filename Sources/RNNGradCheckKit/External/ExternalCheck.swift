import Foundation
import RNNGradCheck

/// Another program's loss and gradients on one fixture, checked: what `check-external` reports.
public enum ExternalCheck {
    /// Loss agreement required with the forward pass, for a float64 program.
    public static let lossTolerance = 1e-9

    /// Loss agreement required of a program computing in `precision`: 1e-9 for float64; for float32,
    /// 64·ε ≈ 7.6e-6, 40 times the largest error the float32 example programs show over 50 fixtures
    /// per notation (1.9e-7), with room for longer sequences (notes/check-model.md).
    public static func lossTolerance(_ precision: Precision) -> Double {
        precision == .float64 ? lossTolerance : 64 * precision.epsilon
    }

    public struct LossCheck: Sendable {
        public let reported: Double
        public let expected: Double
        public let tolerance: Double
        public var relativeError: Double { reported == expected ? 0 : abs(reported - expected) / max(abs(expected), 1e-300) }
        public var passed: Bool { relativeError <= tolerance }
    }

    /// A fixture's bytes as a program of `precision` reads them, and the problem at that point (the
    /// fixture itself when rounding changes nothing).
    public static func rounded(
        _ bytes: [UInt8], problemCase: ProblemCase, to precision: Precision
    ) throws(RNNGradCheckError) -> (problemCase: ProblemCase, bytes: [UInt8]) {
        let (document, changed) = rounded(try JSONReader(source: "the fixture").parse(bytes), to: precision)
        guard changed > 0 else { return (problemCase, bytes) }
        let roundedBytes = Array(JSONWriter.write(document).utf8)
        let decoded = try Fixture.decode(roundedBytes, source: "the fixture rounded to \(precision.rawValue)")
        return (ProblemCase(notation: decoded.notation, problem: decoded.problem, origin: problemCase.origin), roundedBytes)
    }

    /// A fixture as a program of `precision` reads it: every number rounded to the precision (token
    /// ids and other integers are unchanged), and the number of numbers that changed.
    public static func rounded(_ fixture: JSONValue, to precision: Precision) -> (fixture: JSONValue, changed: Int) {
        var changed = 0
        func round(_ value: JSONValue) -> JSONValue {
            switch value {
            case .number(let x, _):
                let y = precision.rounded(x)
                guard y != x, y.isFinite else { return value }
                changed += 1
                return .number(y)
            case .array(let elements): return .array(elements.map(round))
            case .object(let members): return .object(members.map { ($0.key, round($0.value)) })
            default: return value
            }
        }
        return (round(fixture), changed)
    }

    public struct FixtureResult: Sendable {
        public let index: Int
        public let problemCase: ProblemCase
        public let run: ExternalRun
        /// Why nothing could be checked (the program failed, or its output is not a gradients document).
        public let failure: String?
        public let loss: LossCheck?
        public let check: GradientCheck?
        /// The program's "per_step" contributions against the complex step's (nil without "per_step").
        public var attribution: StepAttribution? = nil
        /// What could not be attributed, and why (no "per_step", contributions that do not add up).
        public var attributionNote: String? = nil

        /// For a fixture whose loss or gradients are wrong: the grader's diagnosis (ProgramFeedback).
        public let feedback: ProgramFeedback?
        /// For a failing float64 check of an answer whose every number is a float32 value: the hint
        /// that the program computes in float32 and how to check it as such.
        public var precisionHint: String? = nil

        public init(
            index: Int, problemCase: ProblemCase, run: ExternalRun, failure: String?, loss: LossCheck?, check: GradientCheck?,
            feedback: ProgramFeedback? = nil
        ) {
            self.index = index
            self.problemCase = problemCase
            self.run = run
            self.failure = failure
            self.loss = loss
            self.check = check
            self.feedback = feedback
        }

        public var passed: Bool { failure == nil && (loss?.passed ?? false) && (check?.passed ?? false) }

        /// A program that could not be checked (it crashed, hung, printed no answer), as opposed to a
        /// wrong answer.
        public var couldNotCheck: Bool { failure != nil }

        /// Why the fixture failed, in one line: "the gradients of U, W differ from the numerical gradient".
        public var reasons: [String] {
            if let failure { return [failure] }
            var reasons: [String] = []
            if let loss, !loss.passed { reasons.append("the loss differs from the forward pass") }
            if let check, !check.passed {
                let failing = check.blocks.filter { $0.verdict != .pass }.map(\.symbol)
                reasons.append("the gradient\(failing.count == 1 ? "" : "s") of \(failing.joined(separator: ", ")) differ\(failing.count == 1 ? "s" : "") from the numerical gradient")
            }
            return reasons
        }

        /// The diagnosis of each failing item, one sentence group per item: "U: Your U gradient matches …".
        public var feedbackLines: [String] {
            guard let feedback, let check else { return [] }
            let failing = Set(check.blocks.filter { $0.verdict != .pass }.map(\.key)).union(loss?.passed == false ? ["loss"] : [])
            return feedback.wrong.filter { failing.contains($0.key) }.map { "\($0.symbol): \(feedback.feedback($0))" }
        }

        /// What is worth knowing but does not fail the fixture.
        public var warnings: [String] {
            (run.leftRunningChildren ? ["the program exited but left processes running; they were stopped"] : []) + (precisionHint.map { [$0] } ?? [])
        }
    }

    /// The first line of a program's output that is not part of a JSON document, when its output
    /// starts with one (debug output printed before the answer).
    static func leadingNonJSONLine(_ output: [UInt8]) -> String? {
        guard let first = output.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            output[first] != UInt8(ascii: "{")
        else { return nil }
        let end = output[first...].firstIndex(of: 0x0A) ?? output.endIndex
        return Echo.line(output[first..<end])
    }

    /// The program's run on one fixture, checked.
    public static func evaluate(_ run: ExternalRun, problemCase: ProblemCase, index: Int, timeout: Double, settings: CheckSettings) -> FixtureResult {
        func failed(_ reason: String) -> FixtureResult {
            FixtureResult(index: index, problemCase: problemCase, run: run, failure: reason, loss: nil, check: nil)
        }
        if run.timedOut {
            return failed("the program did not finish within \(String(format: "%g", timeout)) s and was stopped")
        }
        if run.outputLimitExceeded {
            return failed("the program wrote more than \(ExternalProgram.outputLimit >> 20) MB to standard output and was stopped")
        }
        switch run.ending {
        case .signalled(let signal)?:
            return failed("the program was killed by signal \(signal) (\(ExternalProgram.signalName(signal)))")
        case .exited(let status)? where status != 0:
            return failed("the program exited with status \(status)")
        case nil:
            return failed("the program could not be stopped")
        default:
            break
        }
        if run.outputStillOpen {
            return failed("the program's standard output stayed open after it exited (a process it started still holds it)")
        }
        return evaluateAnswer(run, problemCase: problemCase, index: index, settings: settings).result
    }

    /// The program's answer on one fixture (its whole standard output, or one line of a program kept
    /// running), checked; and what the answer advertises under "extensions".
    public static func evaluateAnswer(
        _ run: ExternalRun, problemCase: ProblemCase, index: Int, settings: CheckSettings
    ) -> (result: FixtureResult, extensions: [String]) {
        func failed(_ reason: String) -> (result: FixtureResult, extensions: [String]) {
            (FixtureResult(index: index, problemCase: problemCase, run: run, failure: reason, loss: nil, check: nil), [])
        }
        if run.output.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return failed("the program printed nothing on standard output (expected the gradients JSON)")
        }
        if let line = leadingNonJSONLine(run.output) {
            return failed("the program's standard output starts with a line that is not JSON: \"\(line)\" (debug output belongs on standard error)")
        }
        let document: GradientsDocument
        do {
            document = try GradientsDocument.decode(run.output, source: "standard output", for: problemCase)
        } catch {
            if error.message.contains("after the end of the document") {
                return failed("\(error.message) (debug output belongs on standard error)")
            }
            return failed(error.message)
        }
        let problem = problemCase.problem
        let loss = LossCheck(reported: document.loss, expected: problem.loss(), tolerance: lossTolerance(settings.precision))
        let check = problem.checkBlocks(document.gradients.map(\.values), settings: settings)
        var feedback: ProgramFeedback?
        if !loss.passed || !check.passed {
            feedback = ProgramFeedback(
                problemCase: problemCase, loss: document.loss, gradients: document.gradients.map(\.values), precision: settings.precision)
        }
        var result = FixtureResult(index: index, problemCase: problemCase, run: run, failure: nil, loss: loss, check: check, feedback: feedback)
        (result.attribution, result.attributionNote) = attribute(document, problemCase: problemCase, settings: settings)
        if feedback != nil, settings.precision == .float64 {
            result.precisionHint = float32Hint(loss: document.loss, gradients: document.gradients.map(\.values))
        }
        return (result, document.extensions)
    }

    /// A program that computes in float32 prints float32 values (converted to double exactly), and its
    /// rounding fails a float64 check. A float64 program's number is a float32 value only by chance
    /// (about one in 2^29), so a loss that is one, or gradients that all are, say how it was computed.
    static func float32Hint(loss: Double, gradients: [[Double]]) -> String? {
        func isFloat32(_ x: Double) -> Bool { x.isFinite && x != x.rounded() && Double(Float(x)) == x }
        let entries = gradients.joined().filter { $0 != $0.rounded() }
        let what: String
        if isFloat32(loss) {
            what = "the loss the program printed, \(loss), is a float32 value"
        } else if !entries.isEmpty, entries.allSatisfy(isFloat32) {
            what = "every gradient entry the program printed is a float32 value"
        } else {
            return nil
        }
        return what + ": if it computes in float32, check it with --precision float32, which allows for float32 rounding"
    }


    /// The attribution of a program's answer to time steps, from its optional "per_step" member.
    static func attribute(_ document: GradientsDocument, problemCase: ProblemCase, settings: CheckSettings) -> (StepAttribution?, String?) {
        let problem = problemCase.problem
        guard let perStep = document.perStep else {
            return (nil, "the answer has no \"per_step\": with the contribution of each output and lag (notes/dynamics.md) the report "
                + "says at which time step a wrong gradient goes wrong; 'rnn-gradcheck check --bug ID --attribute' shows it on the bug catalog")
        }
        // The contributions must add up to the gradient the program reports.
        var largest = 0.0
        for (block, gradient) in document.gradients.enumerated() {
            for entry in gradient.values.indices {
                let sum = perStep.reduce(0.0) { total, lags in lags.reduce(total) { $0 + $1[block][entry] } }
                let scale = max(abs(gradient.values[entry]), abs(sum), 1e-12)
                largest = max(largest, abs(sum - gradient.values[entry]) / scale)
            }
        }
        var note: String?
        if !(largest <= 1e-9) {
            note = "per_step does not add up to gradients: they differ by up to \(Format.error(largest)) relative"
        }
        guard let attribution = StepAttribution.attribute(problem, contributions: perStep, tolerance: settings.tolerance) else {
            return (nil, "attributing to time steps would need about \(Format.error(StepAttribution.estimatedWork(problem))) multiply-adds "
                + "(limit \(Format.error(StepAttribution.workLimit)))")
        }
        return (attribution, note)
    }

    public static let schema = "rnn-gradcheck/check-external/2"

    /// The report for programs (schema rnn-gradcheck/check-external/2, notes/json.md).
    public static func report(_ run: ExternalCheckRun, command: [String], settings: CheckSettings, timeout: Double) -> JSONValue {
        let results = run.results
        let fixtures: [JSONValue] = results.map { result in
            let problemCase = result.problemCase
            var program: [(key: String, value: JSONValue)] = []
            switch result.run.ending {
            case .exited(let status)?: program += [("exit_status", .integer(Int(status))), ("signal", .null)]
            case .signalled(let signal)?: program += [("exit_status", .null), ("signal", .string(ExternalProgram.signalName(signal)))]
            case nil: program += [("exit_status", .null), ("signal", .null)]
            }
            program += [
                ("persistent", .bool(result.run.persistent)),
                ("timed_out", .bool(result.run.timedOut)),
                ("left_running_children", .bool(result.run.leftRunningChildren)),
                ("seconds", .number(result.run.seconds)),
                ("stderr_tail", .array(result.run.errorLines(last: 5).map { .string($0) })),
            ]
            var members: [(key: String, value: JSONValue)] = [
                ("notation", .string(problemCase.notation.name)),
                ("origin", .string(problemCase.origin)),
                ("sizes", .object(problemCase.sizes.map { ($0.name, .integer($0.value)) })),
                ("truncate", problemCase.truncation.map(JSONValue.integer) ?? .null),
                ("program", .object(program)),
                ("error", result.failure.map { .string($0) } ?? .null),
                ("warnings", .array(result.warnings.map { .string($0) })),
            ]
            if let loss = result.loss {
                members.append(("loss", .object([
                    ("reported", .number(loss.reported)), ("expected", .number(loss.expected)),
                    ("relative_error", .number(loss.relativeError)), ("passed", .bool(loss.passed)),
                ])))
            } else {
                members.append(("loss", .null))
            }
            members.append(("blocks", result.check.map { CheckReport.json($0) } ?? .null))
            members.append(("attribution", result.attribution.map { $0.json(lossSymbol: problemCase.notation.lossSymbol) } ?? .null))
            members.append(("attribution_note", result.attributionNote.map { .string($0) } ?? .null))
            members.append(("feedback", result.feedback.map { $0.json() } ?? .null))
            members.append(("passed", .bool(result.passed)))
            return .object(members)
        }
        let passed = results.filter(\.passed).count
        return .object([
            ("schema", .string(schema)),
            ("command", .array(command.map { .string($0) })),
            ("settings", settingsJSON(settings)),
            ("loss_tolerance", .number(lossTolerance(settings.precision))),
            ("timeout", .number(timeout)),
            ("fixtures", .array(fixtures)),
            ("protocol", .object([
                ("starts", .integer(run.starts)),
                ("persistent_from_fixture", run.persistentFrom.map { .integer($0 + 1) } ?? .null),
                ("persistent_fixtures", .integer(run.persistentCount)),
                ("seconds", .number(run.seconds)),
                ("warnings", .array(run.warnings.map { .string($0) })),
            ])),
            ("passed", .bool(passed == results.count)),
            ("fixtures_passed", .integer(passed)),
            ("fixtures_total", .integer(results.count)),
        ])
    }

    /// `check`'s settings (the program's precision among them).
    static func settingsJSON(_ settings: CheckSettings) -> JSONValue { CheckReport.json(settings) }
}
