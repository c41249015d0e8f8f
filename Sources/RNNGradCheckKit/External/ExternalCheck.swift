import Foundation
import RNNGradCheck

/// Another program's loss and gradients on one fixture, checked: what `check-external` reports.
public enum ExternalCheck {
    /// Loss agreement required with the forward pass.
    public static let lossTolerance = 1e-9

    public struct LossCheck {
        public let reported: Double
        public let expected: Double
        public var relativeError: Double { reported == expected ? 0 : abs(reported - expected) / max(abs(expected), 1e-300) }
        public var passed: Bool { relativeError <= ExternalCheck.lossTolerance }
    }

    public struct FixtureResult {
        public let index: Int
        public let problemCase: ProblemCase
        public let run: ExternalRun
        /// Why nothing could be checked (the program failed, or its output is not a gradients document).
        public let failure: String?
        public let loss: LossCheck?
        public let check: GradientCheck?

        public var passed: Bool { failure == nil && (loss?.passed ?? false) && (check?.passed ?? false) }

        /// What is worth knowing but does not fail the fixture.
        public var warnings: [String] {
            run.leftRunningChildren ? ["the program exited but left processes running; they were stopped"] : []
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
        let loss = LossCheck(reported: document.loss, expected: problem.loss())
        let check = problem.checkBlocks(document.gradients.map(\.values), settings: settings)
        return FixtureResult(index: index, problemCase: problemCase, run: run, failure: nil, loss: loss, check: check)
    }

    public static let schema = "rnn-gradcheck/check-external/2"

    /// The report for programs (schema rnn-gradcheck/check-external/2, notes/json.md).
    public static func report(_ results: [FixtureResult], command: [String], settings: CheckSettings, timeout: Double) -> JSONValue {
        let fixtures: [JSONValue] = results.map { result in
            let problemCase = result.problemCase
            var program: [(key: String, value: JSONValue)] = []
            switch result.run.ending {
            case .exited(let status)?: program += [("exit_status", .integer(Int(status))), ("signal", .null)]
            case .signalled(let signal)?: program += [("exit_status", .null), ("signal", .string(ExternalProgram.signalName(signal)))]
            case nil: program += [("exit_status", .null), ("signal", .null)]
            }
            program += [
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
            members.append(("passed", .bool(result.passed)))
            return .object(members)
        }
        let passed = results.filter(\.passed).count
        return .object([
            ("schema", .string(schema)),
            ("command", .array(command.map { .string($0) })),
            ("settings", CheckReport.json(settings)),
            ("loss_tolerance", .number(lossTolerance)),
            ("timeout", .number(timeout)),
            ("fixtures", .array(fixtures)),
            ("passed", .bool(passed == results.count)),
            ("fixtures_passed", .integer(passed)),
            ("fixtures_total", .integer(results.count)),
        ])
    }
}
